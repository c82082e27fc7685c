package com.example.commerce.backorder.supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.stack.LocalSecrets;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real partner simulators (their built jar) as a process of their own on a free loopback port, once per
 * test JVM, so the supplier adapter talks real SOAP over HTTP to the real simulated supplier. Ended with the test JVM.
 */
public final class SupplierSimulator {

    private static SupplierSimulator instance;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final Process process;
    private final String baseUrl;

    private SupplierSimulator(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    public static synchronized SupplierSimulator get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static SupplierSimulator start() {
        Path jar = Path.of("..", "partner-simulators", "target", "partner-simulators.jar").toAbsolutePath().normalize();
        assertThat(jar).as("build partner-simulators first (the reactor does, with -am)").exists();
        int port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                jar.toString(), "--server.port=" + port, "--server.address=127.0.0.1",
                "--simulators.webhook-secret=" + LocalSecrets.WEBHOOK_SECRET));
        try {
            Path log = Files.createDirectories(Path.of("target")).resolve("supplier-simulator.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            SupplierSimulator simulator = new SupplierSimulator(process, "http://127.0.0.1:" + port);
            await("the partner simulators to start (log in " + log + ")").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> process.isAlive() && simulator.healthy());
            return simulator;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean healthy() {
        try {
            return send("GET", "/actuator/health", null).statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The supplier's SOAP endpoint. */
    public String url() {
        return baseUrl + "/supplier/ws";
    }

    /** Changes the knobs named in {@code behaviourJson}. */
    public void behave(String behaviourJson) {
        HttpResponse<String> response = send("PUT", "/supplier/admin/behaviour", behaviourJson);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /** Defaults again, and every purchase order forgotten; orders ship only by hand. */
    public void reset() {
        send("POST", "/supplier/admin/reset?ledger=true", null);
        behave("{\"shipAfterSeconds\":-1}");
    }

    /** The supplier's ledger: every purchase order it holds. */
    public List<JsonNode> purchaseOrders() {
        HttpResponse<String> response = send("GET", "/supplier/admin/purchase-orders", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> orders = new ArrayList<>();
        json.readTree(response.body()).forEach(orders::add);
        return orders;
    }

    /** Ships a purchase order now. */
    public void ship(String poNumber) {
        HttpResponse<String> response = send("POST", "/supplier/admin/purchase-orders/" + poNumber + "/ship", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private HttpResponse<String> send(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }
}
