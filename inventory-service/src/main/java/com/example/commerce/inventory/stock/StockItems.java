package com.example.commerce.inventory.stock;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** The stock items, by SKU. */
interface StockItems extends JpaRepository<StockItem, String> {

    /**
     * Creates an empty stock item for {@code sku} unless one exists, in one statement, so a SKU listed twice
     * (or by two consumers at once) keeps the stock it has.
     *
     * @return 1 if the item was created, 0 if it existed
     */
    @Modifying
    @Query(nativeQuery = true, value = """
            INSERT INTO stock_item (sku, on_hand, reserved, shipped, updated_at, version)
            VALUES (:sku, 0, 0, 0, now(), 0) ON CONFLICT (sku) DO NOTHING""")
    int createEmptyUnlessPresent(String sku);

    /** The stock item of {@code sku}, locked until the transaction ends, so changes of one SKU queue up. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("SELECT item FROM StockItem item WHERE item.sku = :sku")
    Optional<StockItem> findForUpdate(String sku);
}
