package com.example.commerce.backorder.supplier.soap;

import com.example.commerce.backorder.supplier.SupplierProperties;
import com.example.commerce.backorder.supplier.SupplierUnavailableException;
import com.example.commerce.starter.resilience.Resilience;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.springframework.ws.client.WebServiceIOException;
import org.springframework.ws.client.WebServiceTransportException;

/**
 * Resilience4j around every supplier call, from {@code commerce.backorder.supplier.*}: a time limiter per attempt,
 * a circuit breaker that counts what the supplier did not answer (I/O failures, the connect and read timeouts, HTTP
 * errors without a SOAP answer, the time limiter), and a retry of exactly those with backoff. A retry sends the same
 * request, so a place retried carries the same poNumber, the supplier's idempotency key: it never orders twice. A
 * SOAP answer (also a fault) is an answer and is neither retried nor counted. What is still unanswered after the
 * last attempt, or refused by the open breaker, is a {@link SupplierUnavailableException}.
 */
public class SupplierResilience implements AutoCloseable {

    static final String NAME = "supplier";

    private final CircuitBreaker breaker;
    private final Retry retry;
    private final TimeLimiter timeLimiter;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

    public SupplierResilience(SupplierProperties properties) {
        this(properties, Resilience.unmetered());
    }

    public SupplierResilience(SupplierProperties properties, Resilience resilience) {
        SupplierProperties.Breaker settings = properties.breaker();
        this.breaker = resilience.circuitBreaker(NAME, CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .waitDurationInOpenState(settings.waitInOpenState())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordException(SupplierResilience::unanswered)
                .build());
        this.retry = resilience.retry(NAME, RetryConfig.custom()
                .maxAttempts(properties.retry().attempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(properties.retry().backoff(), 2.0))
                .retryOnException(SupplierResilience::unanswered)
                .build());
        this.timeLimiter = TimeLimiter.of(NAME, TimeLimiterConfig.custom()
                .timeoutDuration(properties.timeout())
                .cancelRunningFuture(true)
                .build());
    }

    /** Runs {@code call} (one SOAP exchange) under the time limiter, the breaker and the retry. */
    public <T> T call(String operation, Callable<T> call) {
        Callable<T> limited = TimeLimiter.decorateFutureSupplier(timeLimiter, () -> calls.submit(call));
        Callable<T> guarded = Retry.decorateCallable(retry, CircuitBreaker.decorateCallable(breaker, limited));
        try {
            return guarded.call();
        } catch (CallNotPermittedException open) {
            throw new SupplierUnavailableException("supplier " + operation + ": circuit breaker open", open);
        } catch (Exception failure) {
            if (unanswered(failure)) {
                throw new SupplierUnavailableException("supplier " + operation + " unanswered: " + failure, failure);
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("supplier " + operation + " failed", failure);
        }
    }

    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    /** Whether the supplier did not answer: worth another attempt, and a failure for the breaker. */
    static boolean unanswered(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof WebServiceIOException || cause instanceof WebServiceTransportException
                    || cause instanceof TimeoutException || cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }
}
