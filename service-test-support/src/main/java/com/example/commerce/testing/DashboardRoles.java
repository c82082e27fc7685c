package com.example.commerce.testing;

import com.example.commerce.stack.FleetLayout;
import com.example.commerce.stack.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The read-only roles dashboards log in as, beside the services' own: {@code reporting_reader} (SELECT on
 * reporting's rollups, granted by reporting-service's migrations; see ops/postgres/init/03-reporting-reader.sql,
 * which does the same for compose). Its password in the tests is its name.
 */
public final class DashboardRoles {

    public static final String REPORTING_READER = "reporting_reader";

    private DashboardRoles() {
    }

    static void create(PostgresServer postgres) throws SQLException {
        try (Connection connection = postgres.connectAsSuperuser(FleetLayout.DATABASE);
             Statement statement = connection.createStatement()) {
            statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '"
                    + REPORTING_READER + "') THEN CREATE ROLE " + REPORTING_READER + " LOGIN PASSWORD '" + REPORTING_READER
                    + "' NOSUPERUSER NOCREATEDB NOCREATEROLE; END IF; END $$");
            statement.execute("GRANT CONNECT ON DATABASE " + FleetLayout.DATABASE + " TO " + REPORTING_READER);
            statement.execute("ALTER ROLE " + REPORTING_READER + " IN DATABASE " + FleetLayout.DATABASE
                    + " SET search_path = reporting");
        }
    }
}
