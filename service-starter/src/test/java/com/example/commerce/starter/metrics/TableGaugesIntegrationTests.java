package com.example.commerce.starter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.testing.SharedInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Gauges read from a real table: the value, its grouping, how often the query runs, and a failing query. */
class TableGaugesIntegrationTests {

    private static final String SCHEMA = "table_gauges_test";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-08T00:00:00Z"));
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private JdbcTemplate jdbc;
    private TableGauges gauges;

    @BeforeEach
    void table() {
        SharedInfrastructure.get().provision(List.of(SCHEMA));
        jdbc = new JdbcTemplate(new DriverManagerDataSource(SharedInfrastructure.get().databaseUrl(), SCHEMA, SCHEMA));
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".orders (id int PRIMARY KEY, status text NOT NULL)");
        jdbc.execute("TRUNCATE " + SCHEMA + ".orders");
        gauges = new TableGauges(jdbc, meters, clock, Duration.ofSeconds(10));
    }

    @AfterEach
    void drop() {
        jdbc.execute("DROP TABLE IF EXISTS " + SCHEMA + ".orders");
    }

    @Test
    void aCountIsReadAtMostOncePerMaximumAgeHoweverOftenItIsScraped() {
        jdbc.update("INSERT INTO " + SCHEMA + ".orders VALUES (1, 'PENDING'), (2, 'PENDING')");
        gauges.count("test.orders", "orders", "SELECT count(*) FROM " + SCHEMA + ".orders");
        assertThat(value("test.orders")).isEqualTo(2.0);

        jdbc.update("INSERT INTO " + SCHEMA + ".orders VALUES (3, 'PENDING')");
        clock.advance(Duration.ofSeconds(9));
        assertThat(value("test.orders")).as("still the reading of 9 s ago").isEqualTo(2.0);

        clock.advance(Duration.ofSeconds(1));
        assertThat(value("test.orders")).isEqualTo(3.0);
    }

    @Test
    void aGroupedCountGivesEveryDeclaredValueASeriesAndZeroWhereNoRowIs() {
        jdbc.update("INSERT INTO " + SCHEMA + ".orders VALUES (1, 'PENDING'), (2, 'SHIPPED'), (3, 'PENDING')");
        gauges.countBy("test.orders.by.status", "orders", "status", List.of("PENDING", "SHIPPED", "CONFIRMED"),
                "SELECT status, count(*) FROM " + SCHEMA + ".orders GROUP BY status");

        assertThat(value("test.orders.by.status", "PENDING")).isEqualTo(2.0);
        assertThat(value("test.orders.by.status", "SHIPPED")).isEqualTo(1.0);
        assertThat(value("test.orders.by.status", "CONFIRMED")).isEqualTo(0.0);
    }

    @Test
    void aQueryThatFailsReportsNaNNotAFalseZeroAndRecoversOnTheNextReading() {
        gauges.count("test.missing", "a table that is not there yet",
                "SELECT count(*) FROM " + SCHEMA + ".later");
        assertThat(value("test.missing")).isNaN();

        jdbc.execute("CREATE TABLE " + SCHEMA + ".later (id int)");
        try {
            clock.advance(Duration.ofSeconds(10));
            assertThat(value("test.missing")).isEqualTo(0.0);
        } finally {
            jdbc.execute("DROP TABLE " + SCHEMA + ".later");
        }
    }

    private double value(String name) {
        return meters.get(name).gauge().value();
    }

    private double value(String name, String status) {
        return meters.get(name).tag("status", status).gauge().value();
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
