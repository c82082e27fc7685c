package com.example.commerce.stack;

import java.net.URI;
import java.util.OptionalLong;

/** A PostgreSQL server that runs already; the fleet only provisions its database, roles and schemas. */
public record ExternalPostgresServer(String host, int port, String superuser, String superuserPassword)
        implements PostgresServer {

    /** Reads host and port from a JDBC URL such as {@code jdbc:postgresql://db:5432/commerce}. */
    public static ExternalPostgresServer fromJdbcUrl(String jdbcUrl, String superuser, String password) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("expected jdbc:postgresql://host[:port]/database, got " + jdbcUrl);
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        return new ExternalPostgresServer(uri.getHost(), port, superuser, password == null ? "" : password);
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.empty();
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
