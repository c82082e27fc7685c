package com.example.commerce.localstack;

import com.example.commerce.stack.Fleet;
import com.example.commerce.stack.FleetLayout;
import com.example.commerce.stack.FleetOptions;
import com.example.commerce.stack.ProcessStatus;
import com.example.commerce.stack.PrometheusServer;
import com.example.commerce.stack.demo.DemoCatalogue;
import com.example.commerce.stack.demo.DemoCatalogueLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The main job: the whole fleet on this machine with one command. Stops everything on Ctrl-C or SIGTERM;
 * if this JVM is killed outright, the fleet's orphan guard stops the children instead.
 */
public final class LocalStack {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private LocalStack() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("token")) {
            System.exit(TokenCommand.run(java.util.Arrays.asList(args).subList(1, args.length), System.getenv()));
            return;
        }
        LocalStackArguments arguments;
        try {
            arguments = LocalStackArguments.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (arguments.help()) {
            System.out.print(LocalStackArguments.USAGE);
            return;
        }
        Path root = repositoryRoot();
        Path state = root.resolve(arguments.stateDirectory());
        FleetOptions options = new FleetOptions(root, state, arguments.clean(),
                arguments.database(), FleetOptions.Ports.standard(), arguments.aot(), arguments.healthTimeout())
                .withHosting(arguments.hosting());
        if (arguments.database().isEmpty() && options.ports().postgres() != FleetLayout.POSTGRES_PORT) {
            say("port " + FleetLayout.POSTGRES_PORT + " is taken: PostgreSQL listens on " + options.ports().postgres());
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Fleet[] running = new Fleet[1];
        PrometheusServer[] prometheus = new PrometheusServer[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (running) {
                if (prometheus[0] != null) {
                    prometheus[0].close();
                }
                if (running[0] != null) {
                    say("stopping the fleet");
                    running[0].close();
                    say("stopped; nothing left running");
                }
            }
            stopped.countDown();
        }, "local-stack-stop"));

        say("starting the fleet from " + root + " (logs and data in " + state + ")");
        Fleet fleet;
        try {
            fleet = Fleet.start(options, LocalStack::say);
        } catch (RuntimeException e) {
            System.err.println("The fleet did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        synchronized (running) {
            running[0] = fleet;
        }
        System.out.println();
        System.out.print(fleet.statusTable());
        System.out.println();
        say(String.format("all healthy in %.1f s. Logs: %s. Ctrl-C stops everything.",
                fleet.startupTime().toMillis() / 1000.0, state.resolve("logs")));
        if (arguments.prometheusPort().isPresent()) {
            synchronized (running) {
                prometheus[0] = startPrometheus(fleet, root, state, arguments.prometheusPort().getAsInt());
            }
        }
        if (arguments.demoData()) {
            loadDemoData(fleet);
        } else {
            say("demo data: skipped (--no-demo-data)");
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A Prometheus scraping every process of {@code fleet} with ops/prometheus's rules, or null (said why) when it
     * cannot start: the fleet keeps running either way.
     */
    private static PrometheusServer startPrometheus(Fleet fleet, Path root, Path state, int port) {
        if (PrometheusServer.binary().isEmpty()) {
            say("prometheus: not started: no prometheus on the PATH (Debian: apt-get install prometheus)");
            return null;
        }
        List<PrometheusServer.Target> targets = new ArrayList<>();
        for (ProcessStatus status : fleet.statuses()) {
            targets.add(new PrometheusServer.Target(status.name().equals("partner-simulators") ? "partner-simulators" : "commerce",
                    status.name(), status.url().replaceFirst("^https?://", "")));
        }
        try {
            PrometheusServer server = PrometheusServer.start(state.resolve("prometheus"),
                    root.resolve("ops/prometheus/rules"), targets, Duration.ofSeconds(5), port);
            say("prometheus: " + server.url() + " scrapes " + targets.size() + " processes with the rules of ops/prometheus"
                    + " (alerts at " + server.url() + "/alerts). For the dashboards, point a Grafana at it: add a Prometheus"
                    + " data source with URL " + server.url() + " and import ops/grafana/dashboards/*.json (README, Operations).");
            return server;
        } catch (RuntimeException e) {
            say("prometheus: not started: " + e.getMessage());
            return null;
        }
    }

    /**
     * Loads the demo catalogue if the catalogue is empty (the first start of a stack), through the
     * catalog and inventory APIs. A failure is reported, not fatal: the fleet keeps running.
     */
    private static void loadDemoData(Fleet fleet) {
        DemoCatalogue demo = DemoCatalogue.standard();
        DemoCatalogueLoader loader = new DemoCatalogueLoader(
                fleet.baseUrl(FleetLayout.byName("catalog-service")),
                fleet.baseUrl(FleetLayout.byName("inventory-service")),
                DemoAuthorization.header(fleet.issuerUri()), LocalStack::say);
        try {
            if (!loader.catalogueIsEmpty()) {
                say("demo data: the catalogue has data already; nothing loaded");
                return;
            }
            say("demo data: loading the demo catalogue (seed " + DemoCatalogue.SEED + ", "
                    + demo.categories().size() + " categories, " + demo.products().size()
                    + " products) through the catalog and inventory APIs");
            DemoCatalogueLoader.Result result = loader.loadIfEmpty(demo);
            say(String.format("demo data: loaded %d categories and %d products, stock set for %d SKUs, in %.1f s%s",
                    result.categories(), result.products(), result.stocked(), result.took().toMillis() / 1000.0,
                    result.stockUnset().isEmpty() ? "" : " (" + result.stockUnset().size() + " SKUs without stock)"));
        } catch (RuntimeException e) {
            say("demo data: not loaded: " + e.getMessage());
        }
    }

    /** The checkout: the working directory or the nearest parent that holds the fleet's modules. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("local-stack")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("run this from the commerce checkout (no local-stack/ found above "
                + Path.of("").toAbsolutePath() + ")");
    }

    private static void say(String message) {
        System.out.println("[" + LocalTime.now().format(CLOCK) + "] " + message);
        System.out.flush();
    }
}
