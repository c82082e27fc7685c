package com.example.commerce.payment.payment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * What operators alert on. Counters: every provider answer recorded, settlement failures by operation and
 * code, operations given up at their bound, webhooks refused. Gauges (read from the tables at each scrape, so
 * they hold across restarts and instances): payments awaiting settlement by operation, open operations by status.
 */
@Component
class PaymentMetrics {

    private final MeterRegistry meters;

    PaymentMetrics(MeterRegistry meters, Payments payments) {
        this.meters = meters;
        for (PaymentStatus status : new PaymentStatus[] {PaymentStatus.CAPTURE_FAILED, PaymentStatus.REFUND_FAILED}) {
            Gauge.builder("commerce.payment.settlements.awaiting", payments, p -> p.countPayments(status))
                    .description("Payments whose capture or refund failed for good and wait for an operator")
                    .tag("operation", status == PaymentStatus.CAPTURE_FAILED ? "CAPTURE" : "REFUND")
                    .register(meters);
        }
        for (OperationStatus status : new OperationStatus[] {OperationStatus.PENDING, OperationStatus.UNKNOWN}) {
            Gauge.builder("commerce.payment.operations.open", payments, p -> p.countOperations(status))
                    .description("Provider operations not yet resolved, by status").tag("status", status.name())
                    .register(meters);
        }
    }

    /** Every answer recorded, by operation kind and the status it left: SUCCEEDED, FAILED, or still UNKNOWN/PENDING. */
    void recorded(Operation operation) {
        Counter.builder("commerce.payment.operations").description("Provider answers recorded, by kind and outcome")
                .tag("kind", operation.kind.name()).tag("outcome", operation.status.name()).register(meters).increment();
    }

    void settlementFailed(OperationKind kind, String code) {
        Counter.builder("commerce.payment.settlement.failures")
                .description("Captures and refunds that failed for good, by operation and the provider's (or our) code")
                .tag("operation", kind.name()).tag("code", code).register(meters).increment();
    }

    void givenUp(OperationKind kind) {
        Counter.builder("commerce.payment.operations.given.up")
                .description("Operations still unresolved at their bound (attempts or age), given up")
                .tag("kind", kind.name()).register(meters).increment();
    }

    void webhookRefused(String reason) {
        Counter.builder("commerce.payment.webhooks.refused")
                .description("Signed provider callbacks refused, by reason (e.g. AMOUNT_MISMATCH)")
                .tag("reason", reason).register(meters).increment();
    }
}
