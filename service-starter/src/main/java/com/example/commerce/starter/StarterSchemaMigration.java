package com.example.commerce.starter;

import org.flywaydb.core.Flyway;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Migrates the starter's own tables (outbox, inbox, dead letters) before the service's, each set with
 * its own Flyway history table, so the starter's versions never collide with a service's.
 */
public class StarterSchemaMigration implements FlywayMigrationStrategy {

    static final String LOCATION = "classpath:db/commerce-starter";
    static final String HISTORY_TABLE = "commerce_starter_history";

    @Override
    public void migrate(Flyway serviceFlyway) {
        Flyway.configure(serviceFlyway.getConfiguration().getClassLoader())
                .configuration(serviceFlyway.getConfiguration())
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        serviceFlyway.migrate();
    }
}
