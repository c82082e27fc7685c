package com.example.commerce.customer.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.stack.LocalSecrets;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real partner simulators (their built jar, with GreenMail) as a process of their own, once per test JVM, on a
 * free HTTP port and a free SMTP port, so customer-service sends real SMTP to a real mail server and the tests read
 * its mailboxes over the simulators' REST view. Ended with the test JVM.
 */
final class MailSimulator {

    private static MailSimulator instance;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String baseUrl;
    private final int smtpPort;

    private MailSimulator(String baseUrl, int smtpPort) {
        this.baseUrl = baseUrl;
        this.smtpPort = smtpPort;
    }

    static synchronized MailSimulator get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static MailSimulator start() {
        Path jar = Path.of("..", "partner-simulators", "target", "partner-simulators.jar").toAbsolutePath().normalize();
        assertThat(jar).as("build partner-simulators first (the reactor does, with -am)").exists();
        int port = freePort();
        int smtpPort = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                jar.toString(), "--server.port=" + port, "--server.address=127.0.0.1",
                "--simulators.mail.smtp-port=" + smtpPort,
                "--simulators.webhook-secret=" + LocalSecrets.WEBHOOK_SECRET));
        try {
            Path log = Files.createDirectories(Path.of("target")).resolve("mail-simulator.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            MailSimulator simulator = new MailSimulator("http://127.0.0.1:" + port, smtpPort);
            await("the partner simulators to start (log in " + log + ")").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> process.isAlive() && simulator.healthy());
            return simulator;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    int smtpPort() {
        return smtpPort;
    }

    /** The messages one address received, in order of arrival. */
    List<JsonNode> mailbox(String address) {
        return list(get("/mail/v1/mailboxes/" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "/messages"));
    }

    /** Every message that carried {@code messageId}. */
    List<JsonNode> withMessageId(String messageId) {
        return list(get("/mail/v1/messages?messageId=" + URLEncoder.encode(messageId, StandardCharsets.UTF_8)));
    }

    void down() {
        behave("{\"up\":false}");
    }

    void up() {
        behave("{\"up\":true}");
    }

    void refuse(String... addresses) {
        behave("{\"refusedAddresses\":" + json.writeValueAsString(List.of(addresses)) + "}");
    }

    private void behave(String body) {
        HttpResponse<String> response = send("PUT", "/mail/admin/behaviour", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private List<JsonNode> list(String body) {
        List<JsonNode> nodes = new ArrayList<>();
        json.readTree(body).forEach(nodes::add);
        return nodes;
    }

    private String get(String path) {
        HttpResponse<String> response = send("GET", path, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
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
}
