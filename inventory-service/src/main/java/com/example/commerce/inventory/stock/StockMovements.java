package com.example.commerce.inventory.stock;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** The stock movements, appended to and read, never changed. */
interface StockMovements extends JpaRepository<StockMovement, UUID> {

    List<StockMovement> findBySkuOrderByOccurredAtAscIdAsc(String sku);
}
