package com.example.commerce.shipping.shipment;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** The append-only tracking history. */
public interface TrackingEvents extends JpaRepository<TrackingEvent, UUID> {
}
