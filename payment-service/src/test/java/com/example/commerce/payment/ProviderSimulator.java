package com.example.commerce.payment;

import static org.awaitility.Awaitility.await;

import com.example.commerce.stack.FreePorts;
import com.example.commerce.stack.LocalSecrets;
import com.example.commerce.stack.ManagedProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real partner-simulators application, started once per test JVM as a process of its own from the jar
 * its module built, on a free loopback port: the adapter under test talks real HTTP to the provider's
 * controllers. Stopped when the JVM exits.
 */
public final class ProviderSimulator {

    private static volatile ProviderSimulator instance;

    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private ProviderSimulator(int port) {
        this.port = port;
    }

    public static ProviderSimulator get() {
        if (instance == null) {
            synchronized (ProviderSimulator.class) {
                if (instance == null) {
                    instance = start();
                }
            }
        }
        return instance;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Changes the provider's knobs (a JSON of them). */
    public void behave(String knobs) {
        send(HttpRequest.newBuilder(URI.create(baseUrl() + "/provider/admin/behaviour"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(knobs)).build());
    }

    /** Knobs back to defaults (the ledger is kept). */
    public void reset() {
        send(HttpRequest.newBuilder(URI.create(baseUrl() + "/provider/admin/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** The provider's ledger of one order as JSON. */
    public String ledger(String reference) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + "/provider/v1/ledger?reference=" + reference)).build());
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProviderSimulator start() {
        Path jar = Path.of("..", "partner-simulators", "target", "partner-simulators.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": build with ./mvnw -pl payment-service -am verify");
        }
        int port = FreePorts.any();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path logs = Path.of("target", "provider-simulator").toAbsolutePath();
        ManagedProcess process = ManagedProcess.start("partner-simulators",
                List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                        "--server.port=" + port, "--server.address=127.0.0.1",
                        "--simulators.payment.webhook-backoff=200ms",
                        "--simulators.webhook-secret=" + LocalSecrets.WEBHOOK_SECRET),
                logs, logs.resolve("partner-simulators.log"), Map.of(), Duration.ofSeconds(5));
        Runtime.getRuntime().addShutdownHook(new Thread(process::close, "stop-partner-simulators"));
        ProviderSimulator simulator = new ProviderSimulator(port);
        await("partner-simulators healthy on " + port).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("partner-simulators exited; see " + process.logFile());
                    }
                    return simulator.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/actuator/health"))
                            .build()).contains("UP");
                });
        return simulator;
    }
}
