package com.example.commerce.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link InvariantChecker} found: per invariant how many things it checked, how many held, and every
 * violation with the ids it concerns. Printable as a table; {@link #failures} is what a test fails with.
 */
record InvariantReport(int orders, List<Invariant> invariants, Duration took) {

    /** How many violations of one invariant a table or failure message shows before it says "and N more". */
    private static final int SHOWN = 40;

    InvariantReport {
        invariants = List.copyOf(invariants);
    }

    /** One invariant: what it says, how many things it was checked on, how many of them held, what broke. */
    record Invariant(String id, String statement, long checked, long held, List<String> violations) {

        Invariant {
            violations = List.copyOf(violations);
        }

        boolean holds() {
            return violations.isEmpty() && checked > 0;
        }
    }

    /** Every invariant held, each over at least one thing. */
    boolean allHold() {
        return orders > 0 && invariants.stream().allMatch(Invariant::holds);
    }

    Invariant invariant(String id) {
        return invariants.stream().filter(i -> i.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no invariant " + id));
    }

    /** {@code I<n> | checked | held | violated | statement}, one line each, then the violations. */
    String table() {
        StringBuilder table = new StringBuilder();
        table.append(String.format("invariants over %d orders (checked in %d s)%n", orders, took.toSeconds()));
        String format = "%-4s %9s %9s %9s  %s%n";
        table.append(String.format(format, "ID", "CHECKED", "HELD", "VIOLATED", "INVARIANT"));
        for (Invariant invariant : invariants) {
            table.append(String.format(format, invariant.id(), invariant.checked(), invariant.held(),
                    invariant.violations().size(), invariant.statement()
                            + (invariant.checked() == 0 ? "  (NOTHING CHECKED)" : "")));
        }
        for (Invariant invariant : invariants) {
            List<String> shown = invariant.violations().stream().limit(SHOWN).toList();
            shown.forEach(violation -> table.append("  ").append(invariant.id()).append(": ").append(violation)
                    .append(System.lineSeparator()));
            if (invariant.violations().size() > SHOWN) {
                table.append(String.format("  %s: ... and %d more%n", invariant.id(), invariant.violations().size() - SHOWN));
            }
        }
        return table.toString();
    }

    /** Why the report fails: no orders, an invariant checked on nothing, or the violations. */
    List<String> failures() {
        List<String> failures = new ArrayList<>();
        if (orders == 0) {
            failures.add("no orders to check: a run that placed nothing proves nothing");
        }
        for (Invariant invariant : invariants) {
            if (invariant.checked() == 0) {
                failures.add(invariant.id() + " was checked on nothing");
            }
            invariant.violations().stream().limit(SHOWN).forEach(v -> failures.add(invariant.id() + ": " + v));
            if (invariant.violations().size() > SHOWN) {
                failures.add(invariant.id() + ": ... and " + (invariant.violations().size() - SHOWN) + " more");
            }
        }
        return failures;
    }
}
