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
 *
 * <p><b>The lease is fenced.</b> Each claim, and each takeover after a lease ran out, takes a new fence (from
 * one sequence, so a key's new row never reuses a fence a stale holder still carries) and hands it back in
 * {@link Claimed}. Completion and release name that fence: a request that stalled past its lease while another
 * took its key over completes nothing ({@link IdempotencyKeyTakenOverException}, its order's transaction rolls
 * back) and releases nothing (the new holder's row stays, and a repeat waits for that holder's answer).
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

    /** The key is ours: complete or release it with this token, which names the claim's fence. */
    public record Claimed(String caller, String key, long fence) implements Claim {
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
            List<Long> inserted = jdbc.queryForList("""
                    INSERT INTO order_idempotency (caller, idempotency_key, request_hash, status, created_at, expires_at)
                    VALUES (?, ?, ?, 'IN_PROGRESS', ?, ?) ON CONFLICT DO NOTHING RETURNING fence""", Long.class,
                    caller, key, requestHash, Timestamp.from(now), Timestamp.from(now.plus(properties.lease())));
            if (!inserted.isEmpty()) {
                return new Claimed(caller, key, inserted.getFirst());
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
                // A completed key past its 24 h, or a first request whose instance died or stalled: the key is
                // ours under a new fence, so whatever the stalled holder still does changes nothing. Of two
                // repeats taking it over at once, the second finds the row no longer expired and waits.
                List<Long> taken = jdbc.queryForList("""
                        UPDATE order_idempotency
                        SET request_hash = ?, status = 'IN_PROGRESS', order_id = NULL, response_status = NULL,
                            location = NULL, response_body = NULL, created_at = ?, expires_at = ?,
                            fence = nextval('order_idempotency_fence_seq')
                        WHERE caller = ? AND idempotency_key = ? AND expires_at < ?
                        RETURNING fence""", Long.class, requestHash, Timestamp.from(now),
                        Timestamp.from(now.plus(properties.lease())), caller, key, Timestamp.from(now));
                if (!taken.isEmpty()) {
                    return new Claimed(caller, key, taken.getFirst());
                }
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

    /**
     * Records the response of the request that holds the key, in the transaction that made it.
     *
     * @throws IdempotencyKeyTakenOverException when another request took the key over meanwhile: the caller's
     *                                          transaction must roll back (it does, as the exception leaves it)
     */
    public void complete(Claimed held, UUID orderId, Response response) {
        Instant now = clock.instant();
        int updated = jdbc.update("""
                UPDATE order_idempotency SET status = 'COMPLETED', order_id = ?, response_status = ?, location = ?,
                       response_body = ?, expires_at = ?
                WHERE caller = ? AND idempotency_key = ? AND fence = ? AND status = 'IN_PROGRESS'""",
                orderId, response.status(), response.location(), response.body(),
                Timestamp.from(now.plus(properties.retention())), held.caller(), held.key(), held.fence());
        if (updated != 1) {
            throw new IdempotencyKeyTakenOverException(held.key());
        }
    }

    /**
     * Frees the key of a request that failed, so that it may be tried again; a key another request took over
     * meanwhile stays with that request.
     *
     * @return whether the key was still held (and is free now)
     */
    public boolean release(Claimed held) {
        return jdbc.update("""
                DELETE FROM order_idempotency
                WHERE caller = ? AND idempotency_key = ? AND fence = ? AND status = 'IN_PROGRESS'""",
                held.caller(), held.key(), held.fence()) == 1;
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
