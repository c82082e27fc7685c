package com.example.commerce.backorder.supplier;

import java.time.LocalDate;
import java.util.List;

/**
 * The supplier's answer to a purchase order: each line confirmed in full, in part (less, or later) or refused.
 *
 * @param supplierReference the supplier's own number of the order
 */
public record SupplierConfirmation(String poNumber, String supplierReference, List<Line> lines) {

    public SupplierConfirmation {
        lines = List.copyOf(lines);
    }

    /** What became of one line. */
    public enum Outcome { CONFIRMED, PARTIAL, REJECTED }

    /**
     * @param expectedShipDate when the confirmed units ship (null for a refused line)
     * @param reason           the supplier's words for a partial or refused line, else null
     */
    public record Line(int lineNumber, String supplierSku, int requested, int confirmed, Outcome outcome,
                       LocalDate expectedShipDate, String reason) {
    }

    /** Whether no line was confirmed at all. */
    public boolean rejected() {
        return lines.stream().allMatch(line -> line.confirmed() == 0);
    }
}
