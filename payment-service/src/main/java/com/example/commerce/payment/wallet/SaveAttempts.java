package com.example.commerce.payment.wallet;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Saves that asked (or are asking) the provider, per customer: what the wallet's limits count. No card data. */
@Repository
class SaveAttempts {

    private final JdbcClient jdbc;

    SaveAttempts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Serialises the wallet's limits of one customer until the transaction ends (two instances alike). */
    void lock(UUID customerId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)")
                .param(customerId.getMostSignificantBits() ^ customerId.getLeastSignificantBits()).query().singleValue();
    }

    long start(UUID customerId, Instant now) {
        return jdbc.sql("INSERT INTO payment_method_attempt (customer_id, attempted_at) VALUES (?, ?) RETURNING id")
                .params(customerId, Timestamp.from(now)).query(Long.class).single();
    }

    void finish(long attemptId, String outcome) {
        jdbc.sql("UPDATE payment_method_attempt SET outcome = ? WHERE id = ?").params(outcome, attemptId).update();
    }

    void forget(long attemptId) {
        jdbc.sql("DELETE FROM payment_method_attempt WHERE id = ?").param(attemptId).update();
    }

    /**
     * When the customer's attempts since {@code since} were made, newest first ({@code outcome} null: all of
     * them), at most {@code limit}.
     */
    List<Instant> since(UUID customerId, Instant since, String outcome, int limit) {
        return jdbc.sql("SELECT attempted_at FROM payment_method_attempt WHERE customer_id = ? AND attempted_at > ?"
                        + " AND (CAST(? AS varchar) IS NULL OR outcome = ?) ORDER BY attempted_at DESC LIMIT ?")
                .params(customerId, Timestamp.from(since), outcome, outcome, limit)
                .query((rs, row) -> rs.getTimestamp(1).toInstant()).list();
    }

    /** Drops the customer's attempts older than anything a limit still counts. */
    void prune(UUID customerId, Instant before) {
        jdbc.sql("DELETE FROM payment_method_attempt WHERE customer_id = ? AND attempted_at <= ?")
                .params(customerId, Timestamp.from(before)).update();
    }
}
