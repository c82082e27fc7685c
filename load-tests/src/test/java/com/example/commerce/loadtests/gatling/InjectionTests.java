package com.example.commerce.loadtests.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InjectionTests {

    @Test
    void phasesAreRatesWithTheirDurationsInOrder() {
        assertThat(Injection.phases("30@60, 90@60,12.5@30")).containsExactly(new Injection.Phase(30, 60),
                new Injection.Phase(90, 60), new Injection.Phase(12.5, 30));
    }

    @Test
    void aPhaseWithoutDurationOrWithNothingToOfferIsRefused() {
        assertThatThrownBy(() -> Injection.phases("30")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Injection.phases("0@60")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Injection.phases("5@0")).isInstanceOf(IllegalArgumentException.class);
    }
}
