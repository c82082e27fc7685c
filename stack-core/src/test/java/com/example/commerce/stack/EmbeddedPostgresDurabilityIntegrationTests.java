package com.example.commerce.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A benchmark chooses durable commits with -Dcommerce.postgres.fsync=on; without it the server runs as zonky's defaults. */
class EmbeddedPostgresDurabilityIntegrationTests {

    @TempDir
    Path directory;

    @AfterEach
    void forget() {
        System.clearProperty("commerce.postgres.fsync");
    }

    @Test
    void fsyncOnStartsAServerThatFlushesEveryCommit() throws SQLException {
        System.setProperty("commerce.postgres.fsync", "on");

        assertThat(settingsOfANewServer()).containsEntry("fsync", "on").containsEntry("synchronous_commit", "on")
                .containsEntry("full_page_writes", "on");
    }

    @Test
    void byDefaultTheServerKeepsFsyncAndSynchronousCommitOff() throws SQLException {
        assertThat(settingsOfANewServer()).containsEntry("fsync", "off").containsEntry("synchronous_commit", "off");
    }

    private Map<String, String> settingsOfANewServer() throws SQLException {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory.resolve("postgres"), FreePorts.any());
        try (Connection connection = server.connectAsSuperuser("postgres"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name, setting FROM pg_settings"
                     + " WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')")) {
            Map<String, String> settings = new LinkedHashMap<>();
            while (rows.next()) {
                settings.put(rows.getString(1), rows.getString(2));
            }
            return settings;
        } finally {
            server.close();
        }
    }
}
