package com.example.commerce.starter.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTests {

    @Test
    void doublesFromTheFirstWaitUpToTheMaximumAndStaysThere() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));

        assertThat(backoff.current()).isZero();
        assertThat(backoff.failed()).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.failed()).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.failed()).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.failed()).isEqualTo(Duration.ofMillis(800));
        assertThat(backoff.failed()).isEqualTo(Duration.ofMillis(1000));
        assertThat(backoff.failed()).isEqualTo(Duration.ofMillis(1000));
        assertThat(backoff.current()).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void aRoundThatSucceedsStartsTheNextFailuresAtTheFirstWait() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));
        backoff.failed();
        backoff.failed();
        backoff.failed();

        backoff.succeeded();

        assertThat(backoff.current()).isZero();
        assertThat(backoff.failed()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void refusesAMaximumBelowTheFirstWait() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
    }
}
