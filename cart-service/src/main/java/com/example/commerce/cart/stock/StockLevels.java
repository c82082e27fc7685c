package com.example.commerce.cart.stock;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** The stock levels this service knows, by SKU. */
interface StockLevels extends JpaRepository<StockLevel, String> {

    /**
     * Takes a level unless a newer one is shown, in one statement (so two deliveries racing cannot both
     * win): newer means a higher stock-row version, or, where either side has none, a later or equal time.
     *
     * @return 1 if the level was taken, 0 if a newer one is shown
     */
    @Modifying
    @Query(nativeQuery = true, value = """
            INSERT INTO stock_level (sku, available, availability, version, changed_at, updated_at)
            VALUES (:sku, :available, :availability, :version, :changedAt, now())
            ON CONFLICT (sku) DO UPDATE SET available = EXCLUDED.available, availability = EXCLUDED.availability,
                version = EXCLUDED.version, changed_at = EXCLUDED.changed_at, updated_at = now()
            WHERE (EXCLUDED.version IS NOT NULL AND stock_level.version IS NOT NULL
                       AND EXCLUDED.version > stock_level.version)
               OR ((EXCLUDED.version IS NULL OR stock_level.version IS NULL)
                       AND EXCLUDED.changed_at >= stock_level.changed_at)""")
    int takeUnlessNewerShown(String sku, int available, String availability, Long version, Instant changedAt);

    List<StockLevel> findBySkuIn(Collection<String> skus);
}
