package com.example.commerce.reporting.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counter changes to the rollups, summed per rollup row before they are written. Rows are written in key order,
 * so two transactions that touch the same rows lock them in the same order.
 */
final class RollupDeltas {

    /** One rollup row: its table and key values. */
    record Key(Rollup rollup, List<Object> values) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byRollup = rollup.compareTo(other.rollup);
            return byRollup != 0 ? byRollup : String.valueOf(values).compareTo(String.valueOf(other.values));
        }
    }

    private final Map<Key, long[]> deltas = new TreeMap<>(Comparator.naturalOrder());

    void add(Rollup rollup, List<Object> key, String counter, long amount) {
        add(rollup, key, counter, amount, 1);
    }

    void add(Rollup rollup, List<Object> key, String counter, long amount, int sign) {
        if (amount == 0) {
            return;
        }
        long[] row = deltas.computeIfAbsent(new Key(rollup, key), k -> new long[rollup.counters().size()]);
        row[rollup.counter(counter)] += sign * amount;
    }

    /** Adds every delta of {@code other} multiplied by {@code sign} (+1 in, -1 out). */
    void addAll(RollupDeltas other, int sign) {
        other.deltas.forEach((key, values) -> {
            long[] row = deltas.computeIfAbsent(key, k -> new long[key.rollup().counters().size()]);
            for (int i = 0; i < values.length; i++) {
                row[i] += sign * values[i];
            }
        });
    }

    /** The rows to write per rollup, without those whose deltas cancelled out. */
    Map<Rollup, List<Object[]>> rows() {
        Map<Rollup, List<Object[]>> rows = new TreeMap<>();
        deltas.forEach((key, values) -> {
            if (Arrays.stream(values).allMatch(v -> v == 0)) {
                return;
            }
            Object[] row = new Object[key.values().size() + values.length];
            for (int i = 0; i < key.values().size(); i++) {
                row[i] = key.values().get(i);
            }
            for (int i = 0; i < values.length; i++) {
                row[key.values().size() + i] = values[i];
            }
            rows.computeIfAbsent(key.rollup(), r -> new ArrayList<>()).add(row);
        });
        return rows;
    }

    boolean isEmpty() {
        return deltas.isEmpty();
    }
}
