package com.example.commerce.shipping.shipment;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** Tombstones of orders cancelled before their shipment existed. */
public interface CancelledOrders extends JpaRepository<CancelledOrder, UUID> {
}
