package com.example.commerce.loadtests.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StepRuleTests {

    private final StepRule rule = new StepRule(1000, 0.01, 0.9);

    @Test
    void aStepWithinEveryLimitHolds() {
        assertThat(rule.breaks(new StepRule.Step(20, 60, 1200, 1200, 800, 19.8))).isNull();
    }

    @Test
    void aStepBreaksWhenItsP99IsOverTheLimit() {
        assertThat(rule.breaks(new StepRule.Step(20, 60, 1200, 1200, 1001, 19.8))).contains("p99 1001 ms");
    }

    @Test
    void aStepBreaksWhenMoreThanTheAllowedShareWasNotConfirmed() {
        assertThat(rule.breaks(new StepRule.Step(20, 60, 1200, 1187, 500, 19.8))).contains("not confirmed");
        assertThat(rule.breaks(new StepRule.Step(20, 60, 1200, 1188, 500, 19.8))).isNull();
    }

    @Test
    void aStepBreaksWhenItConfirmsClearlyLessThanItWasOffered() {
        assertThat(rule.breaks(new StepRule.Step(20, 60, 1200, 1200, 500, 17.9))).contains("confirmed 17.9/s");
    }

    @Test
    void aStepThatConfirmedNothingBreaks() {
        assertThat(rule.breaks(new StepRule.Step(20, 60, 1200, 0, -1, 0))).isEqualTo("nothing confirmed");
    }

    @Test
    void theRateGrowsByTheFactorAndAlwaysByAtLeastOne() {
        assertThat(StepRule.next(10, 1.5)).isEqualTo(15);
        assertThat(StepRule.next(1, 1.5)).isEqualTo(2);
        assertThat(StepRule.next(15, 1.5)).isEqualTo(22.5);
    }
}
