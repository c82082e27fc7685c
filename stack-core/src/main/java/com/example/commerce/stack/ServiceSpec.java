package com.example.commerce.stack;

import java.util.Optional;

/**
 * One process of the fleet: its name (also its Maven module), its port, and the PostgreSQL schema it owns.
 * The schema is also the name of the role the service logs in as.
 */
public record ServiceSpec(String name, int port, String schema) {

    public ServiceSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name is required");
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** The schema (and role) this service owns, if it keeps data. */
    public Optional<String> ownSchema() {
        return Optional.ofNullable(schema);
    }
}
