package com.example.commerce.loadtests.benchmark;

import com.example.commerce.loadtests.benchmark.BenchmarkTable.Bound;
import com.example.commerce.loadtests.benchmark.BenchmarkTable.Row;
import com.example.commerce.loadtests.fleet.BenchmarkFleet;
import com.example.commerce.loadtests.gatling.BrowseSimulation;
import com.example.commerce.loadtests.gatling.CartSimulation;
import com.example.commerce.loadtests.gatling.CatalogueReadSimulation;
import com.example.commerce.loadtests.gatling.CheckoutSimulation;
import com.example.commerce.loadtests.gatling.Fixture;
import com.example.commerce.loadtests.gatling.FlashSaleSimulation;
import com.example.commerce.loadtests.gatling.Measurements;
import com.example.commerce.stack.EmbeddedPostgresServer;
import com.example.commerce.stack.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The benchmark of issue 14 in one command: starts the saga's fleet (first start, timed), prepares it (customers
 * signed in through PKCE, cards saved, SKUs stocked), steps the offered checkout rate up until placed -> CONFIRMED
 * p99 or errors break, then measures at half the sustained maximum (client and server p99, CPU per order per
 * process from {@code /proc}), the catalogue's product-by-SKU read against its trivial endpoint, browse and cart,
 * a flash sale, an overload of 3x the maximum for 60 s and the recovery after it, and what PostgreSQL alone
 * sustains for one order's transactions; stops the fleet (timed), starts it warm and stops it again (timed), and
 * prints one table: figure, value, limit, ratio (also written to {@code target/benchmark-table.md}).
 *
 * <p>Every HTTP load is a Gatling simulation run in this JVM (each with its HTML report under
 * {@code target/gatling/}); open-model arrival rates throughout, except the catalogue's capacity (a closed model:
 * N requests in flight, what the service carries at most).
 */
public final class StepUpBenchmark {

    private static final Path TARGET = BenchmarkFleet.repositoryRoot().resolve("load-tests/target");
    private static final Path STATE = TARGET.resolve("benchmark");
    private static final Path FIXTURE = STATE.resolve("fixture");
    private static final Path RESULTS = TARGET.resolve("gatling");

    private final Map<String, String> settings = new LinkedHashMap<>();
    private final BenchmarkTable table = new BenchmarkTable();
    private final List<String> log = new ArrayList<>();
    private final FleetUsage usage = FleetUsage.ofThisMachine();
    private long peakRss;
    private long peakPss;
    private List<BenchmarkFleet.Customer> signedIn;

    public static void main(String[] args) throws Exception {
        new StepUpBenchmark().run();
        System.exit(0);
    }

    private static int integer(String name, int fallback) {
        return Integer.getInteger(name, fallback);
    }

    private static double decimal(String name, double fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : Double.parseDouble(value);
    }

    private void say(String message) {
        System.out.println("[benchmark] " + message);
        log.add(message);
    }

