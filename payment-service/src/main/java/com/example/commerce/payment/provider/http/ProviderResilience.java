package com.example.commerce.payment.provider.http;

import com.example.commerce.payment.provider.ProviderProperties;
import com.example.commerce.starter.resilience.Resilience;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Resilience4j around the provider, wired from {@code commerce.payment.provider.*}: a time limiter per call,
 * a bulkhead, a circuit breaker that counts timeouts, I/O failures and 5xx answers (never a 4xx: that is
 * an answer), and a retry of ambiguous calls with the same idempotency key. The breaker and the retry are made
 * through the starter's {@link Resilience}, so they report as {@code resilience4j_*{name="payment-provider"}}.
 */
@Configuration(proxyBeanMethods = false)
class ProviderResilience {

    static final String NAME = "payment-provider";

    @Bean
    CircuitBreaker paymentProviderCircuitBreaker(ProviderProperties properties, Resilience resilience, MeterRegistry meters) {
        ProviderProperties.Breaker breaker = properties.breaker();
        CircuitBreaker circuitBreaker = resilience.circuitBreaker(NAME, CircuitBreakerConfig.custom()
                .failureRateThreshold(breaker.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breaker.slidingWindowSize())
                .minimumNumberOfCalls(breaker.minimumNumberOfCalls())
                .waitDurationInOpenState(breaker.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(breaker.permittedCallsInHalfOpenState())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordException(ProviderResilience::isFailure)
                .build());
        Gauge.builder("commerce.payment.provider.breaker.open", circuitBreaker,
                        cb -> cb.getState() == CircuitBreaker.State.OPEN ? 1 : 0)
                .description("1 while the payment provider's circuit breaker is open").register(meters);
        return circuitBreaker;
    }

    @Bean
    Bulkhead paymentProviderBulkhead(ProviderProperties properties) {
        return Bulkhead.of(NAME, BulkheadConfig.custom()
                .maxConcurrentCalls(properties.bulkhead().maxConcurrentCalls())
                .maxWaitDuration(properties.bulkhead().maxWait())
                .build());
    }

    @Bean
    Retry paymentProviderRetry(ProviderProperties properties, Resilience resilience) {
        return resilience.retry(NAME, RetryConfig.custom()
                .maxAttempts(properties.retry().attempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(properties.retry().backoff(), 2.0))
                .retryExceptions(AmbiguousCallException.class)
                .build());
    }

    @Bean
    TimeLimiter paymentProviderTimeLimiter(ProviderProperties properties) {
        return TimeLimiter.of(NAME, TimeLimiterConfig.custom()
                .timeoutDuration(properties.timeout())
                .cancelRunningFuture(true)
                .build());
    }

    private static boolean isFailure(Throwable failure) {
        return failure instanceof AmbiguousCallException || failure instanceof TimeoutException
                || failure instanceof IOException;
    }
}
