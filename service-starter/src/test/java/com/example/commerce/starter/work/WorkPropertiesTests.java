package com.example.commerce.starter.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkPropertiesTests {

    private final WorkProperties defaults = WorkProperties.defaults();

    @Test
    void theBackoffDoublesPerFailedAttemptUpToItsMaximum() {
        assertThat(defaults.backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.backoffAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.backoffAfter(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(defaults.backoffAfter(9)).isEqualTo(Duration.ofMinutes(4).plusSeconds(16));
        assertThat(defaults.backoffAfter(10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.backoffAfter(1_000)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void boundsOutsideTheirRangeAreRefusedAtStartUp() {
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withWorkers(0));
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withLease(Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> new WorkProperties(true, 8, 32, Duration.ofSeconds(10),
                Duration.ofMinutes(2), 10, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofDays(7),
                Duration.ofHours(1), Duration.ofSeconds(10)));
    }
}
