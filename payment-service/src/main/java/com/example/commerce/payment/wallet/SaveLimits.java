package com.example.commerce.payment.wallet;

import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;

/**
 * The wallet's limits against card testing ({@link WalletProperties}), decided before the provider is asked and
 * again before a tokenised card is stored. Each decision holds the customer's advisory lock, so concurrent saves
 * of one customer (on any instance) are counted one after the other and never pass a limit together.
 */
@Service
class SaveLimits {

    static final String SAVED = "SAVED";
    static final String DECLINED = "DECLINED";
    static final String REFUSED = "REFUSED";

    private final SaveAttempts attempts;
    private final PaymentMethods methods;
    private final WalletProperties properties;
    private final Clock clock;

    SaveLimits(SaveAttempts attempts, PaymentMethods methods, WalletProperties properties, Clock clock) {
        this.attempts = attempts;
        this.methods = methods;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Records an attempt to save a card for {@code customerId} and returns its id, or refuses it, recording
     * nothing: the wallet is full (422 {@code too-many-payment-methods}), the customer has saved too often
     * (429 {@code too-many-requests}) or had too many cards declined (429 {@code too-many-declined-cards}).
     */
    @Transactional
    long admit(UUID customerId) {
        attempts.lock(customerId);
        Instant now = clock.instant();
        Duration longest = max(properties.saves().period(), properties.declines().period());
        attempts.prune(customerId, now.minus(longest));
        requireRoom(customerId);
        WalletProperties.Limit declines = properties.declines();
        List<Instant> declined = attempts.since(customerId, now.minus(declines.period()), DECLINED, declines.limit());
        if (declined.size() >= declines.limit()) {
            throw tooMany(ProblemTypes.of("too-many-declined-cards"), "Too many declined cards",
                    "Too many cards were declined; no card can be saved for a while.",
                    retryAfter(declined.getLast(), declines.period(), now));
        }
        WalletProperties.Limit saves = properties.saves();
        List<Instant> recent = attempts.since(customerId, now.minus(saves.period()), null, saves.limit());
        if (recent.size() >= saves.limit()) {
            throw tooMany(ProblemTypes.of("too-many-requests"), "Too many requests",
                    "Too many cards saved in a short time; try again later.", retryAfter(recent.getLast(), saves.period(), now));
        }
        return attempts.start(customerId, now);
    }

    /**
     * Stores the tokenised card unless the wallet filled up meanwhile: then 422, nothing stored, and the attempt
     * kept as {@code REFUSED} (the refusal does not roll the transaction back, which has written nothing else).
     */
    @Transactional(noRollbackFor = ErrorResponseException.class)
    void store(long attemptId, PaymentMethod method) {
        attempts.lock(method.customerId());
        if (methods.countOfCustomer(method.customerId()) >= properties.maxMethods()) {
            attempts.finish(attemptId, REFUSED);
            throw full();
        }
        methods.insert(method);
        attempts.finish(attemptId, SAVED);
    }

    @Transactional
    void declined(long attemptId) {
        attempts.finish(attemptId, DECLINED);
    }

    /** The provider could not answer: the attempt does not count (it learnt nothing about the card). */
    @Transactional
    void unanswered(long attemptId) {
        attempts.forget(attemptId);
    }

    private void requireRoom(UUID customerId) {
        if (methods.countOfCustomer(customerId) >= properties.maxMethods()) {
            throw full();
        }
    }

    private ErrorResponseException full() {
        return Problems.problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.of("too-many-payment-methods"),
                "Too many payment methods", "A wallet holds at most " + properties.maxMethods()
                        + " cards; delete one to save another.", Map.of("maxMethods", properties.maxMethods()));
    }

    private static ErrorResponseException tooMany(java.net.URI type, String title, String detail, long retryAfter) {
        ErrorResponseException problem = Problems.problem(HttpStatus.TOO_MANY_REQUESTS, type, title, detail, Map.of());
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        return problem;
    }

    /** Seconds until {@code counted} leaves a window of {@code period}, when the customer is under the limit again. */
    private static long retryAfter(Instant counted, Duration period, Instant now) {
        return Math.max(1, Duration.between(now, counted.plus(period)).toSeconds() + 1);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
