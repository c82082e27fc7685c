package com.example.commerce.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.commerce.reporting.ingest.ModelTables;
import com.example.commerce.reporting.ingest.Rollup;
import com.example.commerce.testing.DashboardRoles;
import com.example.commerce.testing.ServiceIntegrationTest;
import com.example.commerce.testing.SharedInfrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Dashboards log in as {@code reporting_reader}: they read every rollup and nothing else, and write nothing. */
@ServiceIntegrationTest
class ReportingReaderIntegrationTests {

    private Connection reader() throws SQLException {
        return DriverManager.getConnection(SharedInfrastructure.get().databaseUrl(), DashboardRoles.REPORTING_READER,
                DashboardRoles.REPORTING_READER);
    }

    @Test
    void readsEveryRollup() throws SQLException {
        try (Connection reader = reader(); Statement statement = reader.createStatement()) {
            for (Rollup rollup : Rollup.values()) {
                statement.executeQuery("SELECT count(*) FROM reporting." + rollup.table()).close();
            }
        }
    }

    @Test
    void readsNoFactsAndWritesNothing() throws SQLException {
        try (Connection reader = reader(); Statement statement = reader.createStatement()) {
            for (String fact : ModelTables.FACTS) {
                assertThatThrownBy(() -> statement.executeQuery("SELECT count(*) FROM reporting." + fact))
                        .as(fact).hasMessageContaining("permission denied");
            }
            assertThatThrownBy(() -> statement.executeQuery("SELECT count(*) FROM reporting.inbox_message"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> statement.executeUpdate(
                    "INSERT INTO reporting.rollup_funnel_day (day) VALUES (DATE '1999-01-01')"))
                    .hasMessageContaining("permission denied");
            assertThat(reader.getMetaData().getUserName()).isEqualTo(DashboardRoles.REPORTING_READER);
        }
    }
}
