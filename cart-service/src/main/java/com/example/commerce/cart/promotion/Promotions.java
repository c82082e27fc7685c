package com.example.commerce.cart.promotion;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** The promotions, by id and by code. */
interface Promotions extends JpaRepository<Promotion, UUID> {

    Optional<Promotion> findByCode(String code);

    /**
     * Counts one more cart holding the promotion, unless its limit is reached, in one statement (so two
     * carts racing for the last redemption cannot both have it).
     *
     * @return 1 if claimed, 0 if the limit is reached
     */
    @Modifying(flushAutomatically = true)
    @Query(nativeQuery = true, value = """
            UPDATE promotion SET redemptions = redemptions + 1
            WHERE id = :id AND (redemption_limit IS NULL OR redemptions < redemption_limit)""")
    int claim(UUID id);

    /** Counts one cart fewer holding the promotion of {@code code} (it was removed, or its cart expired). */
    @Modifying(flushAutomatically = true)
    @Query(nativeQuery = true, value = """
            UPDATE promotion SET redemptions = redemptions - 1 WHERE code = :code AND redemptions > 0""")
    int giveBack(String code);
}
