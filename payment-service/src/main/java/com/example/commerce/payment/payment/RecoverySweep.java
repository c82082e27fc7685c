package com.example.commerce.payment.payment;

import com.example.commerce.starter.BackgroundLoop;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every {@code commerce.payment.recovery.interval}: the open operations whose time has come (recorded and
 * never answered, answered ambiguously, or held back by an open breaker) are asked again with their own
 * idempotency key, so a crash or an outage delays a payment but never charges it twice.
 */
@Component
class RecoverySweep extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(RecoverySweep.class);

    private final PaymentLedger ledger;
    private final ProviderCalls calls;
    private final PaymentProperties properties;

    RecoverySweep(PaymentLedger ledger, ProviderCalls calls, PaymentProperties properties) {
        super("payment-recovery-sweep");
        this.ledger = ledger;
        this.calls = calls;
        this.properties = properties;
    }

    @Override
    protected void runUntilStopped() {
        try {
            while (pause(properties.interval())) {
                try {
                    List<UUID> due = ledger.dueOperations();
                    if (!due.isEmpty()) {
                        log.info("Recovery sweep: {} open operation(s) due", due.size());
                    }
                    due.forEach(calls::submit);
                } catch (RuntimeException e) {
                    log.warn("Recovery sweep failed; trying again: {}", e.toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
