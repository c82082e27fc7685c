package com.example.commerce.loadtests.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcStatTests {

    /** A real line's shape: pid (comm) state ppid ... utime(14) stime(15) cutime(16) cstime(17) ... rss(24). */
    private static String line(long pid, String comm, long ppid, long utime, long stime, long cutime, long cstime, long rss) {
        return pid + " (" + comm + ") S " + ppid + " 100 100 0 -1 4194560 500 0 0 0 " + utime + " " + stime + " " + cutime
                + " " + cstime + " 20 0 40 0 12345 3000000000 " + rss + " 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1";
    }

    @Test
    void readsCpuTicksParentAndResidentPagesFromAStatLine() {
        ProcStat stat = ProcStat.parse(line(4242, "java", 1, 1500, 300, 7, 3, 65536));

        assertThat(stat.pid()).isEqualTo(4242);
        assertThat(stat.ppid()).isEqualTo(1);
        assertThat(stat.utime()).isEqualTo(1500);
        assertThat(stat.stime()).isEqualTo(300);
        assertThat(stat.cutime()).isEqualTo(7);
        assertThat(stat.cstime()).isEqualTo(3);
        assertThat(stat.rssPages()).isEqualTo(65536);
        assertThat(stat.cpuTicksWithReapedChildren()).isEqualTo(1810);
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        ProcStat stat = ProcStat.parse(line(77, "postgres: bench (x) idle", 70, 11, 22, 0, 0, 900));

        assertThat(stat.ppid()).isEqualTo(70);
        assertThat(stat.utime()).isEqualTo(11);
        assertThat(stat.stime()).isEqualTo(22);
        assertThat(stat.rssPages()).isEqualTo(900);
    }

    @Test
    void refusesALineWithoutACommandName() {
        assertThatThrownBy(() -> ProcStat.parse("12 S 1 2 3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTreeOfAPostmasterHoldsEveryBackendAndTheirChildrenButNotItsParentOrStrangers() {
        List<ProcStat> all = List.of(
                new ProcStat(1, 0, 5, 5, 0, 0, 10),
                new ProcStat(100, 1, 10, 10, 400, 100, 1000),   // postmaster; reaped backends used 500 ticks
                new ProcStat(101, 100, 20, 5, 0, 0, 200),
                new ProcStat(102, 100, 30, 5, 0, 0, 300),
                new ProcStat(103, 102, 1, 1, 0, 0, 50),
                new ProcStat(200, 1, 999, 999, 0, 0, 99999));

        List<ProcStat> tree = ProcStat.tree(100, all);

        assertThat(tree).extracting(ProcStat::pid).containsExactlyInAnyOrder(100L, 101L, 102L, 103L);
        FleetUsage.Usage usage = new FleetUsage(100, 4096).of(tree);
        assertThat(usage.cpuMillis()).isEqualTo((10 + 10 + 400 + 100 + 25 + 35 + 2) * 10);
        assertThat(usage.rssBytes()).isEqualTo((1000 + 200 + 300 + 50) * 4096L);
        assertThat(usage.processes()).isEqualTo(4);
    }

    @Test
    void theCpuOfAWindowIsTheDifferenceOfTwoSamplesPerProcess() {
        Map<String, FleetUsage.Usage> before = Map.of("order-service", new FleetUsage.Usage(1_000, 1, 1, 1),
                "postgresql", new FleetUsage.Usage(5_000, 1, 1, 9));
        Map<String, FleetUsage.Usage> after = Map.of("order-service", new FleetUsage.Usage(4_500, 1, 1, 1),
                "postgresql", new FleetUsage.Usage(6_000, 1, 1, 12));

        assertThat(FleetUsage.cpuBetween(before, after)).containsEntry("order-service", 3_500L).containsEntry("postgresql", 1_000L);
    }

    @Test
    void readsTheProportionalSetSizeFromSmapsRollup() {
        String rollup = """
                55d0c0000000-7ffd5a5ff000 ---p 00000000 00:00 0                          [rollup]
                Rss:              204800 kB
                Pss:              123456 kB
                Pss_Anon:          80000 kB
                Shared_Clean:      10000 kB
                """;

        assertThat(ProcStat.parsePssKb(rollup)).isEqualTo(123456);
    }

    @Test
    void thisJvmCanBeReadFromProc() {
        assertThat(ProcStat.read(ProcessHandle.current().pid())).hasValueSatisfying(stat -> {
            assertThat(stat.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(stat.rssPages()).isPositive();
        });
        assertThat(ProcStat.pssBytes(ProcessHandle.current().pid())).isPositive();
    }
}
