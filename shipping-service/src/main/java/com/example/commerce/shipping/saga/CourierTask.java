package com.example.commerce.shipping.saga;

import com.example.commerce.shipping.courier.ParcelBooking;
import com.example.commerce.shipping.shipment.Shipment;
import java.util.UUID;

/**
 * Courier work claimed for one shipment: what to ask the courier, outside any transaction.
 *
 * @param bookingId the courier's booking id, when it is known
 */
record CourierTask(UUID shipmentId, Shipment.Work work, String bookingKey, String bookingId, ParcelBooking booking) {
}
