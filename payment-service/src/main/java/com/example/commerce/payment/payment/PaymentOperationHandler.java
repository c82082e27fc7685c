package com.example.commerce.payment.payment;

import com.example.commerce.payment.provider.PaymentProvider;
import com.example.commerce.payment.provider.ProviderProperties;
import com.example.commerce.payment.provider.ProviderResult;
import com.example.commerce.payment.wallet.Wallet;
import com.example.commerce.starter.work.Work;
import com.example.commerce.starter.work.WorkHandler;
import com.example.commerce.starter.work.WorkResult;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Asks the provider for one recorded operation: the work of kind {@value #KIND}, keyed by the operation's id,
 * enqueued by {@link PaymentLedger} in the transaction that recorded the operation and run by the starter's
 * workers outside any transaction (at most {@code commerce.work.workers} at once). One attempt: claim the
 * operation under the work's lease (a short transaction), call the provider with the operation's own idempotency
 * key, record the answer in a second transaction that first checks the lease still holds.
 *
 * <p>What the workers record: answered, dropped or closed before: done; unresolved: asked again after
 * {@code commerce.payment.recovery.retry-delay} (doubling up to {@code max-retry-delay}); given up at its bound
 * ({@code max-attempts}: the work row's last attempt, or {@code max-age}): failed. When the worker of the last
 * attempt vanishes, the workers call {@link #abandoned} and the operation is given up the same way. A stalled attempt's lease runs
 * out and another worker takes the operation over with the same key; the stalled one's answer is refused.
 */
@Component
public class PaymentOperationHandler implements WorkHandler {

    /** The kind of the payments' work rows. */
    public static final String KIND = "payment.operation";

    private final OperationAnswers answers;
    private final PaymentProvider provider;
    private final Wallet wallet;
    private final ProviderProperties providerProperties;
    private final PaymentProperties properties;

    PaymentOperationHandler(OperationAnswers answers, PaymentProvider provider, Wallet wallet,
                            ProviderProperties providerProperties, PaymentProperties properties) {
        this.answers = answers;
        this.provider = provider;
        this.wallet = wallet;
        this.providerProperties = providerProperties;
        this.properties = properties;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public WorkResult handle(Work work) {
        OperationAnswers.Claim claim = answers.claim(UUID.fromString(work.key()), work.lease(), work.lastAttempt());
        if (claim.call() == null) {
            return result(claim.ended(), work);
        }
        ProviderResult answer = call(claim.call());
        return result(answers.record(claim.call(), answer, work.lease()), work);
    }

    /**
     * The worker of the operation's last attempt vanished: the operation is given up as at its bound
     * ({@link OperationAnswers#abandoned}), under the fresh lease the workers took; what it became is the work
     * row's outcome.
     */
    @Override
    public String abandoned(Work work) {
        return answers.abandoned(UUID.fromString(work.key()), work.lease()).detail();
    }

    private WorkResult result(OperationAttempt attempt, Work work) {
        return switch (attempt.result()) {
            case RESOLVED -> new WorkResult.Done(attempt.detail());
            case OPEN -> new WorkResult.Retry(attempt.detail(), properties.retryDelayAfter(work.attempt()));
            case GIVEN_UP -> new WorkResult.GiveUp(attempt.detail());
            // Whatever is returned is refused by the workers too (the fence moved on); counted as stale.
            case LEASE_LOST -> new WorkResult.Retry(attempt.detail(), null);
        };
    }

    private ProviderResult call(OperationCall call) {
        if (call.lookupOnly()) {
            return provider.lookup(call.idempotencyKey());
        }
        return switch (call.kind()) {
            case AUTHORIZATION -> wallet.providerToken(call.paymentMethodId())
                    .map(token -> provider.authorise(call.idempotencyKey(), token, call.amount(),
                            call.orderId().toString(), providerProperties.callbackUrl(),
                            () -> answers.stillWanted(call.operationId())))
                    .orElseGet(() -> new ProviderResult.Refused(0, "payment_method_unknown"));
            case CAPTURE -> provider.capture(call.idempotencyKey(), call.providerReference(), call.amount());
            case VOID -> provider.voidAuthorisation(call.idempotencyKey(), call.providerReference());
            case REFUND -> provider.refund(call.idempotencyKey(), call.providerReference(), call.amount());
        };
    }
}
