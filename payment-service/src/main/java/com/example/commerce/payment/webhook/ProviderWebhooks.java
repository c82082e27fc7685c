package com.example.commerce.payment.webhook;

import com.example.commerce.payment.payment.PaymentLedger;
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
    private final PaymentLedger ledger;
    private final Clock clock = Clock.systemUTC();

    ProviderWebhooks(JdbcClient jdbc, PaymentLedger ledger) {
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    /** @return false for a callback seen before */
    @Transactional
    public boolean receive(String eventId, String type, String idempotencyKey, ProviderPayment payment) {
        int fresh = jdbc.sql("INSERT INTO provider_webhook (event_id, type, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .params(eventId, type, Timestamp.from(clock.instant())).update();
        if (fresh == 0) {
            return false;
        }
        if (idempotencyKey != null && payment != null) {
            ledger.providerReported(idempotencyKey, payment);
        }
        return true;
    }
}
