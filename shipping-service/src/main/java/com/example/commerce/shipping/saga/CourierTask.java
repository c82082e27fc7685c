package com.example.commerce.shipping.saga;

import com.example.commerce.shipping.courier.ParcelBooking;
import com.example.commerce.shipping.shipment.Shipment;
import java.util.UUID;

/**
 * Courier work claimed for one shipment: what to ask the courier, outside any transaction.
 *
 * @param token     the fencing token of the claim: its answers are recorded only while it is still the row's
 * @param bookingId the courier's booking id, when it is known
 */
record CourierTask(UUID shipmentId, long token, Shipment.Work work, String bookingKey, String bookingId,
                   ParcelBooking booking) {
}
