package com.example.commerce.shipping.courier;

import com.example.commerce.events.shared.Address;
import java.util.List;
import java.util.UUID;

/** What a booking asks the courier to carry, and where. */
public record ParcelBooking(UUID shipmentId, UUID orderId, Address address, List<Item> items) {

    public ParcelBooking {
        items = List.copyOf(items);
    }

    /** One item of the parcel. */
    public record Item(String sku, int quantity) {
    }
}
