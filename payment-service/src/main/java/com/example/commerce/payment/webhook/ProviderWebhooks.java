package com.example.commerce.payment.webhook;

import com.example.commerce.payment.payment.OperationAnswers;
import com.example.commerce.payment.provider.ProviderPayment;
import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a verified provider callback once: its id is recorded in the same transaction as its effect, so a
 * repeated callback changes nothing. A callback only settles an operation we asked for and is still open
 * (an authorisation whose answer was lost, say); it never starts one and never moves money by itself.
 */
@Service
class ProviderWebhooks {

    private final JdbcClient jdbc;
    private final OperationAnswers answers;
    private final Clock clock;

    ProviderWebhooks(JdbcClient jdbc, OperationAnswers answers, Clock clock) {
        this.jdbc = jdbc;
        this.answers = answers;
        this.clock = clock;
    }

    /**
     * What became of a callback.
     *
     * @param duplicate seen before: nothing done
     * @param ignored   why it was refused (e.g. {@code amount-mismatch}), null when applied
     */
    record Receipt(boolean duplicate, String ignored) {
    }

    /**
     * Records the callback's id with what became of it ({@code provider_webhook.outcome}: APPLIED, or the reason it
     * was refused with a detail, the audit row of a refusal) in the transaction of its effect.
     */
    @Transactional
    public Receipt receive(String eventId, String type, String idempotencyKey, ProviderPayment payment) {
        int fresh = jdbc.sql("""
                        INSERT INTO provider_webhook (event_id, type, received_at, idempotency_key)
                        VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(eventId, type, Timestamp.from(clock.instant()),
                        idempotencyKey == null || idempotencyKey.length() > 100 ? null : idempotencyKey)
                .update();
        if (fresh == 0) {
            return new Receipt(true, null);
        }
        if (idempotencyKey == null || payment == null) {
            return new Receipt(false, null);
        }
        OperationAnswers.Reported reported = answers.providerReported(idempotencyKey, payment);
        if (reported == OperationAnswers.Reported.APPLIED) {
            return new Receipt(false, null);
        }
        jdbc.sql("UPDATE provider_webhook SET outcome = ?, detail = ? WHERE event_id = ?")
                .params(reported.name(), ("reported " + payment.amountMinor() + " " + payment.currency() + " for "
                        + idempotencyKey), eventId)
                .update();
        return new Receipt(false, reported.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }
}
