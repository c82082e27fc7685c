package com.example.commerce.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a fault test's database restart relies on: down means down, and it comes back with its data. */
class EmbeddedPostgresRestartIntegrationTests {

    @TempDir
    Path directory;

    @Test
    void aStoppedServerRefusesConnectionsAndStartsAgainOnItsPortWithItsData() throws SQLException {
        int port = FreePorts.any();
        EmbeddedPostgresServer first = EmbeddedPostgresServer.start(directory.resolve("postgres"), port);
        long firstPid = first.pid().orElseThrow();
        try (Connection connection = first.connectAsSuperuser("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (id int)");
            statement.execute("INSERT INTO kept VALUES (1), (2)");
        }
        Connection open = first.connectAsSuperuser("postgres");

        first.close();

        assertThat(ProcessHandle.of(firstPid).filter(ProcessHandle::isAlive)).as("the postmaster is gone").isEmpty();
        assertThatThrownBy(() -> first.connectAsSuperuser("postgres")).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> open.createStatement().executeQuery("SELECT 1")).as("an open connection is cut")
                .isInstanceOf(SQLException.class);

        EmbeddedPostgresServer second = EmbeddedPostgresServer.start(directory.resolve("postgres"), port);
        try (Connection connection = second.connectAsSuperuser("postgres"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM kept")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(2);
            assertThat(second.port()).isEqualTo(port);
            assertThat(second.pid().orElseThrow()).isNotEqualTo(firstPid);
        } finally {
            second.close();
        }
    }
}
