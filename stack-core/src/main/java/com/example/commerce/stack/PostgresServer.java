package com.example.commerce.stack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.OptionalLong;

/**
 * A real PostgreSQL server the fleet uses: embedded binaries started here, or one that already runs.
 * Knows a superuser login, so it can create the fleet's database, roles and schemas.
 */
public interface PostgresServer extends AutoCloseable {

    String host();

    int port();

    String superuser();

    String superuserPassword();

    /** The process id of the postmaster, when this JVM started it. */
    OptionalLong pid();

    default String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    default Connection connectAsSuperuser(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), superuser(), superuserPassword());
    }

    /** Creates {@code database} if it is missing, then a role and a schema per service in it. */
    default void provision(String database, List<String> schemas) throws SQLException {
        try (Connection admin = DriverManager.getConnection(jdbcUrl("postgres"), superuser(), superuserPassword());
             PreparedStatement exists = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DatabaseProvisioner.identifier(database));
            try (ResultSet found = exists.executeQuery()) {
                if (!found.next()) {
                    try (Statement create = admin.createStatement()) {
                        create.execute("CREATE DATABASE " + database);
                    }
                }
            }
        }
        try (Connection connection = connectAsSuperuser(database)) {
            DatabaseProvisioner.provision(connection, database, schemas);
        }
    }

    @Override
    void close();
}
