package com.example.commerce.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InvariantReportTests {

    private static InvariantReport.Invariant held(String id, long checked) {
        return new InvariantReport.Invariant(id, "holds", checked, checked, List.of());
    }

    @Test
    void aReportOverOrdersWhereEveryInvariantHeldOnSomethingHasNoFailures() {
        InvariantReport report = new InvariantReport(3, List.of(held("I1", 2), held("I3", 3)), Duration.ofSeconds(1));

        assertThat(report.allHold()).isTrue();
        assertThat(report.failures()).isEmpty();
        assertThat(report.table()).contains("I1", "I3", "invariants over 3 orders");
    }

    @Test
    void aReportWithNoOrdersFailsBecauseNothingWasChecked() {
        InvariantReport report = new InvariantReport(0, List.of(held("I3", 0)), Duration.ZERO);

        assertThat(report.allHold()).isFalse();
        assertThat(report.failures()).anySatisfy(f -> assertThat(f).contains("no orders to check"))
                .anySatisfy(f -> assertThat(f).contains("I3 was checked on nothing"));
        assertThat(report.table()).contains("NOTHING CHECKED");
    }

    @Test
    void aViolationFailsTheReportAndNamesTheOffendingOrder() {
        InvariantReport report = new InvariantReport(2, List.of(held("I1", 1),
                new InvariantReport.Invariant("I7", "agree", 2, 1, List.of("order-42 CANCELLED: parcel with the courier"))),
                Duration.ZERO);

        assertThat(report.allHold()).isFalse();
        assertThat(report.failures()).containsExactly("I7: order-42 CANCELLED: parcel with the courier");
        assertThat(report.table()).contains("I7: order-42 CANCELLED");
    }

    @Test
    void manyViolationsAreShownUpToALimitAndCountedInFull() {
        List<String> violations = IntStream.range(0, 100).mapToObj(i -> "order-" + i + " stuck").toList();
        InvariantReport report = new InvariantReport(100, List.of(new InvariantReport.Invariant("I3", "ends", 100, 0, violations)),
                Duration.ZERO);

        assertThat(report.failures()).hasSize(41).last().asString().contains("and 60 more");
        assertThat(report.table()).contains("I3         100         0       100", "and 60 more");
    }
}
