package com.example.commerce.loadtests.benchmark;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time and resident memory of every process of the fleet, by name, from {@code /proc}: each process with all
 * its descendants (PostgreSQL: the postmaster and every backend and worker; a reaped backend's CPU is in the
 * postmaster's {@code cutime}/{@code cstime}, so it is counted too).
 */
public final class FleetUsage {

    /**
     * One process (with its descendants) at one moment: CPU so far in ms, resident bytes (RSS; and PSS, shared pages
     * divided among their sharers, 0 when unreadable), and how many processes.
     */
    public record Usage(long cpuMillis, long rssBytes, long pssBytes, int processes) {
    }

    private final long ticksPerSecond;
    private final long pageSize;

    public FleetUsage(long ticksPerSecond, long pageSize) {
        this.ticksPerSecond = ticksPerSecond;
        this.pageSize = pageSize;
    }

    /** With this machine's clock ticks and page size ({@code getconf}; 100 and 4096 if it cannot say). */
    public static FleetUsage ofThisMachine() {
        return new FleetUsage(getconf("CLK_TCK", 100), getconf("PAGESIZE", 4096));
    }

    /** Usage of each named root process and its descendants, now. */
    public Map<String, Usage> sample(Map<String, Long> roots) {
        List<ProcStat> all = ProcStat.all();
        Map<String, Usage> usage = new LinkedHashMap<>();
        roots.forEach((name, pid) -> usage.put(name, of(ProcStat.tree(pid, all))));
        return usage;
    }

    /** The usage of a process tree. */
    public Usage of(List<ProcStat> tree) {
        long ticks = tree.stream().mapToLong(ProcStat::cpuTicksWithReapedChildren).sum();
        long pages = tree.stream().mapToLong(ProcStat::rssPages).sum();
        long pss = tree.stream().mapToLong(s -> ProcStat.pssBytes(s.pid())).sum();
        return new Usage(ticks * 1000 / ticksPerSecond, pages * pageSize, pss, tree.size());
    }

    /** CPU ms each process used between two samples (a process missing from either is left out). */
    public static Map<String, Long> cpuBetween(Map<String, Usage> before, Map<String, Usage> after) {
        Map<String, Long> delta = new LinkedHashMap<>();
        before.forEach((name, usage) -> {
            Usage later = after.get(name);
            if (later != null) {
                delta.put(name, later.cpuMillis() - usage.cpuMillis());
            }
        });
        return delta;
    }

    private static long getconf(String name, long fallback) {
        try {
            Process process = new ProcessBuilder("getconf", name).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes()).strip();
            process.waitFor();
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return fallback;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        }
    }
}
