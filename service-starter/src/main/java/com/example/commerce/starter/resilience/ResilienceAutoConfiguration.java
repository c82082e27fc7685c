package com.example.commerce.starter.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * One circuit-breaker registry and one retry registry per service, both reporting to its meter registry, so
 * every breaker and retry a service makes through {@link Resilience} shows up under Resilience4j's own metric
 * names: {@code resilience4j_circuitbreaker_state} (one series per state, 1 for the current one),
 * {@code resilience4j_circuitbreaker_calls_seconds} (by kind: successful, failed, ignored),
 * {@code resilience4j_circuitbreaker_not_permitted_calls_total}, {@code resilience4j_circuitbreaker_failure_rate},
 * and {@code resilience4j_retry_calls_total} (by kind: successful_without_retry, successful_with_retry,
 * failed_with_retry, failed_without_retry), each tagged with the breaker's or retry's {@code name}.
 */
@AutoConfiguration
@ConditionalOnClass({CircuitBreaker.class, TaggedCircuitBreakerMetrics.class})
public class ResilienceAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Resilience commerceResilience(ObjectProvider<MeterRegistry> meters) {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        RetryRegistry retries = RetryRegistry.ofDefaults();
        meters.ifAvailable(registry -> {
            TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
            TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(registry);
        });
        return new Resilience(breakers, retries);
    }
}
