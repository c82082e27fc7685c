package com.example.commerce.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.stack.FreePorts;
import com.example.commerce.stack.LocalSecrets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real partner simulators (their built jar) as a process of their own on a free loopback port, for a service's
 * tests that talk to a third party over real HTTP, SOAP or SMTP: started with the development webhook secret and any
 * further arguments, awaited until healthy, ended with the test JVM. Each module keeps one per test JVM behind its
 * own small facade (the knobs of the partner it needs).
 */
public final class PartnerSimulatorsProcess {

    private final HttpClient http = HttpClient.newHttpClient();
    private final Process process;
    private final String baseUrl;

    private PartnerSimulatorsProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /** Starts the jar, logging to {@code target/<logName>.log}, with {@code arguments} after the port and secret. */
    public static PartnerSimulatorsProcess start(String logName, String... arguments) {
        Path jar = Path.of("..", "partner-simulators", "target", "partner-simulators.jar").toAbsolutePath().normalize();
        assertThat(jar).as("build partner-simulators first (the reactor does, with -am)").exists();
        int port = FreePorts.any();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                jar.toString(), "--server.port=" + port, "--server.address=127.0.0.1",
                "--simulators.webhook-secret=" + LocalSecrets.WEBHOOK_SECRET));
        command.addAll(List.of(arguments));
        try {
            Path log = Files.createDirectories(Path.of("target")).resolve(logName + ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            PartnerSimulatorsProcess simulators = new PartnerSimulatorsProcess(process, "http://127.0.0.1:" + port);
            await("the partner simulators to start (log in " + log + ")").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> process.isAlive() && simulators.healthy());
            return simulators;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** One JSON request to the simulators (no body: {@code null}). */
    public HttpResponse<String> send(String method, String path, String body) {
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

    private boolean healthy() {
        try {
            return send("GET", "/actuator/health", null).statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
