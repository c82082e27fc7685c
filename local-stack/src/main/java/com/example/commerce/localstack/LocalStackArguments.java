package com.example.commerce.localstack;

import com.example.commerce.stack.FleetOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The launcher's command line, with environment variables as fallbacks for the database options. */
record LocalStackArguments(boolean clean, boolean aot, Optional<FleetOptions.DatabaseLogin> database,
                           Path stateDirectory, Duration healthTimeout, boolean demoData, boolean help,
                           FleetOptions.Hosting hosting, OptionalInt prometheusPort) {

    static final int DEFAULT_PROMETHEUS_PORT = 9090;

    static final String USAGE = """
            Usage: ./fleet [options]      (or: java -jar local-stack/target/local-stack.jar [options])
                   ./fleet token --customer alice@example.com | --client ops-console   (./fleet token --help)

            Starts PostgreSQL, Kafka, the partner simulators and the nine services on this machine,
            waits until all are healthy and prints where they are. On the first start of an empty
            stack it loads the demo catalogue (categories, products, starting stock) through the
            services' own APIs. Ctrl-C stops everything.

              --clean                wipe .local-stack/ (data, logs, caches) before starting
              --db-url=JDBC_URL      use this PostgreSQL instead of the embedded one  [COMMERCE_DB_URL]
              --db-user=NAME         its superuser, to create roles and schemas      [COMMERCE_DB_ADMIN_USER, postgres]
              --db-password=SECRET   that superuser's password                       [COMMERCE_DB_ADMIN_PASSWORD]
              --no-aot               do not record or use a JDK AOT cache per service
              --hosting=shared|separate  the services in one shared JVM (each keeping its own
                                     class loader, port, schema, role and consumer groups), or
                                     each in its own JVM as deployed              [COMMERCE_FLEET_HOSTING, shared]
              --no-demo-data         do not load the demo catalogue into an empty stack
              --with-prometheus[=PORT]  also start a Prometheus from the PATH (Debian's package) that
                                     scrapes every process with the rules and alerts of
                                     ops/prometheus, on 127.0.0.1:PORT                  [9090]
              --state-dir=DIR        where data and logs go, relative to the checkout [.local-stack]
              --health-timeout=SECS  how long to wait for every process              [240]
              --help                 this text
            """;

    static LocalStackArguments parse(String[] args, Map<String, String> env) {
        boolean clean = false;
        boolean aot = true;
        boolean help = false;
        boolean demoData = true;
        String dbUrl = env.get("COMMERCE_DB_URL");
        String dbUser = env.getOrDefault("COMMERCE_DB_ADMIN_USER", "postgres");
        String dbPassword = env.getOrDefault("COMMERCE_DB_ADMIN_PASSWORD", "");
        Path state = Path.of(".local-stack");
        Duration timeout = Duration.ofSeconds(240);
        FleetOptions.Hosting hosting = FleetOptions.Hosting.parse(env.getOrDefault("COMMERCE_FLEET_HOSTING", "shared"));
        OptionalInt prometheus = OptionalInt.empty();
        for (String arg : args) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            switch (name) {
                case "--clean" -> clean = true;
                case "--no-aot" -> aot = false;
                case "--hosting" -> hosting = FleetOptions.Hosting.parse(required(name, value));
                case "--no-demo-data" -> demoData = false;
                case "--with-prometheus" -> prometheus = OptionalInt.of(value == null ? DEFAULT_PROMETHEUS_PORT : port(name, value));
                case "--help", "-h" -> help = true;
                case "--db-url" -> dbUrl = required(name, value);
                case "--db-user" -> dbUser = required(name, value);
                case "--db-password" -> dbPassword = required(name, value);
                case "--state-dir" -> state = Path.of(required(name, value));
                case "--health-timeout" -> timeout = Duration.ofSeconds(seconds(required(name, value)));
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n\n" + USAGE);
            }
        }
        Optional<FleetOptions.DatabaseLogin> database = dbUrl == null || dbUrl.isBlank()
                ? Optional.empty()
                : Optional.of(new FleetOptions.DatabaseLogin(dbUrl, dbUser, dbPassword));
        return new LocalStackArguments(clean, aot, database, state, timeout, demoData, help, hosting, prometheus);
    }

    private static String required(String option, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(option + " needs a value, as in " + option + "=...");
        }
        return value;
    }

    private static int port(String option, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a port (1-65535), not " + value);
        }
    }

    private static long seconds(String value) {
        try {
            long seconds = Long.parseLong(value);
            if (seconds <= 0) {
                throw new NumberFormatException();
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--health-timeout takes a positive number of seconds, not " + value);
        }
    }
}
