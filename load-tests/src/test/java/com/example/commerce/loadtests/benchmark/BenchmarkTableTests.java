package com.example.commerce.loadtests.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.loadtests.benchmark.BenchmarkTable.Bound;
import com.example.commerce.loadtests.benchmark.BenchmarkTable.Row;
import org.junit.jupiter.api.Test;

class BenchmarkTableTests {

    @Test
    void printsFigureValueLimitAndRatioOfValueToLimitWithWhetherItIsMet() {
        String markdown = new BenchmarkTable()
                .add(Row.measured("sustained confirmations/s", 50, "/s", Bound.AT_LEAST, 200, "offered 50/s"))
                .add(Row.measured("placed -> CONFIRMED p99", 150, "ms", Bound.AT_MOST, 300, null))
                .markdown();

        assertThat(markdown).startsWith("| figure | value | limit | ratio |\n|---|---|---|---|\n");
        assertThat(markdown).contains("| sustained confirmations/s | 50/s (offered 50/s) | >= 200/s | 0.25 not met |");
        assertThat(markdown).contains("| placed -> CONFIRMED p99 | 150 ms | <= 300 ms | 0.50 met |");
    }

    @Test
    void aFigureThatCouldNotBeMeasuredSaysWhyAndHasNoRatio() {
        String markdown = new BenchmarkTable()
                .add(Row.notMeasured("overload recovery", Bound.AT_MOST, 10.0, "s", "not recovered within 30 s"))
                .markdown();

        assertThat(markdown).contains("| overload recovery | not measured: not recovered within 30 s | <= 10 s | — |");
    }

    @Test
    void aFigureWithoutTargetShowsNoLimitAndNoRatio() {
        String markdown = new BenchmarkTable().add(Row.info("CPU per order: kafka", 2.345, "ms", "1 process(es)")).markdown();

        assertThat(markdown).contains("| CPU per order: kafka | 2.35 ms (1 process(es)) | — | — |");
    }

    @Test
    void pipesInATextDoNotBreakTheTable() {
        String markdown = new BenchmarkTable().add(Row.info("a | b", 1, "", "x | y")).markdown();

        assertThat(markdown).contains("| a \\| b | 1 (x \\| y) | — | — |");
    }

    @Test
    void numbersAreIntegersWhenWholeAndRoundedOtherwise() {
        assertThat(BenchmarkTable.number(1234)).isEqualTo("1,234");
        assertThat(BenchmarkTable.number(0.4567)).isEqualTo("0.46");
        assertThat(BenchmarkTable.number(123.456)).isEqualTo("123.5");
    }
}