    void run() throws Exception {
        double startRate = decimal("startRate", 10);
        double factor = decimal("rateFactor", 1.5);
        int stepSeconds = integer("stepSeconds", 60);
        int maxSteps = integer("maxSteps", 12);
        int warmup = integer("warmup", 20);
        int measureSeconds = integer("measureSeconds", 60);
        int overloadSeconds = integer("overloadSeconds", 60);
        int recoveryWindow = integer("recoverySeconds", 30);
        int readSeconds = integer("readSeconds", 20);
        int readConcurrency = integer("readConcurrency", 16);
        int flashStock = integer("flashStock", 20);
        int flashOrders = integer("flashOrders", 80);
        int dbConnections = integer("dbConnections", 8);
        int dbSeconds = integer("dbSeconds", 30);
        int timelineSample = integer("timelineSample", 1000);
        boolean warmRestart = Boolean.parseBoolean(System.getProperty("warmRestart", "true"));
        boolean onlySteps = Boolean.parseBoolean(System.getProperty("onlySteps", "false"));
        StepRule rule = new StepRule(integer("breakP99", 1000), decimal("maxErrorShare", 0.01),
                decimal("minConfirmedShare", 0.9));
        settings.put("fsync / synchronous_commit", EmbeddedPostgresServer.durable() ? "asked on" : "asked off");
        settings.put("step-up", "from %s/s, x%s a step, %d s a step, break at client p99 > %d ms, > %.0f%% not confirmed, or < %.0f%% of offered confirmed"
                .formatted(BenchmarkTable.number(startRate), factor, stepSeconds, rule.p99LimitMillis(),
                        100 * rule.maxErrorShare(), 100 * rule.minConfirmedShare()));
        settings.put("started", Instant.now().toString());
        settings.put("instances", BenchmarkFleet.instances() == 1 ? "one of each service"
                : "two each of " + BenchmarkFleet.SCALED + " (the second its own process; HTTP to the first)");
        settings.put("load average at start", loadAverage());

        Duration firstStart;
        Duration stopAfterFirst;
        long processesRss;
        Map<String, Long> roots;
        BenchmarkFleet bench = BenchmarkFleet.start(BenchmarkFleet.options(STATE, true), this::say);
        firstStart = bench.startup();
        say("first start: " + firstStart.toMillis() + " ms");
        try {
            roots = roots(bench);
            processesRss = rss(roots);
            List<BenchmarkFleet.Customer> customers = bench.customers(5);
            signedIn = customers;
            List<String> skus = bench.stockSkus("BENCH", 50, 1_000_000, customers.getFirst());
            String trivial = trivialPath(bench);
            settings.put("catalogue's trivial endpoint", "GET " + trivial);
            settings.put("PostgreSQL settings (as the server says)", postgresSettings(bench.fleet().postgres()));
            Fixture.write(FIXTURE, bench, customers, skus, trivial);

            // --- warm-up and the step-up -----------------------------------------------------------------
            gatling(CheckoutSimulation.class, Map.of("bench.phases", rate(startRate) + "@" + warmup), "warm-up");
            Measurements.drainCheckouts();
            StepRule.Step held = null;
            double rate = startRate;
            int stepsDown = 0;
            for (int i = 0; i < maxSteps; i++) {
                refresh(bench, customers, skus, trivial);
                gatling(CheckoutSimulation.class, Map.of("bench.phases", rate(rate) + "@" + stepSeconds), "step " + rate(rate) + "/s");
                CheckoutRun run = new CheckoutRun(Measurements.drainCheckouts());
                StepRule.Step step = run.step(rate, stepSeconds);
                String broke = rule.breaks(step);
                say(String.format(Locale.ROOT, "step %s/s: %d offered, %d confirmed, %.1f confirmations/s, client p99 %d ms -> %s",
                        rate(rate), step.offered(), step.confirmed(), step.confirmedRate(), step.p99Millis(),
                        broke == null ? "holds" : "breaks (" + broke + ")"));
                trackRss(roots);
                if (broke != null && held == null && rate > 1 && stepsDown++ < 3) {
                    rate = Math.max(1, Math.floor(rate / 2));   // the first rate is too much already: step down first
                    continue;
                }
                if (broke != null) {
                    break;
                }
                held = step;
                rate = StepRule.next(rate, factor);
            }
            double max = held == null ? 0 : held.confirmedRate();
            if (held != null) {
                table.add(Row.measured("sustained confirmations/s", max, "/s", Bound.AT_LEAST, 200,
                        "offered " + rate(held.offeredRate()) + "/s, the last step that held"));
            } else {
                table.add(Row.notMeasured("sustained confirmations/s", Bound.AT_LEAST, 200.0, "/s",
                        "no step held, down to " + rate(rate) + "/s; lower -DstartRate or -DbreakP99 decides"));
            }
            if (!onlySteps) {
                double half = Math.max(1, (held == null ? rate : max) / 2);
                boolean noMaximum = held == null;
                attempt("half the maximum", () -> halfMaximum(bench, customers, skus, trivial, roots, half, measureSeconds,
                        timelineSample, noMaximum));
                attempt("catalogue", () -> catalogue(bench, customers, skus, trivial, readConcurrency, readSeconds));
                attempt("browse and cart", () -> browseAndCart(bench, customers, skus, trivial, half));
                attempt("flash sale", () -> flashSale(bench, customers, skus, trivial, flashStock, flashOrders));
                attempt("overload", () -> overload(bench, customers, skus, trivial, noMaximum ? 0 : max, overloadSeconds,
                        recoveryWindow, rule));
                attempt("database limit", () -> databaseLimit(bench, max, dbConnections, dbSeconds));
            }
            trackRss(roots);
        } finally {
            Instant stopping = Instant.now();
            bench.close();
            stopAfterFirst = Duration.between(stopping, Instant.now());
        }
        table.add(Row.measured("fleet start, first (clean state, no AOT cache)", firstStart.toMillis() / 1000.0, "s",
                Bound.AT_MOST, 60, "the saga's 7 services + partner simulators + PostgreSQL + Kafka (not backorder, reporting), until every one is healthy"));
        table.add(Row.measured("fleet stop after a first start", stopAfterFirst.toMillis() / 1000.0, "s", Bound.AT_MOST, 15,
                "includes each JVM writing what it recorded for its AOT cache; the caches are made before the next start"));
        if (warmRestart) {
            attempt("warm start", () -> {
                Duration caches = com.example.commerce.stack.Fleet.createAotCaches(BenchmarkFleet.options(STATE, false));
                table.add(Row.info("AOT caches made from the first run (once after a build, before the next start)",
                        caches.toMillis() / 1000.0, "s", "not part of any stop; a start after a build does it first"));
                Instant starting = Instant.now();
                BenchmarkFleet warm;
                try {
                    warm = BenchmarkFleet.start(BenchmarkFleet.options(STATE, false), this::say);
                } catch (RuntimeException e) {
                    table.add(Row.notMeasured("fleet start, warm (data and AOT caches kept)", Bound.AT_MOST, 30.0, "s",
                            "failed after " + Duration.between(starting, Instant.now()).toSeconds() + " s: " + e.getMessage()));
                    return;
                }
                Duration warmStart = warm.startup();
                long warmRss = rss(roots(warm));
                Instant stopping = Instant.now();
                warm.close();
                Duration warmStop = Duration.between(stopping, Instant.now());
                table.add(Row.measured("fleet start, warm (data and AOT caches kept)", warmStart.toMillis() / 1000.0, "s",
                        Bound.AT_MOST, 30, null));
                table.add(Row.measured("fleet stop after a warm start", warmStop.toMillis() / 1000.0, "s", Bound.AT_MOST, 15,
                        null));
                table.add(Row.info("resident memory after the warm start, idle", warmRss / 1e9, "GB",
                        "sum of RSS of every process it started"));
            });
        } else {
            table.add(Row.notMeasured("fleet start, warm", Bound.AT_MOST, 30.0, "s", "-DwarmRestart=false"));
        }
        // PSS: each resident page once, a shared one divided among the processes that map it. The sum of RSS counts
        // PostgreSQL's shared buffers once per backend (eighty of them) and so overstates what the fleet holds.
        table.add(Row.measured("resident memory, everything the fleet started (peak PSS of the samples under load)",
                peakPss / 1e9, "GB", Bound.AT_MOST, 2.5, "the saga's services, partner simulators, PostgreSQL and Kafka; "
                        + "the sum of their RSS peaked at " + BenchmarkTable.number(peakRss / 1e9) + " GB (it counts PostgreSQL's"
                        + " shared buffers once a backend); RSS idle after the first start: "
                        + BenchmarkTable.number(processesRss / 1e9) + " GB"));
        settings.put("load average at the end", loadAverage());
        String report = report();
        System.out.println(report);
        Files.createDirectories(TARGET);
        Files.writeString(TARGET.resolve("benchmark-table.md"), report);
    }

