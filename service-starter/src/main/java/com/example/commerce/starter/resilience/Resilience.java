package com.example.commerce.starter.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;

/**
 * Where a service makes its circuit breakers and retries, so that each one reports its state and calls to the
 * service's metrics (see {@link ResilienceAutoConfiguration}) under the name given here. Asking twice for one
 * name returns the first instance (its configuration wins).
 */
public class Resilience {

    private final CircuitBreakerRegistry breakers;
    private final RetryRegistry retries;

    public Resilience(CircuitBreakerRegistry breakers, RetryRegistry retries) {
        this.breakers = breakers;
        this.retries = retries;
    }

    /** A breaker that is not reported anywhere: for unit tests of code that takes a {@code Resilience}. */
    public static Resilience unmetered() {
        return new Resilience(CircuitBreakerRegistry.ofDefaults(), RetryRegistry.ofDefaults());
    }

    public CircuitBreaker circuitBreaker(String name, CircuitBreakerConfig config) {
        return breakers.circuitBreaker(name, config);
    }

    public Retry retry(String name, RetryConfig config) {
        return retries.retry(name, config);
    }
}
