package com.example.commerce.stack;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Creates one login role and one schema per service (and the extensions a schema needs), so that a service can use its own schema and no
 * other: the schema is owned by the role of the same name, nobody else is granted anything on it, and
 * PUBLIC loses its default rights on the database and on schema {@code public}.
 *
 * <p>The same statements run from the launcher, from the tests, and (as {@code ops/postgres/init}) from
 * the PostgreSQL container of docker-compose. Every statement is idempotent.
 */
public final class DatabaseProvisioner {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /**
     * Extensions a service needs in its schema and whose creation needs more rights than its role has (it
     * may not create anything in the database): catalog's trigram matching for typo-tolerant search.
     */
    static final Map<String, List<String>> SCHEMA_EXTENSIONS = Map.of("catalog", List.of("pg_trgm"));

    private DatabaseProvisioner() {
    }

    /** Statements run once per database, before any schema: take PUBLIC's default rights away. */
    public static List<String> databaseStatements(String database) {
        String db = identifier(database);
        return List.of(
                "REVOKE ALL ON DATABASE " + db + " FROM PUBLIC",
                "REVOKE ALL ON SCHEMA public FROM PUBLIC");
    }

    /** Statements that give {@code schema} a login role of the same name that owns it and nothing else. */
    public static List<String> schemaStatements(String database, String schema, String password) {
        String db = identifier(database);
        String name = identifier(schema);
        String quotedPassword = "'" + password.replace("'", "''") + "'";
        List<String> statements = new ArrayList<>(List.of(
                "DO $$ BEGIN "
                        + "IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '" + name + "') THEN "
                        + "CREATE ROLE " + name + " LOGIN PASSWORD " + quotedPassword + "; "
                        + "END IF; END $$",
                "ALTER ROLE " + name + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD " + quotedPassword,
                "GRANT CONNECT, TEMPORARY ON DATABASE " + db + " TO " + name,
                "CREATE SCHEMA IF NOT EXISTS " + name + " AUTHORIZATION " + name,
                "ALTER SCHEMA " + name + " OWNER TO " + name,
                "REVOKE ALL ON SCHEMA " + name + " FROM PUBLIC",
                "ALTER ROLE " + name + " IN DATABASE " + db + " SET search_path = " + name));
        for (String extension : SCHEMA_EXTENSIONS.getOrDefault(name, List.of())) {
            statements.add("CREATE EXTENSION IF NOT EXISTS " + identifier(extension) + " WITH SCHEMA " + name);
        }
        return List.copyOf(statements);
    }

    /** Every statement for the whole fleet, with each role's password equal to its name (local default). */
    public static List<String> fleetStatements(String database, List<String> schemas) {
        List<String> statements = new ArrayList<>(databaseStatements(database));
        for (String schema : schemas) {
            statements.addAll(schemaStatements(database, schema, schema));
        }
        return statements;
    }

    /** The psql script docker-compose's PostgreSQL runs at first start (ops/postgres/init). */
    public static String initScript(String database, List<String> schemas) {
        StringBuilder script = new StringBuilder()
                .append("-- Generated from DatabaseProvisioner; local-stack DeploymentFilesTests keeps the two in step.\n")
                .append("-- One login role per service owning one schema; PUBLIC keeps no rights.\n");
        for (String statement : fleetStatements(database, schemas)) {
            script.append(statement).append(";\n");
        }
        return script.toString();
    }

    /** Runs {@link #fleetStatements} as a superuser connected to {@code database}. */
    public static void provision(Connection superuser, String database, List<String> schemas) throws SQLException {
        try (Statement statement = superuser.createStatement()) {
            for (String sql : fleetStatements(database, schemas)) {
                statement.execute(sql);
            }
        }
    }

    static String identifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain lower-case SQL identifier: " + name);
        }
        return name;
    }
}