    // --- the phases --------------------------------------------------------------------------------------

    private void halfMaximum(BenchmarkFleet bench, List<BenchmarkFleet.Customer> customers, List<String> skus, String trivial,
                             Map<String, Long> roots, double half, int seconds, int timelineSample, boolean noMaximum) throws Exception {
        refresh(bench, customers, skus, trivial);
        Map<String, Long> withClient = new LinkedHashMap<>(roots);
        withClient.put("load client (Gatling, this JVM)", ProcessHandle.current().pid());
        Map<String, FleetUsage.Usage> before = usage.sample(withClient);
        gatling(CheckoutSimulation.class, Map.of("bench.phases", rate(half) + "@" + seconds), "half maximum " + rate(half) + "/s");
        Map<String, FleetUsage.Usage> after = usage.sample(withClient);
        CheckoutRun run = new CheckoutRun(Measurements.drainCheckouts());
        trackRss(roots);
        String at = "at " + rate(half) + "/s for " + seconds + " s" + (noMaximum ? " (half the first step's rate: no step held)" : "");
        long confirmed = run.confirmed();
        say("half maximum: " + run.offered() + " offered, " + confirmed + " confirmed, client p99 " + run.p99() + " ms");
        if (confirmed == 0) {
            table.add(Row.notMeasured("placed -> CONFIRMED p99, client, half the maximum", Bound.AT_MOST, 300.0, "ms",
                    "nothing confirmed " + at));
        } else {
            table.add(Row.measured("placed -> CONFIRMED p99, client, half the maximum", run.p99(), "ms", Bound.AT_MOST, 300,
                    at + ", " + confirmed + " of " + run.offered() + " confirmed, p50 "
                            + Percentiles.of(run.placedToConfirmed(), 50) + " ms"));
        }
        List<String> ids = run.confirmedOrderIds();
        List<Long> server = new ArrayList<>();
        String operator = bench.shop().operator();
        int stride = Math.max(1, ids.size() / Math.max(1, timelineSample));
        for (int i = 0; i < ids.size(); i += stride) {
            bench.placedToConfirmed(operator, ids.get(i)).ifPresent(server::add);
        }
        server.sort(null);
        if (server.isEmpty()) {
            table.add(Row.notMeasured("placed -> CONFIRMED p99, server (order timeline), half the maximum", Bound.AT_MOST,
                    300.0, "ms", "no confirmed order's timeline " + at));
        } else {
            table.add(Row.measured("placed -> CONFIRMED p99, server (order timeline), half the maximum", Percentiles.of(server, 99),
                    "ms", Bound.AT_MOST, 300, server.size() + " timelines, p50 " + Percentiles.of(server, 50) + " ms"));
        }
        Map<String, Long> cpu = FleetUsage.cpuBetween(before, after);
        if (confirmed == 0) {
            table.add(Row.notMeasured("CPU per order, the whole fleet", Bound.AT_MOST, 10.0, "ms", "nothing confirmed " + at));
            return;
        }
        long fleetCpu = cpu.entrySet().stream().filter(e -> roots.containsKey(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        table.add(Row.measured("CPU per order, the whole fleet (every process below)", (double) fleetCpu / confirmed, "ms",
                Bound.AT_MOST, 10, at + "; utime+stime from /proc over the run, / " + confirmed + " confirmed"));
        cpu.forEach((name, millis) -> table.add(Row.info("CPU per order: " + name, (double) millis / confirmed, "ms",
                roots.containsKey(name) ? before.get(name).processes() + " process(es)" : "not part of the fleet's figure")));
    }

    private void catalogue(BenchmarkFleet bench, List<BenchmarkFleet.Customer> customers, List<String> skus, String trivial,
                           int concurrency, int seconds) throws Exception {
        refresh(bench, customers, skus, trivial);
        double trivialRate = capacity("trivial", concurrency, seconds);
        double bySkuRate = capacity("bySku", concurrency, seconds);
        say(String.format(Locale.ROOT, "catalogue capacity: trivial %.0f/s, by SKU %.0f/s", trivialRate, bySkuRate));
        if (trivialRate <= 0 || bySkuRate <= 0) {
            table.add(Row.notMeasured("catalogue: product by SKU / trivial endpoint, throughput", Bound.AT_LEAST, 0.7, "",
                    "no successful reads"));
            return;
        }
        table.add(Row.measured("catalogue: product by SKU / trivial endpoint, throughput", bySkuRate / trivialRate, "",
                Bound.AT_LEAST, 0.7, String.format(Locale.ROOT, "%.0f/s vs %.0f/s, %d in flight for %d s each", bySkuRate,
                        trivialRate, concurrency, seconds)));
        double half = Math.max(1, bySkuRate / 2);
        gatling(CatalogueReadSimulation.class, Map.of("bench.read", "bySku", "bench.phases", rate(half) + "@" + seconds),
                "product by SKU at " + rate(half) + "/s");
        List<Measurements.Call> calls = Measurements.drainCalls();
        List<Long> ok = calls.stream().filter(c -> c.status() == 200).map(Measurements.Call::millis).sorted().toList();
        if (ok.isEmpty()) {
            table.add(Row.notMeasured("catalogue: product by SKU p99 at half its throughput", Bound.AT_MOST, 10.0, "ms",
                    "no successful reads"));
        } else {
            table.add(Row.measured("catalogue: product by SKU p99 at half its throughput", Percentiles.of(ok, 99), "ms",
                    Bound.AT_MOST, 10, "at " + rate(half) + "/s, " + ok.size() + " of " + calls.size() + " answered 200"));
        }
    }

    /** Successful reads a second with {@code concurrency} requests in flight (a closed model). */
    private double capacity(String read, int concurrency, int seconds) {
        gatling(CatalogueReadSimulation.class, Map.of("bench.read", read, "bench.concurrency", Integer.toString(concurrency),
                "bench.seconds", Integer.toString(seconds)), read + " capacity");
        List<Measurements.Call> calls = Measurements.drainCalls();
        List<Measurements.Call> ok = calls.stream().filter(c -> c.status() == 200).toList();
        if (ok.isEmpty()) {
            return 0;
        }
        long first = ok.stream().mapToLong(Measurements.Call::startEpochMillis).min().orElseThrow();
        long last = ok.stream().mapToLong(c -> c.startEpochMillis() + c.millis()).max().orElseThrow();
        return ok.size() / Math.max(0.001, (last - first) / 1000.0);
    }

    private void browseAndCart(BenchmarkFleet bench, List<BenchmarkFleet.Customer> customers, List<String> skus,
                               String trivial, double half) throws Exception {
        refresh(bench, customers, skus, trivial);
        int browseRate = integer("browseRate", 20);
        int cartRate = integer("cartRate", 5);
        int seconds = integer("browseSeconds", 30);
        gatling(BrowseSimulation.class, Map.of("bench.phases", browseRate + "@" + seconds), "browse");
        gatling(CartSimulation.class, Map.of("bench.phases", cartRate + "@" + seconds), "cart");
        Map<String, List<Measurements.Call>> byName = Measurements.drainCalls().stream()
                .collect(Collectors.groupingBy(Measurements.Call::name, LinkedHashMap::new, Collectors.toList()));
        byName.forEach((name, calls) -> {
            List<Long> ok = calls.stream().filter(c -> c.status() / 100 == 2).map(Measurements.Call::millis).sorted().toList();
            long failed = calls.size() - ok.size();
            String where = name.startsWith("cart") ? cartRate + " carts/s" : browseRate + " browsing users/s";
            if (ok.isEmpty()) {
                table.add(Row.notMeasured(name + " p99", Bound.NONE, null, "ms", "no successful answer of " + calls.size()));
            } else {
                table.add(Row.info(name + " p99", Percentiles.of(ok, 99), "ms", where + " for " + seconds + " s, " + calls.size()
                        + " requests, " + failed + " failed" + statuses(calls)));
            }
        });
    }

    private static String statuses(List<Measurements.Call> calls) {
        Map<Integer, Long> failed = calls.stream().filter(c -> c.status() / 100 != 2)
                .collect(Collectors.groupingBy(Measurements.Call::status, Collectors.counting()));
        return failed.isEmpty() ? "" : " " + failed;
    }

    private void flashSale(BenchmarkFleet bench, List<BenchmarkFleet.Customer> customers, List<String> skus, String trivial,
                           int stock, int orders) throws Exception {
        customers = refresh(bench, customers, skus, trivial);
        String sku = bench.stockSkus("FLASH", 1, stock + 1, customers.getFirst()).getFirst();
        Instant until = Instant.now().plusSeconds(60);
        while (bench.shop().stock(sku).path("available").asInt() != stock && Instant.now().isBefore(until)) {
            Thread.sleep(200);
        }
        gatling(FlashSaleSimulation.class, Map.of("bench.flashSku", sku, "bench.flashOrders", Integer.toString(orders),
                "bench.flashSeconds", "4"), "flash sale");
        CheckoutRun run = new CheckoutRun(Measurements.drainCheckouts());
        long confirmed = run.confirmed();
        long rejected = run.checkouts().stream().filter(c -> "REJECTED".equals(c.finalStatus())).count();
        int available = bench.shop().stock(sku).path("available").asInt();
        say("flash sale: " + orders + " orders of a stock of " + stock + ": " + confirmed + " confirmed, " + rejected
                + " rejected, " + (run.offered() - run.accepted()) + " refused; available now " + available);
        table.add(Row.measured("flash sale: confirmed orders of one SKU", confirmed, "", Bound.EQUAL, stock,
                orders + " orders in 4 s, stock " + stock + ": " + rejected + " rejected, " + (run.offered() - run.accepted())
                        + " refused, " + run.acceptedButUnfinished() + " unfinished; available afterwards " + available));
    }

    private void overload(BenchmarkFleet bench, List<BenchmarkFleet.Customer> customers, List<String> skus, String trivial,
                          double max, int seconds, int recoveryWindow, StepRule rule) throws Exception {
        if (max <= 0) {
            table.add(Row.notMeasured("overload: confirmations at 3x the maximum, share of the maximum", Bound.AT_LEAST, 0.9, "",
                    "no sustained maximum"));
            return;
        }
        refresh(bench, customers, skus, trivial);
        double surge = 3 * max;
        long surgeStart = System.currentTimeMillis();
        gatling(CheckoutSimulation.class, Map.of("bench.phases", rate(surge) + "@" + seconds + "," + rate(max) + "@" + recoveryWindow),
                "overload " + rate(surge) + "/s then " + rate(max) + "/s");
        CheckoutRun run = new CheckoutRun(Measurements.drainCheckouts());
        long first = run.checkouts().stream().mapToLong(Measurements.Checkout::arrivalEpochMillis).min().orElse(surgeStart);
        long surgeEnd = first + seconds * 1000L;
        long confirmedInSurge = run.confirmedBetween(first, surgeEnd);
        double share = confirmedInSurge / (double) seconds / max;
        table.add(Row.measured("overload: confirmations during " + seconds + " s at 3x the maximum, share of the maximum", share, "",
                Bound.AT_LEAST, 0.9, String.format(Locale.ROOT, "offered %s/s: %.1f confirmations/s", rate(surge),
                        confirmedInSurge / (double) seconds)));
        List<Measurements.Checkout> refused = run.refusedBetween(first, surgeEnd + recoveryWindow * 1000L);
        long proper = refused.stream().filter(c -> CheckoutRun.properRefusal(c, 100)).count();
        if (refused.isEmpty()) {
            table.add(Row.notMeasured("overload: refusals answered within 100 ms with 429/503 + Retry-After", Bound.AT_LEAST, 1.0,
                    "", "nothing was refused (" + run.accepted() + " of " + run.offered() + " accepted)"));
        } else {
            Map<Integer, Long> kinds = refused.stream().collect(Collectors.groupingBy(Measurements.Checkout::placeStatus,
                    java.util.TreeMap::new, Collectors.counting()));
            table.add(Row.measured("overload: refusals answered within 100 ms with 429/503 + Retry-After, share", (double) proper
                    / refused.size(), "", Bound.AT_LEAST, 1.0, proper + " of " + refused.size() + " refused; by status (0: no answer) "
                    + kinds));
        }
        table.add(Row.measured("overload: accepted orders neither confirmed nor ended within the follow limit",
                run.acceptedButUnfinished(), "", Bound.EQUAL, 0, run.accepted() + " accepted"));
        OptionalInt recovery = run.recoverySeconds(surgeEnd, surgeEnd + recoveryWindow * 1000L, rule.p99LimitMillis());
        if (recovery.isPresent()) {
            table.add(Row.measured("overload: recovery to full rate after the surge", recovery.getAsInt(), "s", Bound.AT_MOST, 10,
                    "first second after which every arrival at " + rate(max) + "/s was confirmed within " + rule.p99LimitMillis() + " ms"));
        } else {
            table.add(Row.notMeasured("overload: recovery to full rate after the surge", Bound.AT_MOST, 10.0, "s",
                    "not recovered within " + recoveryWindow + " s (arrivals at " + rate(max) + "/s still not all confirmed within "
                            + rule.p99LimitMillis() + " ms)"));
        }
    }

    private void databaseLimit(BenchmarkFleet bench, double max, int connections, int seconds) throws Exception {
        PostgresServer postgres = bench.fleet().postgres();
        DatabaseLimit limit = new DatabaseLimit("jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/",
                postgres.superuser(), postgres.superuserPassword(), BenchmarkFleet.repositoryRoot());
        limit.prepare();
        try {
            DatabaseLimit.Result result = limit.run(connections, 5, seconds);
            say(String.format(Locale.ROOT, "database alone: %.1f orders/s (%d orders, %d failures, %d connections)",
                    result.ordersPerSecond(), result.orders(), result.failures(), connections));
            table.add(Row.info("database limit: one order's transactions, placement to DELIVERED", result.ordersPerSecond(), "/s",
                    result.transactionsPerOrder() + " transactions an order, " + connections + " connections, " + seconds + " s, "
                            + result.failures() + " failed, same server and settings"));
            if (max > 0 && result.ordersPerSecond() > 0) {
                table.add(Row.measured("saga's sustained rate / database limit", max / result.ordersPerSecond(), "",
                        Bound.AT_LEAST, 0.5, null));
            } else {
                table.add(Row.notMeasured("saga's sustained rate / database limit", Bound.AT_LEAST, 0.5, "",
                        max > 0 ? "the replay did not complete an order" : "no sustained maximum"));
            }
        } finally {
            limit.drop();
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------

    private interface Phase {
        void run() throws Exception;
    }

    /** Runs a phase; if it fails, the table says so in a row of its own and the other phases still run. */
    private void attempt(String phase, Phase work) {
        try {
            work.run();
        } catch (Exception e) {
            say(phase + " failed: " + e);
            table.add(new Row(phase, null, "", Bound.NONE, null, "not measured: the phase failed: " + e));
        }
    }

    /** Runs one simulation in this JVM, against the fixture, with its own HTML report. */
    static void gatling(Class<?> simulation, Map<String, String> properties, String description) {
        System.setProperty("bench.fixture", FIXTURE.toString());
        properties.forEach(System::setProperty);
        try {
            int code = io.gatling.app.Gatling$.MODULE$.fromArgs(new String[] {"--simulation", simulation.getName(),
                    "--results-folder", RESULTS.toString(), "--run-description", description, "--launcher", "maven",
                    "--build-tool-version", "3.9"});
            System.out.println("[benchmark] gatling " + simulation.getSimpleName() + " (" + description + ") exit " + code);
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
    }

    /**
     * Tokens valid for the next phase in the feeders (a renewed refresh token replaces the old one, which the
     * issuer rotates out: the signed-in customers are kept here, not in the phases' arguments).
     */
    private List<BenchmarkFleet.Customer> refresh(BenchmarkFleet bench, List<BenchmarkFleet.Customer> ignored,
                                                  List<String> skus, String trivial) {
        signedIn = bench.freshTokens(signedIn, Duration.ofMinutes(6));
        Fixture.write(FIXTURE, bench, signedIn, skus, trivial);
        return signedIn;
    }

    private static Map<String, Long> roots(BenchmarkFleet bench) {
        Map<String, Long> roots = new LinkedHashMap<>();
        for (String process : BenchmarkFleet.PROCESSES) {
            long pid = bench.fleet().pid(process);
            String shared = roots.entrySet().stream().filter(e -> e.getValue() == pid).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
            if (shared == null) {
                roots.put(process, pid);
            } else {
                // Several services in the one shared host process: counted once, under every name it hosts.
                roots.remove(shared);
                roots.put(shared.startsWith("service-host") ? shared + "+" + process
                        : "service-host: " + shared + "+" + process, pid);
            }
        }
        for (String extra : bench.extraInstances()) {
            roots.put(extra, bench.fleet().pid(extra));
        }
        roots.put("kafka", bench.fleet().kafka().pid());
        bench.fleet().postgres().pid().ifPresent(pid -> roots.put("postgresql", pid));
        return roots;
    }

    private long rss(Map<String, Long> roots) {
        return usage.sample(roots).values().stream().mapToLong(FleetUsage.Usage::rssBytes).sum();
    }

    private void trackRss(Map<String, Long> roots) {
        Map<String, FleetUsage.Usage> now = usage.sample(roots);
        peakRss = Math.max(peakRss, now.values().stream().mapToLong(FleetUsage.Usage::rssBytes).sum());
        peakPss = Math.max(peakPss, now.values().stream().mapToLong(FleetUsage.Usage::pssBytes).sum());
    }

    private static String rate(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : String.format(Locale.ROOT, "%.1f", rate);
    }

    /** The cheapest endpoint of catalog-service that answers 200: liveness if the probes are on, else info. */
    private static String trivialPath(BenchmarkFleet bench) {
        String property = System.getProperty("trivialPath");
        if (property != null) {
            return property;
        }
        for (String path : List.of("/actuator/health/liveness", "/actuator/info")) {
            if (bench.shop().api().get(bench.shop().url("catalog-service", path), null).status() == 200) {
                return path;
            }
        }
        return "/actuator/health";
    }

    private static String postgresSettings(PostgresServer postgres) {
        try (Connection c = postgres.connectAsSuperuser("postgres"); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT name || '=' || setting FROM pg_settings WHERE name IN"
                     + " ('fsync', 'synchronous_commit', 'full_page_writes', 'max_connections') ORDER BY name")) {
            List<String> settings = new ArrayList<>();
            while (r.next()) {
                settings.add(r.getString(1));
            }
            return String.join(", ", settings);
        } catch (Exception e) {
            return "could not read: " + e.getMessage();
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** The JIT the services ran: as asked, or the launcher's choice for the hosting (tiered shared, C1 separate). */
    private static String jit() {
        String asked = System.getProperty("commerce.fleet.jit", System.getenv().getOrDefault("COMMERCE_FLEET_JIT", "auto"));
        if (!asked.isBlank() && !asked.equals("auto")) {
            return asked;
        }
        return BenchmarkFleet.hosting() == com.example.commerce.stack.FleetOptions.Hosting.SHARED ? "tiered" : "c1";
    }

    private String report() {
        StringBuilder out = new StringBuilder("## Benchmark (issue 14): figure, value, limit, ratio\n\n");
        out.append(table.markdown()).append('\n');
        out.append("Ratio is value / limit. Services hosted " + BenchmarkFleet.hosting().name().toLowerCase(Locale.ROOT)
                + (BenchmarkFleet.hosting() == com.example.commerce.stack.FleetOptions.Hosting.SHARED
                        ? " (one JVM for every service, as the launcher runs them by default)"
                        : " (one JVM per service, 256 MB heaps)")
                + ", JIT " + jit()
                + "; the load client (Gatling) runs on the same 2 cores.\n\n");
        settings.forEach((k, v) -> out.append("- ").append(k).append(": ").append(v).append('\n'));
        out.append("\nSteps and phases:\n\n");
        log.stream().filter(line -> line.startsWith("step ") || line.startsWith("half") || line.startsWith("catalogue")
                || line.startsWith("flash") || line.startsWith("database") || line.startsWith("first start"))
                .forEach(line -> out.append("- ").append(line).append('\n'));
        out.append("\nGatling's HTML reports: ").append(RESULTS).append('\n');
        return out.toString();
    }
}
