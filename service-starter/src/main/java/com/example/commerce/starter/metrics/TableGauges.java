package com.example.commerce.starter.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Gauges whose value is a count read from a service's own tables (orders past their deadline, open backorders,
 * SKUs out of stock): what a counter cannot say, because it is a state, not an event. Each gauge runs its query
 * at most once per {@code maxAge} however often it is scraped (Prometheus every few seconds, several of them),
 * so a scrape never loads the database; while the query fails the gauge reports NaN, which Prometheus records as
 * a gap instead of a false zero.
 */
public class TableGauges {

    private static final Logger log = LoggerFactory.getLogger(TableGauges.class);

    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration maxAge;

    /** Without a database or a meter registry (a slice test) registering does nothing. */
    public TableGauges(JdbcTemplate jdbc, MeterRegistry meters, Clock clock, Duration maxAge) {
        this.jdbc = jdbc;
        this.meters = meters;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** A gauge {@code name} whose value is the single number {@code sql} selects. */
    public void count(String name, String description, String sql) {
        if (jdbc == null || meters == null) {
            return;
        }
        Reading reading = new Reading(sql, null);
        Gauge.builder(name, reading, r -> r.value(null)).description(description).register(meters);
    }

    /**
     * One gauge {@code name} per value of {@code tag} in {@code values}, read by one query {@code sql} that selects
     * rows of (tag value, number); a value the query returns no row for is 0.
     */
    public void countBy(String name, String description, String tag, Collection<String> values, String sql) {
        if (jdbc == null || meters == null) {
            return;
        }
        Reading reading = new Reading(sql, tag);
        for (String value : values) {
            Gauge.builder(name, reading, r -> r.value(value)).description(description).tag(tag, value).register(meters);
        }
    }

    private final class Reading {
        private final String sql;
        private final boolean grouped;
        private final AtomicReference<Snapshot> last = new AtomicReference<>();

        Reading(String sql, String tag) {
            this.sql = sql;
            this.grouped = tag != null;
        }

        double value(String key) {
            Snapshot snapshot = last.get();
            Instant now = clock.instant();
            if (snapshot == null || !snapshot.takenAt().plus(maxAge).isAfter(now)) {
                snapshot = new Snapshot(now, read());
                last.set(snapshot);
            }
            if (snapshot.values() == null) {
                return Double.NaN;
            }
            return snapshot.values().getOrDefault(key, 0.0);
        }

        private Map<String, Double> read() {
            try {
                Map<String, Double> values = new HashMap<>();
                if (grouped) {
                    jdbc.query(sql, row -> {
                        values.put(row.getString(1), row.getDouble(2));
                    });
                } else {
                    Number number = jdbc.queryForObject(sql, Number.class);
                    values.put(null, number == null ? 0.0 : number.doubleValue());
                }
                return values;
            } catch (RuntimeException failure) {
                log.warn("Gauge query failed ({}): {}", sql, failure.toString());
                return null;
            }
        }
    }

    private record Snapshot(Instant takenAt, Map<String, Double> values) {
    }
}
