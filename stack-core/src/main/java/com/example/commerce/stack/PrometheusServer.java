package com.example.commerce.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real Prometheus (the {@code prometheus} binary on the PATH, Debian's package) scraping the fleet with the
 * rules of {@code ops/prometheus/rules}: for {@code ./fleet --with-prometheus} and for the tests that check the
 * dashboards and alerts against live data. It listens on 127.0.0.1 only, keeps its data in a folder of its
 * own (emptied at every start: it keeps one run's series), and is stopped (SIGTERM, by its PID) by {@link #close}.
 *
 * <p>The configuration is {@code ops/prometheus/prometheus.yml}'s, with the targets given here (the ports the
 * fleet really uses) and its scrape and evaluation intervals.
 */
public final class PrometheusServer implements AutoCloseable {

    /** One scrape target: the service label, its job, and its address (host:port). */
    public record Target(String job, String service, String address) {
    }

    private final ManagedProcess process;
    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(ManagedProcess process, URI url) {
        this.process = process;
        this.url = url;
    }

    /** Where the binary is, if it is installed. */
    public static Optional<Path> binary() {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
                .map(directory -> Path.of(directory, "prometheus")).filter(Files::isExecutable).findFirst();
    }

    /**
     * Starts Prometheus on {@code port} (0: a free one) with the rules in {@code rulesDirectory}, scraping
     * {@code targets} every {@code interval} and evaluating the rules as often; waits until it is ready.
     */
    public static PrometheusServer start(Path workDirectory, Path rulesDirectory, List<Target> targets, Duration interval,
                                         int port) {
        Path prometheus = binary().orElseThrow(() -> new IllegalStateException(
                "prometheus is not installed: apt-get install prometheus (Debian's package)"));
        int listen = port == 0 ? FreePorts.any() : port;
        try {
            Files.createDirectories(workDirectory);
            // A fresh database every start: series of an earlier run's processes (other ports, other pids) would
            // still answer queries for five minutes, as if those processes were there.
            deleteRecursively(workDirectory.resolve("data"));
            Path config = workDirectory.resolve("prometheus.yml");
            Files.writeString(config, config(rulesDirectory, targets, interval));
            ManagedProcess process = ManagedProcess.start("prometheus", List.of(prometheus.toString(),
                    "--config.file=" + config, "--storage.tsdb.path=" + workDirectory.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + listen, "--web.enable-lifecycle",
                    "--storage.tsdb.retention.time=1d", "--log.level=warn"),
                    workDirectory, workDirectory.resolve("prometheus.log"), Map.of(), Duration.ofSeconds(10));
            PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + listen));
            server.awaitReady(Duration.ofSeconds(60));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write Prometheus's configuration in " + workDirectory, e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The configuration: ops/prometheus/prometheus.yml's jobs, labels and rule files, with these targets. */
    static String config(Path rulesDirectory, List<Target> targets, Duration interval) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("global:\n  scrape_interval: ").append(interval.toSeconds()).append("s\n")
                .append("  evaluation_interval: ").append(interval.toSeconds()).append("s\n")
                .append("rule_files:\n")
                .append("  - ").append(rulesDirectory.resolve("recording.yml").toAbsolutePath()).append('\n')
                .append("  - ").append(rulesDirectory.resolve("alerts.yml").toAbsolutePath()).append('\n')
                .append("scrape_configs:\n");
        for (String job : targets.stream().map(Target::job).distinct().toList()) {
            yaml.append("  - job_name: ").append(job).append('\n')
                    .append("    metrics_path: /actuator/prometheus\n")
                    .append("    static_configs:\n");
            for (Target target : targets.stream().filter(t -> t.job().equals(job)).toList()) {
                yaml.append("      - targets: [\"").append(target.address()).append("\"]\n")
                        .append("        labels: {service: ").append(target.service()).append("}\n");
            }
        }
        return yaml.toString();
    }

    public URI url() {
        return url;
    }

    public long pid() {
        return process.pid();
    }

    /** GET {@code path} (with its query) of Prometheus's HTTP API; the JSON body. */
    public String get(String pathAndQuery) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url.resolve(pathAndQuery))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Prometheus answered " + response.statusCode() + " to " + pathAndQuery
                        + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("Prometheus did not answer " + pathAndQuery, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** An instant query: the JSON of {@code /api/v1/query}. */
    public String query(String promql) {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Prometheus exited; see " + process.logFile());
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(url.resolve("/-/ready"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
        throw new IllegalStateException("Prometheus not ready within " + timeout + "; see " + process.logFile());
    }

    @Override
    public void close() {
        process.close();
    }
}
