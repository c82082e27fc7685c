package com.example.commerce.cart.cart;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** The carts; a customer has at most one OPEN cart. */
interface Carts extends JpaRepository<Cart, UUID> {

    @Query("SELECT cart FROM Cart cart WHERE cart.customerId = :customerId AND cart.status = 'OPEN'")
    Optional<Cart> findOpen(UUID customerId);

    /** The open cart of {@code customerId}, locked until the transaction ends, so its changes queue up. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("SELECT cart FROM Cart cart WHERE cart.customerId = :customerId AND cart.status = 'OPEN'")
    Optional<Cart> findOpenForUpdate(UUID customerId);

    /** The cart {@code id}, whatever its status, locked until the transaction ends. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("SELECT cart FROM Cart cart WHERE cart.id = :id")
    Optional<Cart> findByIdForUpdate(UUID id);

    /** Opens an empty cart for {@code customerId} unless one is open (two first requests at once make one). */
    @Modifying
    @Query(nativeQuery = true, value = """
            INSERT INTO cart (id, customer_id, status, currency, created_at, updated_at, version)
            VALUES (:id, :customerId, 'OPEN', NULL, :now, :now, 0)
            ON CONFLICT (customer_id) WHERE status = 'OPEN' DO NOTHING""")
    int openUnlessOpen(UUID id, UUID customerId, Instant now);

    /** Open carts idle since before {@code idleSince}, locked, skipping those another instance is expiring. */
    @Query(nativeQuery = true, value = """
            SELECT id FROM cart WHERE status = 'OPEN' AND updated_at < :idleSince
            ORDER BY updated_at LIMIT :limit FOR UPDATE SKIP LOCKED""")
    List<UUID> lockIdle(Instant idleSince, int limit);
}
