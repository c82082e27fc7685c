package com.example.commerce.starter.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ResilienceMetricsTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @Test
    void aBreakerMadeThroughTheStarterReportsItsStateAndCallsByName() {
        context.run(app -> {
            MeterRegistry meters = app.getBean(MeterRegistry.class);
            CircuitBreaker breaker = app.getBean(Resilience.class).circuitBreaker("supplier", CircuitBreakerConfig.custom()
                    .slidingWindowSize(2).minimumNumberOfCalls(2).failureRateThreshold(50)
                    .waitDurationInOpenState(Duration.ofMinutes(1)).build());
            assertThat(state(meters, "supplier", "closed")).isEqualTo(1.0);
            assertThat(state(meters, "supplier", "open")).isEqualTo(0.0);

            breaker.onError(1, java.util.concurrent.TimeUnit.MILLISECONDS, new IllegalStateException("down"));
            breaker.onError(1, java.util.concurrent.TimeUnit.MILLISECONDS, new IllegalStateException("down"));

            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(state(meters, "supplier", "open")).isEqualTo(1.0);
            assertThat(state(meters, "supplier", "closed")).isEqualTo(0.0);
            assertThat(meters.get("resilience4j.circuitbreaker.calls").tag("name", "supplier").tag("kind", "failed")
                    .timer().count()).isEqualTo(2);
        });
    }

    @Test
    void aRetryMadeThroughTheStarterCountsItsCallsByKind() {
        context.run(app -> {
            MeterRegistry meters = app.getBean(MeterRegistry.class);
            Retry retry = app.getBean(Resilience.class).retry("courier", RetryConfig.custom().maxAttempts(3)
                    .waitDuration(Duration.ofMillis(1)).build());
            int[] calls = {0};
            retry.executeSupplier(() -> ++calls[0] < 2 ? fail() : "ok");

            assertThat(meters.get("resilience4j.retry.calls").tag("name", "courier").tag("kind", "successful_with_retry")
                    .functionCounter().count()).isEqualTo(1.0);
            assertThat(meters.get("resilience4j.retry.calls").tag("name", "courier").tag("kind", "failed_with_retry")
                    .functionCounter().count()).isEqualTo(0.0);
        });
    }

    @Test
    void oneNameIsOneBreaker() {
        context.run(app -> {
            Resilience resilience = app.getBean(Resilience.class);
            assertThat(resilience.circuitBreaker("a", CircuitBreakerConfig.ofDefaults()))
                    .isSameAs(resilience.circuitBreaker("a", CircuitBreakerConfig.ofDefaults()));
        });
    }

    private static String fail() {
        throw new IllegalStateException("transient");
    }

    private static double state(MeterRegistry meters, String name, String state) {
        return meters.get("resilience4j.circuitbreaker.state").tag("name", name).tag("state", state).gauge().value();
    }
}
