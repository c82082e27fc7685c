package com.example.commerce.loadtests.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One line of {@code /proc/<pid>/stat}: the parent, the CPU the process used (user and system, and what its
 * reaped children used) in clock ticks, and its resident set in pages.
 */
public record ProcStat(long pid, long ppid, long utime, long stime, long cutime, long cstime, long rssPages) {

    /**
     * Parses a stat line. The command name (field 2) is in parentheses and may hold spaces and parentheses, so
     * the fields are counted from the last {@code ')'}: field 3 (state) is the first after it.
     */
    public static ProcStat parse(String line) {
        int close = line.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + line);
        }
        long pid = Long.parseLong(line.substring(0, line.indexOf(' ')).strip());
        String[] f = line.substring(close + 1).strip().split("\\s+");
        // f[0] is field 3; field n is f[n - 3]
        return new ProcStat(pid, Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
                Long.parseLong(f[13]), Long.parseLong(f[14]), Long.parseLong(f[21]));
    }

    /** CPU of the process itself and of its children it has reaped (an exited PostgreSQL backend), in ticks. */
    public long cpuTicksWithReapedChildren() {
        return utime + stime + cutime + cstime;
    }

    /** The stat of a live process, or empty when it is gone. */
    public static Optional<ProcStat> read(long pid) {
        try {
            return Optional.of(parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The proportional set size in kB from {@code /proc/<pid>/smaps_rollup} text: resident memory with each shared
     * page divided among the processes that map it (PostgreSQL's shared buffers count once, not once a backend).
     */
    public static long parsePssKb(String smapsRollup) {
        for (String line : smapsRollup.split("\n")) {
            if (line.startsWith("Pss:")) {
                return Long.parseLong(line.substring(4).strip().split("\\s+")[0]);
            }
        }
        throw new IllegalArgumentException("no Pss line in " + smapsRollup);
    }

    /** The proportional set size of a live process in bytes, or 0 when it cannot be read. */
    public static long pssBytes(long pid) {
        try {
            return 1024 * parsePssKb(Files.readString(Path.of("/proc", Long.toString(pid), "smaps_rollup")));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Every process on the machine, for finding a process's descendants. */
    public static List<ProcStat> all() {
        List<ProcStat> stats = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.map(p -> p.getFileName().toString()).filter(name -> name.chars().allMatch(Character::isDigit))
                    .forEach(pid -> read(Long.parseLong(pid)).ifPresent(stats::add));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return stats;
    }

    /** {@code root} and every descendant of it in {@code all} (children, their children, ...). */
    public static List<ProcStat> tree(long root, List<ProcStat> all) {
        List<ProcStat> tree = new ArrayList<>();
        all.stream().filter(s -> s.pid() == root).findFirst().ifPresent(tree::add);
        for (int i = 0; i < tree.size(); i++) {
            long parent = tree.get(i).pid();
            all.stream().filter(s -> s.ppid() == parent && s.pid() != parent).forEach(tree::add);
        }
        return tree;
    }
}
