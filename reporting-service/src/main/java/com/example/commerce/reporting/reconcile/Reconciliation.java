package com.example.commerce.reporting.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Lists every difference between reporting's totals and the owning services' for one period: per order state and
 * currency the count and the sum of totals (order-service's), per payment kind and currency the count and amount
 * (payment-service's). A void carries no amount in its event, so voids are compared by count across currencies.
 */
public final class Reconciliation {

    /** One figure that differs: where, which, and both values. */
    public record Difference(String source, String key, String figure, long reporting, long owner) {
    }

    private Reconciliation() {
    }

    public static List<Difference> compare(Totals reporting, Totals owners) {
        List<Difference> differences = new ArrayList<>();
        Map<String, long[]> ours = new TreeMap<>();
        Map<String, long[]> theirs = new TreeMap<>();
        reporting.orders().forEach(row -> add(ours, row.state() + "/" + row.currency(), row.orders(), row.totalMinor()));
        owners.orders().forEach(row -> add(theirs, row.state() + "/" + row.currency(), row.orders(), row.totalMinor()));
        diff("order-service", ours, theirs, "orders", "totalMinor", differences);
        ours.clear();
        theirs.clear();
        reporting.payments().forEach(row -> addPayment(ours, row));
        owners.payments().forEach(row -> addPayment(theirs, row));
        diff("payment-service", ours, theirs, "operations", "amountMinor", differences);
        return differences;
    }

    private static void addPayment(Map<String, long[]> totals, Totals.PaymentRow row) {
        if (row.kind().equals("VOID")) {
            add(totals, "VOID", row.operations(), 0);
        } else {
            add(totals, row.kind() + "/" + row.currency(), row.operations(), row.amountMinor());
        }
    }

    private static void add(Map<String, long[]> totals, String key, long count, long amount) {
        long[] values = totals.computeIfAbsent(key, k -> new long[2]);
        values[0] += count;
        values[1] += amount;
    }

    private static void diff(String source, Map<String, long[]> ours, Map<String, long[]> theirs, String countName,
                             String amountName, List<Difference> differences) {
        TreeSet<String> keys = new TreeSet<>(ours.keySet());
        keys.addAll(theirs.keySet());
        for (String key : keys) {
            long[] a = ours.getOrDefault(key, new long[2]);
            long[] b = theirs.getOrDefault(key, new long[2]);
            if (a[0] != b[0]) {
                differences.add(new Difference(source, key, countName, a[0], b[0]));
            }
            if (a[1] != b[1]) {
                differences.add(new Difference(source, key, amountName, a[1], b[1]));
            }
        }
    }
}
