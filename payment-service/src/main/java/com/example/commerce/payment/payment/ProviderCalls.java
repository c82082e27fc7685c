package com.example.commerce.payment.payment;

import com.example.commerce.payment.provider.PaymentProvider;
import com.example.commerce.payment.provider.ProviderProperties;
import com.example.commerce.payment.provider.ProviderResult;
import com.example.commerce.payment.wallet.Wallet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Asks the provider for each recorded operation, outside any database transaction: after the transaction
 * that recorded it has committed, on a virtual thread, at most {@code parallelCalls} at once. Each call:
 * claim the operation (a short transaction), call the provider through the adapter, record the answer in a
 * second transaction. Whatever is left open (a crash, an unresolved answer, an open breaker) the
 * {@link RecoverySweep} hands back here later.
 */
@Component
public class ProviderCalls implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProviderCalls.class);

    private final PaymentLedger ledger;
    private final PaymentProvider provider;
    private final Wallet wallet;
    private final ProviderProperties providerProperties;
    private final Semaphore slots;
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

    ProviderCalls(PaymentLedger ledger, PaymentProvider provider, Wallet wallet, ProviderProperties providerProperties,
                  PaymentProperties properties) {
        this.ledger = ledger;
        this.provider = provider;
        this.wallet = wallet;
        this.providerProperties = providerProperties;
        this.slots = new Semaphore(properties.parallelCalls());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void recorded(OperationRecorded recorded) {
        submit(recorded.operationId());
    }

    void submit(UUID operationId) {
        try {
            callers.submit(() -> run(operationId));
        } catch (RejectedExecutionException shuttingDown) {
            log.info("Operation {} left for the recovery sweep: shutting down", operationId);
        }
    }

    /** Claims, calls and records one operation; returns without doing anything when it is not to be called now. */
    public void run(UUID operationId) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            ledger.claim(operationId).ifPresent(call -> ledger.record(call, call(call)));
        } catch (RuntimeException e) {
            log.warn("Operation {} left for the recovery sweep: {}", operationId, e.toString());
        } finally {
            slots.release();
        }
    }

    private ProviderResult call(OperationCall call) {
        if (call.lookupOnly()) {
            return provider.lookup(call.idempotencyKey());
        }
        return switch (call.kind()) {
            case AUTHORIZATION -> wallet.providerToken(call.paymentMethodId())
                    .map(token -> provider.authorise(call.idempotencyKey(), token, call.amount(),
                            call.orderId().toString(), providerProperties.callbackUrl(),
                            () -> ledger.stillWanted(call.operationId())))
                    .orElseGet(() -> new ProviderResult.Refused(0, "payment_method_unknown"));
            case CAPTURE -> provider.capture(call.idempotencyKey(), call.providerReference(), call.amount());
            case VOID -> provider.voidAuthorisation(call.idempotencyKey(), call.providerReference());
            case REFUND -> provider.refund(call.idempotencyKey(), call.providerReference(), call.amount());
        };
    }

    @Override
    public void destroy() {
        callers.shutdown();
    }
}
