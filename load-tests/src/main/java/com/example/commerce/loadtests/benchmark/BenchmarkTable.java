package com.example.commerce.loadtests.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one table the step-up benchmark prints: figure, value, limit (the target), ratio. The ratio is
 * always value / limit, followed by whether the target is met; a figure that could not be measured says why
 * instead of a value, and has no ratio.
 */
public final class BenchmarkTable {

    /** How a value compares with its limit. */
    public enum Bound {
        AT_LEAST(">="), AT_MOST("<="), EQUAL("="), NONE("");

        private final String sign;

        Bound(String sign) {
            this.sign = sign;
        }
    }

    /** A row: a measured value (null when not measured, with {@code note} saying why) against a limit. */
    public record Row(String figure, Double value, String unit, Bound bound, Double limit, String note) {

        public static Row measured(String figure, double value, String unit, Bound bound, double limit, String note) {
            return new Row(figure, value, unit, bound, limit, note);
        }

        /** A figure without a target (reported beside the others). */
        public static Row info(String figure, double value, String unit, String note) {
            return new Row(figure, value, unit, Bound.NONE, null, note);
        }

        public static Row notMeasured(String figure, Bound bound, Double limit, String unit, String why) {
            return new Row(figure, null, unit, bound, limit, "not measured: " + why);
        }

        /** value / limit, or null when either is missing (or the limit is 0). */
        public Double ratio() {
            return Ratios.of(value, limit);
        }

        public Boolean met() {
            return Ratios.met(value, bound, limit);
        }
    }

    private final List<Row> rows = new ArrayList<>();

    public BenchmarkTable add(Row row) {
        rows.add(row);
        return this;
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** The table as Markdown. */
    public String markdown() {
        StringBuilder out = new StringBuilder("| figure | value | limit | ratio |\n|---|---|---|---|\n");
        for (Row row : rows) {
            String value = row.value() == null ? row.note()
                    : number(row.value()) + unit(row.unit()) + (row.note() == null || row.note().isBlank() ? "" : " (" + row.note() + ")");
            String limit = row.bound() == Bound.NONE || row.limit() == null ? "—"
                    : row.bound().sign + " " + number(row.limit()) + unit(row.unit());
            Double ratio = row.ratio();
            String ratioText = ratio == null || row.bound() == Bound.NONE ? "—"
                    : String.format(Locale.ROOT, "%.2f", ratio) + (Boolean.TRUE.equals(row.met()) ? " met" : " not met");
            out.append("| ").append(escape(row.figure())).append(" | ").append(escape(value)).append(" | ")
                    .append(limit).append(" | ").append(ratioText).append(" |\n");
        }
        return out.toString();
    }

    /** Integers as integers, else up to two decimals (one below 100... kept simple: 2 below 10, 1 below 1000). */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        if (Math.abs(value) < 10) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%,.1f", value);
    }

    private static String unit(String unit) {
        return unit == null || unit.isBlank() ? "" : unit.startsWith("/") || unit.equals("%") ? unit : " " + unit;
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
