package com.example.commerce.stack;

import com.example.commerce.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The whole fleet on one machine: PostgreSQL, a Kafka broker, the partner simulators and the nine
 * services, each a separate process. {@link #start} returns once every process reports healthy;
 * {@link #close} stops them all, services first, and leaves nothing running.
 */
public final class Fleet implements AutoCloseable {

    static final String CUSTOMER_SERVICE = "customer-service";
    static final String PAYMENT_SERVICE = "payment-service";

    /**
     * Small heaps: nine services and the simulators share a 2-core machine with PostgreSQL and Kafka. The JIT is
     * {@link #jit(String)}: C1 only for a process per service (quick to start; a dozen JVMs each with a C2 compiler
     * would fight over two cores) unless {@code tiered} is asked for.
     */
    static final List<String> SERVICE_JVM_OPTIONS = serviceJvmOptions(jit("c1"));

    /**
     * Which JIT to run: {@code c1} (C1 only) or {@code tiered} (C1, then C2 for hot code), from the system property
     * {@code commerce.fleet.jit} or the environment variable {@code COMMERCE_FLEET_JIT}; {@code auto} or nothing
     * means {@code fallback}: C1 for a process per service, tiered for the shared host, whose one C2 compiles the
     * code all services share once (measured in docs/benchmarks.md: a third less CPU per order).
     */
    static String jit(String fallback) {
        String asked = System.getProperty("commerce.fleet.jit", System.getenv().getOrDefault("COMMERCE_FLEET_JIT", "auto"));
        if (asked.isBlank() || asked.equals("auto")) {
            return fallback;
        }
        if (!asked.equals("c1") && !asked.equals("tiered")) {
            throw new IllegalArgumentException("commerce.fleet.jit must be c1, tiered or auto: " + asked);
        }
        return asked;
    }

    static List<String> serviceJvmOptions(String jit) {
        List<String> options = new ArrayList<>(List.of("-Xms64m", "-Xmx256m", "-Xss512k", "-XX:+UseSerialGC",
                "-XX:ReservedCodeCacheSize=96m", "-Djava.awt.headless=true"));
        if (jit.equals("c1")) {
            options.add("-XX:TieredStopAtLevel=1");
        } else {
            options.add("-XX:CICompilerCount=2"); // one C1 and one C2 thread: two cores are shared by a dozen JVMs
        }
        return List.copyOf(options);
    }

    /**
     * The shared host's options ({@link ServiceHost}): the same JIT and collector as a service's, one heap for all of
     * them (about 128 MB a service, where each had 256 MB to itself) and a code cache for all of their code.
     */
    static List<String> hostJvmOptions(String jit, int services) {
        List<String> options = new ArrayList<>(List.of("-Xms256m", "-Xmx" + Math.max(512, 128 * services) + "m", "-Xss512k",
                "-XX:+UseSerialGC", "-XX:ReservedCodeCacheSize=240m", "-Djava.awt.headless=true"));
        if (jit.equals("c1")) {
            options.add("-XX:TieredStopAtLevel=1");
        } else {
            options.add("-XX:CICompilerCount=2");
        }
        return List.copyOf(options);
    }

    private final FleetOptions options;
    private final String webhookSecret = randomSecret();
    private final Consumer<String> progress;
    private final OrphanGuard guard;
    private final Map<String, Instance> instances = new ConcurrentHashMap<>();
    private List<ServiceApp> apps = List.of();
    private ServiceHostApp host;
    private PostgresServer postgres;
    private KafkaBroker kafka;
    private Duration startupTime = Duration.ZERO;
    private boolean closed;

    private Fleet(FleetOptions options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
        this.guard = OrphanGuard.start(options.stateDirectory().resolve("pids"));
    }

    /** Starts everything and waits until every process is healthy; on failure stops what it started. */
    public static Fleet start(FleetOptions options, Consumer<String> progress) {
        Instant began = Instant.now();
        if (options.clean()) {
            deleteRecursively(options.stateDirectory());
        }
        Fleet fleet = new Fleet(options, progress);
        try {
            fleet.startInfrastructure();
            // While the broker starts: extract the jars and make AOT caches (after a build), mostly disk work.
            fleet.prepareProcesses();
            fleet.awaitKafka();
            fleet.startProcesses();
            fleet.awaitHealthy();
            fleet.signUpDemoCustomers();
            fleet.startupTime = Duration.between(began, Instant.now());
            return fleet;
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public Duration startupTime() {
        return startupTime;
    }

    public String databaseUrl() {
        return postgres.jdbcUrl(FleetLayout.DATABASE);
    }

    public String baseUrl(ServiceSpec spec) {
        return "http://127.0.0.1:" + options.ports().of(spec);
    }

    /**
     * The token issuer every service trusts: customer-service, at the address the fleet gives it. Its
     * tokens carry exactly this as {@code iss}.
     */
    public String issuerUri() {
        return baseUrl(FleetLayout.byName(CUSTOMER_SERVICE));
    }

    /** Where an instance listens: a process's name, or the name given to {@link #startInstance}. */
    public String baseUrl(String instance) {
        return "http://127.0.0.1:" + instance(instance).port();
    }

    /**
     * Starts one more instance of a service, on a free port, beside the one the fleet runs (same database
     * schema, same consumer group), and waits until it is healthy. Stopped with the fleet.
     *
     * @param instance the new instance's name, e.g. {@code catalog-service-2}; its log is {@code <name>.log}
     * @return its base URL
     */
    public synchronized String startInstance(ServiceSpec spec, String instance) {
        if (instances.containsKey(instance)) {
            throw new IllegalArgumentException(instance + " runs already");
        }
        ServiceApp app = apps.stream().filter(a -> a.spec().equals(spec)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(spec.name() + " is not part of this fleet"));
        launch(instance, app.withoutAotRecording(), FreePorts.any());
        awaitHealthy(List.of(instance));
        return baseUrl(instance);
    }

    /** Kills an instance outright (SIGKILL): a crash, with no chance to finish what it was doing. */
    public synchronized void kill(String instance) {
        Instance running = instance(instance);
        if (isHosted(running)) {
            throw new IllegalStateException(instance + " runs in the shared " + ServiceHostApp.NAME
                    + ": only a fleet of separate processes kills one service");
        }
        progress.accept("killing " + instance + " (pid " + running.process().pid() + ")");
        running.process().kill();
        guard.forget(running.process().pid());
    }

    /** Starts a stopped or killed instance again, same port and options, and waits until it is healthy. */
    public synchronized void restart(String instance) {
        Instance stopped = instance(instance);
        if (isHosted(stopped)) {
            throw new IllegalStateException(instance + " runs in the shared " + ServiceHostApp.NAME);
        }
        if (stopped.process().isAlive()) {
            throw new IllegalStateException(instance + " is still running");
        }
        launch(instance, stopped.app().withoutAotRecording(), stopped.port());
        awaitHealthy(List.of(instance));
    }

    /** Stops the Kafka broker (SIGTERM), as an outage would; {@link #startKafka} brings it back. */
    public synchronized void stopKafka() {
        progress.accept("stopping kafka");
        long pid = kafka.pid();
        kafka.close();
        guard.forget(pid);
    }

    /** Starts the broker again on its ports and data, and waits until it answers. */
    public synchronized void startKafka() {
        launchKafka();
        kafka.awaitReady(Duration.ofSeconds(90));
    }

    /**
     * Stops the embedded PostgreSQL (a fast shutdown: every open connection is cut), as a database outage
     * would; {@link #startPostgres} brings it back on the same port with the same data.
     */
    public synchronized void stopPostgres() {
        EmbeddedPostgresServer embedded = embeddedPostgres();
        progress.accept("stopping postgresql");
        embedded.pid().ifPresent(guard::forget);
        embedded.close();
    }

    /** Starts the embedded PostgreSQL again on its port and data, and returns once it takes connections. */
    public synchronized void startPostgres() {
        embeddedPostgres();
        progress.accept("starting postgresql on 127.0.0.1:" + options.ports().postgres());
        postgres = EmbeddedPostgresServer.start(options.stateDirectory().resolve("postgres"), options.ports().postgres());
        postgres.pid().ifPresent(pid -> guard.watch(pid, "INT"));
    }

    private EmbeddedPostgresServer embeddedPostgres() {
        if (!(postgres instanceof EmbeddedPostgresServer embedded)) {
            throw new IllegalStateException("only an embedded PostgreSQL can be stopped and started by the fleet");
        }
        return embedded;
    }

    /** The process id of a running or killed instance (a process's name, or one given to {@link #startInstance}). */
    public long pid(String instance) {
        return instance(instance).process().pid();
    }

    /** Whether an instance's process is alive. */
    public boolean isAlive(String instance) {
        return instance(instance).process().isAlive();
    }

    /** Every pid this fleet started (the PostgreSQL postmaster too, when it is embedded). */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>(instances.values().stream().map(i -> i.process().pid()).distinct().toList());
        if (kafka != null) {
            pids.add(kafka.pid());
        }
        if (postgres != null) {
            postgres.pid().ifPresent(pids::add);
        }
        return pids;
    }

    public List<ProcessStatus> statuses() {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            return instances.values().stream()
                    .sorted(Comparator.comparingInt(Instance::order))
                    .map(instance -> {
                        String base = baseUrl(instance.name());
                        return new ProcessStatus(instance.name(), base, health(http, instance.name()),
                                base + "/v3/api-docs", instance.process().pid());
                    })
                    .toList();
        }
    }

    /** The table the launcher prints: service, URL, health, OpenAPI. */
    public String statusTable() {
        List<ProcessStatus> statuses = statuses();
        String format = "%-20s %-24s %-8s %s%n";
        StringBuilder table = new StringBuilder(String.format(format, "SERVICE", "URL", "HEALTH", "OPENAPI"));
        statuses.forEach(s -> table.append(String.format(format, s.name(), s.url(), s.health(), s.openApiUrl())));
        table.append(String.format(format, "postgresql", databaseUrl(), "UP", "-"));
        table.append(String.format(format, "kafka", kafka.bootstrapServers(), "UP", "-"));
        return table.toString();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<ManagedProcess> all = instances.values().stream().map(Instance::process).distinct().toList();
        List<ManagedProcess> services = instances.values().stream()
                .filter(instance -> !instance.app().spec().equals(FleetLayout.PARTNER_SIMULATORS))
                .map(Instance::process)
                .distinct()
                .toList();
        stopAll(services);
        stopAll(all.stream().filter(p -> !services.contains(p)).toList());
        if (options.aotCache() && Files.isDirectory(options.stateDirectory().resolve("apps"))) {
            try (Stream<Path> files = Files.list(options.stateDirectory().resolve("apps"))) {
                if (files.anyMatch(file -> file.getFileName().toString().endsWith(".aotconf"))) {
                    progress.accept("AOT configurations recorded: the next start turns them into caches first"
                            + " (once after a build, about twenty seconds)");
                }
            } catch (IOException e) {
                // only a message is lost
            }
        }
        try {
            if (kafka != null) {
                progress.accept("stopping kafka");
                kafka.close();
            }
        } finally {
            try {
                if (postgres != null) {
                    progress.accept("stopping postgresql");
                    postgres.close();
                }
            } finally {
                guard.close();
            }
        }
    }

    private void startInfrastructure() {
        FleetOptions.Ports ports = options.ports();
        Path state = options.stateDirectory();
        postgres = options.externalDatabase()
                .<PostgresServer>map(login -> ExternalPostgresServer.fromJdbcUrl(login.jdbcUrl(), login.user(), login.password()))
                .orElseGet(() -> {
                    progress.accept("starting postgresql on 127.0.0.1:" + ports.postgres());
                    return EmbeddedPostgresServer.start(state.resolve("postgres"), ports.postgres());
                });
        postgres.pid().ifPresent(pid -> guard.watch(pid, "INT"));
        try {
            postgres.provision(FleetLayout.DATABASE, FleetLayout.schemas());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not create the fleet's roles and schemas", e);
        }

        launchKafka();
    }

    /** Starts the broker process on the fleet's ports and data, watched by the orphan guard, without waiting. */
    private void launchKafka() {
        FleetOptions.Ports ports = options.ports();
        progress.accept("starting kafka on 127.0.0.1:" + ports.kafka());
        kafka = KafkaBroker.launch(options.stateDirectory().resolve("kafka"), ports.kafka(), ports.kafkaController());
        guard.watch(kafka.pid(), "TERM");
    }

    /**
     * The broker is ready, with every topic, before any service starts. (Starting them side by side
     * was tried: on two cores ten starting JVMs starve the broker, and the whole takes longer.)
     */
    private void awaitKafka() {
        kafka.awaitReady(Duration.ofSeconds(90));
        kafka.endpoint().createTopics(Topics.all(), Topics.PARTITIONS);
        progress.accept("kafka ready with " + Topics.all().size() + " topics");
    }

    private void prepareProcesses() {
        List<ServiceSpec> hosted = hosted(options);
        apps = prepareApps(options.processes(), hosted);
        if (!hosted.isEmpty()) {
            boolean aot = options.aotCache() && Java.featureVersion() >= 25;
            host = ServiceHostApp.prepare(hosted, options.repositoryRoot(), options.stateDirectory().resolve("apps"), aot);
        }
    }

    private void startProcesses() {
        List<ServiceSpec> hosted = hosted(options);
        for (ServiceApp app : apps) {
            if (!hosted.contains(app.spec())) {
                launch(app.spec().name(), app, options.ports().of(app.spec()));
            }
        }
        if (!hosted.isEmpty()) {
            launchHost(hosted);
        }
        progress.accept("started " + instances.values().stream().map(Instance::process).distinct().count()
                + " processes; waiting until all are healthy");
    }

    private void launch(String name, ServiceApp app, int port) {
        ManagedProcess process = ManagedProcess.start(name, command(app, port), options.stateDirectory(),
                options.stateDirectory().resolve("logs").resolve(name + ".log"), Map.of(), Duration.ofSeconds(60));
        guard.watch(process.pid(), "TERM");
        Instance previous = instances.get(name);
        int order = previous != null ? previous.order() : instances.size();
        instances.put(name, new Instance(name, app, port, process, order));
    }

    /** Starts the services of {@code hosted} in one {@link ServiceHost} process, each on its own port. */
    private void launchHost(List<ServiceSpec> hosted) {
        Map<String, List<String>> arguments = new java.util.LinkedHashMap<>();
        hosted.forEach(spec -> arguments.put(spec.name(), arguments(spec, options.ports().of(spec))));
        host.writePlan(arguments);
        progress.accept("hosting " + hosted.stream().map(ServiceSpec::name).toList() + " in one process ("
                + ServiceHostApp.NAME + ")");
        ManagedProcess process = ManagedProcess.start(ServiceHostApp.NAME, host.command(), options.stateDirectory(),
                options.stateDirectory().resolve("logs").resolve(ServiceHostApp.NAME + ".log"), Map.of(),
                Duration.ofSeconds(60));
        guard.watch(process.pid(), "TERM");
        for (ServiceSpec spec : hosted) {
            ServiceApp app = apps.stream().filter(a -> a.spec().equals(spec)).findFirst().orElseThrow();
            instances.put(spec.name(), new Instance(spec.name(), app, options.ports().of(spec), process, instances.size()));
        }
    }

    /** Whether an instance runs in the shared host (it cannot then be killed or restarted by itself). */
    private boolean isHosted(Instance instance) {
        return instances.values().stream().filter(other -> other.process() == instance.process()).count() > 1;
    }

    private Instance instance(String name) {
        Instance instance = instances.get(name);
        if (instance == null) {
            throw new IllegalArgumentException("no such instance in this fleet: " + name);
        }
        return instance;
    }

    private List<ServiceApp> prepareApps(List<ServiceSpec> specs, List<ServiceSpec> hosted) {
        boolean aot = options.aotCache() && Java.featureVersion() >= 25;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            // A hosted service runs in the host; its own app (the built jar) serves only a further instance.
            List<Future<ServiceApp>> apps = specs.stream()
                    .map(spec -> pool.submit(() -> ServiceApp.prepare(spec, options.repositoryRoot(),
                            options.stateDirectory().resolve("apps"), aot && !hosted.contains(spec))))
                    .toList();
            List<ServiceApp> prepared = new ArrayList<>();
            for (Future<ServiceApp> app : apps) {
                prepared.add(app.get());
            }
            return prepared;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing the services", e);
        }
    }

    private static String randomSecret() {
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        return java.util.HexFormat.of().formatHex(secret);
    }

    private List<String> command(ServiceApp app, int port) {
        List<String> command = new ArrayList<>();
        command.add(Java.executable());
        command.addAll(SERVICE_JVM_OPTIONS);
        command.addAll(app.jvmOptions());
        command.addAll(List.of("-jar", app.jar().toString()));
        command.addAll(arguments(app.spec(), port));
        return command;
    }

    /** A process's command-line arguments: where it listens, what it connects to, its secrets. */
    private List<String> arguments(ServiceSpec spec, int port) {
        List<String> command = new ArrayList<>();
        command.add("--server.port=" + port);
        command.add("--server.address=127.0.0.1");
        command.add("--logging.structured.format.console=ecs");
        if (spec.ownSchema().isPresent()) {
            // The local stack: development secrets (the roles' passwords, the wallet key below) are allowed.
            command.add(LocalSecrets.ENVIRONMENT_ARGUMENT);
            command.add("--commerce.db.url=" + databaseUrl());
            command.add("--commerce.kafka.bootstrap-servers=" + kafka.bootstrapServers());
            command.add("--commerce.partners.base-url=" + baseUrl(FleetLayout.PARTNER_SIMULATORS));
            // Every service trusts customer-service's tokens (and customer-service issues them under this name).
            command.add("--commerce.security.issuer-uri=" + issuerUri());
            // Where each service finds the others' APIs (and its own public address, for partners' callbacks).
            for (ServiceSpec peer : FleetLayout.SERVICES) {
                command.add("--commerce.peers." + peer.name().replace("-service", "") + "=" + baseUrl(peer));
            }
        }
        if (spec.name().equals(CUSTOMER_SERVICE)) {
            command.addAll(DemoIdentity.clientArguments());
            // Customer emails go to the simulators' mail server (read them at /mail/v1 of the simulators).
            command.add("--spring.mail.host=127.0.0.1");
            command.add("--spring.mail.port=" + options.ports().smtp());
        }
        if (spec.equals(FleetLayout.PARTNER_SIMULATORS)) {
            command.add("--simulators.mail.smtp-port=" + options.ports().smtp());
        }
        if (spec.name().equals(PAYMENT_SERVICE)) {
            LocalSecrets.walletKey().forEach((name, value) -> command.add("--" + name + "=" + value));
        }
        // The partners sign their callbacks with a secret the services check: one per fleet, never a default.
        command.add((spec.ownSchema().isPresent() ? "--commerce.partners.webhook-secret=" : "--simulators.webhook-secret=")
                + webhookSecret);
        command.addAll(options.argumentsOf(spec.name()));
        return command;
    }

    /**
     * Signs the demo customers up through customer-service's public API (an account that exists already,
     * from an earlier run on the same data, is left as it is).
     */
    private void signUpDemoCustomers() {
        if (!instances.containsKey(CUSTOMER_SERVICE)) {
            return;
        }
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            for (DemoIdentity.Customer customer : DemoIdentity.CUSTOMERS) {
                String body = "{\"email\":\"%s\",\"password\":\"%s\",\"displayName\":\"%s\"}"
                        .formatted(customer.email(), customer.password(), customer.displayName());
                HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl(CUSTOMER_SERVICE) + "/api/v1/customers"))
                        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                int status = http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
                if (status != 201 && status != 409) {
                    throw new IllegalStateException("could not sign up demo customer " + customer.email() + ": HTTP " + status);
                }
            }
            progress.accept("demo customers ready: " + DemoIdentity.CUSTOMERS.stream().map(DemoIdentity.Customer::email).toList()
                    + "; demo clients: " + DemoIdentity.CLIENTS.stream().map(DemoIdentity.Client::clientId).toList());
        } catch (IOException e) {
            throw new IllegalStateException("could not reach customer-service to sign up the demo customers", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void awaitHealthy() {
        awaitHealthy(instances.values().stream().sorted(Comparator.comparingInt(Instance::order))
                .map(Instance::name).toList());
    }

    private void awaitHealthy(List<String> names) {
        Instant deadline = Instant.now().plus(options.healthTimeout());
        Map<String, Instant> healthyAt = new ConcurrentHashMap<>();
        Instant began = Instant.now();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            while (healthyAt.size() < names.size()) {
                for (String name : names) {
                    if (healthyAt.containsKey(name)) {
                        continue;
                    }
                    ManagedProcess process = instance(name).process();
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited while starting; see " + process.logFile());
                    }
                    if ("UP".equals(health(http, name))) {
                        healthyAt.put(name, Instant.now());
                        progress.accept(String.format("%-20s healthy after %d s", name,
                                Duration.between(began, Instant.now()).toSeconds()));
                    }
                }
                if (Instant.now().isAfter(deadline)) {
                    List<String> waiting = names.stream().filter(name -> !healthyAt.containsKey(name)).toList();
                    throw new IllegalStateException("not healthy within " + options.healthTimeout() + ": " + waiting
                            + "; see " + options.stateDirectory().resolve("logs"));
                }
                pause(Duration.ofMillis(500));
            }
        }
    }

    private String health(HttpClient http, String instance) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl(instance) + "/actuator/health"))
                .timeout(Duration.ofSeconds(3)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"")) {
                return "UP";
            }
            return "DOWN";
        } catch (IOException e) {
            return "DOWN";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "DOWN";
        }
    }

    /**
     * Turns the AOT configurations a first run recorded into caches, without starting anything; a start does
     * the same first. Not part of {@link #close}: on two cores it takes about twenty seconds, and a stop must
     * not wait for it. Returns how long it took (zero without AOT).
     */
    public static Duration createAotCaches(FleetOptions options) {
        if (!options.aotCache() || Java.featureVersion() < 25) {
            return Duration.ZERO;
        }
        Instant began = Instant.now();
        Path apps = options.stateDirectory().resolve("apps");
        List<ServiceSpec> hosted = hosted(options);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            options.processes().stream().filter(spec -> !hosted.contains(spec))
                    .forEach(spec -> pool.submit(() -> ServiceApp.prepare(spec, options.repositoryRoot(), apps, true)));
            if (!hosted.isEmpty()) {
                pool.submit(() -> ServiceHostApp.prepare(hosted, options.repositoryRoot(), apps, true));
            }
        }
        return Duration.between(began, Instant.now());
    }

    /** The services {@code options} puts in the shared host: every service with a schema, when hosting is shared. */
    private static List<ServiceSpec> hosted(FleetOptions options) {
        return options.hosting() == FleetOptions.Hosting.SHARED
                ? options.processes().stream().filter(spec -> spec.ownSchema().isPresent()).toList()
                : List.of();
    }

    private void stopAll(List<ManagedProcess> toStop) {
        if (toStop.isEmpty()) {
            return;
        }
        progress.accept("stopping " + toStop.stream().map(ManagedProcess::name).sorted().toList());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            toStop.forEach(process -> pool.submit(process::close));
        }
    }

    /** One running process of the fleet: which app, on which port, and where it sits in the table. */
    private record Instance(String name, ServiceApp app, int port, ManagedProcess process, int order) {
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + directory, e);
        }
    }
}
