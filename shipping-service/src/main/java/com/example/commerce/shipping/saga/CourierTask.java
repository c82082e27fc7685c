package com.example.commerce.shipping.saga;

import com.example.commerce.shipping.courier.ParcelBooking;
import com.example.commerce.shipping.shipment.Shipment;
import java.util.UUID;

/**
 * A step of courier work a worker has taken up for one shipment: what to ask the courier, outside any transaction.
 *
 * @param bookingKey the idempotency key of the booking question (the same for every step of the shipment)
 * @param bookingId  the courier's booking id, when it is known
 * @param booking    what a booking asks the courier to carry, and where
 */
record CourierTask(UUID shipmentId, Shipment.Work work, String bookingKey, String bookingId, ParcelBooking booking) {
}
