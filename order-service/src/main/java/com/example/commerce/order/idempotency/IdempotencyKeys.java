package com.example.commerce.order.idempotency;

import com.example.commerce.order.OrderProperties;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Idempotency-Key records (table {@code order_idempotency}), one per (caller, key).
 *
 * <p>A first request claims its key by inserting an IN_PROGRESS row in a short transaction of its own,
 * before anything else happens, and completes it with its response in the transaction that stores the
 * order. A repeat with the same body waits (polling, bounded) for the first to finish and then answers its
 * response; with another body it is refused. A first request that fails releases the key; one whose
 * instance died holds it only for the lease, after which a repeat takes it over.
 */
@Component
public class IdempotencyKeys {

    private static final Duration POLL = Duration.ofMillis(50);

    /** A stored response: what the first request answered. */
    public record Response(int status, String location, String body) {
    }

    /** The outcome of a claim: either the key is ours now, or the first request's response is to be given again. */
    public sealed interface Claim {
    }

    public record Claimed() implements Claim {
    }

    public record Replay(Response response) implements Claim {
    }

    private record Row(String hash, String status, Integer responseStatus, String location, String body,
                       Instant expiresAt) {
    }

    private final JdbcTemplate jdbc;
    private final OrderProperties.Idempotency properties;
    private final Clock clock;

    IdempotencyKeys(JdbcTemplate jdbc, OrderProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties.idempotency();
        this.clock = clock;
    }

    /**
     * Claims {@code key} for {@code caller}, or finds the response of the request that claimed it first.
     * Runs outside any transaction (each statement commits on its own).
     *
     * @throws IdempotencyKeyReusedException when the key was used with another body
     * @throws IdempotencyKeyBusyException   when the first request is still running after the wait
     */
    public Claim claim(String caller, String key, String requestHash) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("an Idempotency-Key is claimed in a transaction of its own");
        }
        Instant giveUpAt = clock.instant().plus(properties.duplicateWait());
        while (true) {
            Instant now = clock.instant();
            int inserted = jdbc.update("""
                    INSERT INTO order_idempotency (caller, idempotency_key, request_hash, status, created_at, expires_at)
                    VALUES (?, ?, ?, 'IN_PROGRESS', ?, ?) ON CONFLICT DO NOTHING""",
                    caller, key, requestHash, Timestamp.from(now), Timestamp.from(now.plus(properties.lease())));
            if (inserted == 1) {
                return new Claimed();
            }
            List<Row> rows = jdbc.query("""
                    SELECT request_hash, status, response_status, location, response_body, expires_at
                    FROM order_idempotency WHERE caller = ? AND idempotency_key = ?""",
                    (rs, i) -> new Row(rs.getString(1), rs.getString(2), (Integer) rs.getObject(3), rs.getString(4),
                            rs.getString(5), rs.getTimestamp(6).toInstant()), caller, key);
            if (rows.isEmpty()) {
                continue; // released meanwhile: try to claim it again
            }
            Row row = rows.getFirst();
            if (row.expiresAt().isBefore(now)) {
                // A completed key past its 24 h, or a first request whose instance died: the key is free again.
                jdbc.update("DELETE FROM order_idempotency WHERE caller = ? AND idempotency_key = ? AND expires_at < ?",
                        caller, key, Timestamp.from(now));
                continue;
            }
            if (!row.hash().equals(requestHash)) {
                throw new IdempotencyKeyReusedException(key);
            }
            if ("COMPLETED".equals(row.status())) {
                return new Replay(new Response(row.responseStatus(), row.location(), row.body()));
            }
            if (now.isAfter(giveUpAt)) {
                throw new IdempotencyKeyBusyException(key);
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IdempotencyKeyBusyException(key);
            }
        }
    }

    /** Records the response of the request that holds the key, in the transaction that made it. */
    public void complete(String caller, String key, UUID orderId, Response response) {
        Instant now = clock.instant();
        int updated = jdbc.update("""
                UPDATE order_idempotency SET status = 'COMPLETED', order_id = ?, response_status = ?, location = ?,
                       response_body = ?, expires_at = ?
                WHERE caller = ? AND idempotency_key = ? AND status = 'IN_PROGRESS'""",
                orderId, response.status(), response.location(), response.body(),
                Timestamp.from(now.plus(properties.retention())), caller, key);
        if (updated != 1) {
            throw new IllegalStateException("Idempotency-Key " + key + " of " + caller + " is no longer held");
        }
    }

    /** Frees the key of a request that failed, so that it may be tried again. */
    public void release(String caller, String key) {
        jdbc.update("DELETE FROM order_idempotency WHERE caller = ? AND idempotency_key = ? AND status = 'IN_PROGRESS'",
                caller, key);
    }

    /** Deletes the keys past their retention (and leases that ran out) now; returns how many. */
    public int deleteExpired() {
        return deleteExpiredBefore(clock.instant());
    }

    /** Deletes the keys whose retention (or lease) ended before {@code now}; returns how many. */
    int deleteExpiredBefore(Instant now) {
        return jdbc.update("DELETE FROM order_idempotency WHERE expires_at < ?", Timestamp.from(now));
    }
}
