package com.example.commerce.reporting.report;

import com.example.commerce.starter.Problems;
import com.example.commerce.starter.ProblemTypes;
import java.net.URI;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * The days a report covers, both ends included (UTC). A range that ends before it starts, or is longer than
 * the bound, is a 400 {@code urn:commerce:problem:invalid-date-range} problem and nothing is read.
 */
public record DateRange(LocalDate from, LocalDate to) {

    public static final URI INVALID = ProblemTypes.of("invalid-date-range");

    public static DateRange of(LocalDate from, LocalDate to, int maxDays) {
        if (to.isBefore(from)) {
            throw Problems.problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid date range",
                    "to (" + to + ") is before from (" + from + ")", Map.of("from", from.toString(), "to", to.toString()));
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > maxDays) {
            throw Problems.problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid date range",
                    "the range covers " + days + " days; a report covers at most " + maxDays,
                    Map.of("from", from.toString(), "to", to.toString(), "maxDays", maxDays));
        }
        return new DateRange(from, to);
    }
}
