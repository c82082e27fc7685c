package com.example.commerce.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to run the fleet.
 *
 * @param repositoryRoot    the checkout whose {@code <module>/target/<module>.jar} files are started
 * @param stateDirectory    where data, logs and caches go ({@code .local-stack/})
 * @param clean             wipe {@code stateDirectory} first
 * @param externalDatabase  a PostgreSQL that runs already, instead of the embedded one
 * @param ports             which ports each server listens on
 * @param aotCache          use a JDK 25+ AOT cache per service (trained on the first run, used after)
 * @param healthTimeout     how long to wait for every process to report healthy
 * @param processes         which of {@link FleetLayout#processes()} to run, in fleet order (all by default;
 *                          a test of one flow runs only the services it needs)
 * @param arguments         extra command-line arguments per process name (a test's short deadlines), after the
 *                          fleet's own, so they win
 * @param hosting           one process per service ({@link Hosting#SEPARATE}, the default), or the services in one
 *                          shared process ({@link Hosting#SHARED})
 */
public record FleetOptions(Path repositoryRoot, Path stateDirectory, boolean clean,
                           Optional<DatabaseLogin> externalDatabase, Ports ports, boolean aotCache,
                           Duration healthTimeout, List<ServiceSpec> processes, Map<String, List<String>> arguments,
                           Hosting hosting) {

    /**
     * How the services run. {@code SEPARATE}: each in its own JVM, as deployed (a fault test kills one of them).
     * {@code SHARED}: every service in one {@link ServiceHost} JVM (each with its own class loader, context, port,
     * schema, role and consumer groups), which on a small machine starts faster and needs less memory and CPU; the
     * partner simulators, Kafka and PostgreSQL stay separate processes.
     */
    public enum Hosting {
        SEPARATE, SHARED;

        /** {@code separate} or {@code shared}, as a command line or an environment variable says it. */
        public static Hosting parse(String value) {
            return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "separate" -> SEPARATE;
                case "shared" -> SHARED;
                default -> throw new IllegalArgumentException("hosting must be shared or separate: " + value);
            };
        }
    }

    public FleetOptions {
        processes = List.copyOf(processes);
        arguments = Map.copyOf(arguments);
        java.util.Objects.requireNonNull(hosting, "hosting");
        if (processes.isEmpty()) {
            throw new IllegalArgumentException("a fleet needs at least one process");
        }
    }

    /** The whole fleet. */
    public FleetOptions(Path repositoryRoot, Path stateDirectory, boolean clean,
                        Optional<DatabaseLogin> externalDatabase, Ports ports, boolean aotCache,
                        Duration healthTimeout) {
        this(repositoryRoot, stateDirectory, clean, externalDatabase, ports, aotCache, healthTimeout,
                FleetLayout.processes(), Map.of(), Hosting.SEPARATE);
    }

    /** The same options with {@code extra} arguments added for one process. */
    public FleetOptions withArguments(String process, String... extra) {
        FleetLayout.byName(process);
        Map<String, List<String>> more = new LinkedHashMap<>(arguments);
        List<String> list = new ArrayList<>(more.getOrDefault(process, List.of()));
        list.addAll(List.of(extra));
        more.put(process, List.copyOf(list));
        return new FleetOptions(repositoryRoot, stateDirectory, clean, externalDatabase, ports, aotCache,
                healthTimeout, processes, more, hosting);
    }

    /** The extra arguments of one process (none by default). */
    public List<String> argumentsOf(String process) {
        return arguments.getOrDefault(process, List.of());
    }

    /** The same options for only the named processes (kept in fleet order). */
    public FleetOptions only(String... names) {
        List<String> wanted = List.of(names);
        wanted.forEach(FleetLayout::byName);
        return new FleetOptions(repositoryRoot, stateDirectory, clean, externalDatabase, ports, aotCache,
                healthTimeout, FleetLayout.processes().stream().filter(spec -> wanted.contains(spec.name())).toList(),
                arguments, hosting);
    }

    /** The same options with the services hosted as {@code hosting} says. */
    public FleetOptions withHosting(Hosting hosting) {
        return new FleetOptions(repositoryRoot, stateDirectory, clean, externalDatabase, ports, aotCache,
                healthTimeout, processes, arguments, hosting);
    }

    /** A superuser login to a PostgreSQL server that runs already. */
    public record DatabaseLogin(String jdbcUrl, String user, String password) {
    }

    /** The ports of PostgreSQL, Kafka, the simulators' mail server (SMTP) and every process. */
    public record Ports(int postgres, int kafka, int kafkaController, int smtp, Map<String, Integer> processes) {

        /** DESIGN.md's ports; PostgreSQL moves to a free port when 5432 is taken. */
        public static Ports standard() {
            Map<String, Integer> processes = new LinkedHashMap<>();
            FleetLayout.processes().forEach(spec -> processes.put(spec.name(), spec.port()));
            int postgres = FreePorts.isFree(FleetLayout.POSTGRES_PORT) ? FleetLayout.POSTGRES_PORT : FreePorts.any();
            return new Ports(postgres, FleetLayout.KAFKA_PORT, FleetLayout.KAFKA_CONTROLLER_PORT, FleetLayout.SMTP_PORT,
                    Map.copyOf(processes));
        }

        /** Free ports everywhere, for tests that must not collide with anything running. */
        public static Ports free() {
            Map<String, Integer> processes = new LinkedHashMap<>();
            FleetLayout.processes().forEach(spec -> processes.put(spec.name(), FreePorts.any()));
            return new Ports(FreePorts.any(), FreePorts.any(), FreePorts.any(), FreePorts.any(), Map.copyOf(processes));
        }

        public int of(ServiceSpec spec) {
            Integer port = processes.get(spec.name());
            if (port == null) {
                throw new IllegalArgumentException("no port for " + spec.name());
            }
            return port;
        }
    }
}
