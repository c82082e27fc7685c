package com.example.commerce.starter.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.starter.security.PublicEndpoints;
import com.example.commerce.testing.ServiceInfrastructureInitializer;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admission control on a real server: with two places, two slow requests in flight make a third wait its
 * {@code max-wait} and be refused (503 problem, Retry-After) while the two are still being worked on; an exempt
 * long poll and the actuator get through all the same; once a place is free the next request is admitted.
 */
@SpringBootTest(classes = AdmissionIntegrationTests.ProbeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.application.name=admission-test", "commerce.service.schema=payment", "commerce.outbox.enabled=false",
        "commerce.admission.max-concurrent=2", "commerce.admission.max-wait=50ms", "commerce.admission.retry-after=2s",
        "commerce.admission.exempt=GET /api/v1/probe/{id}/wait"})
@ContextConfiguration(initializers = ServiceInfrastructureInitializer.class)
class AdmissionIntegrationTests {

    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static final AtomicInteger WORKING = new AtomicInteger();
    static final AtomicInteger SLOW_CALLS = new AtomicInteger();

    @LocalServerPort
    private int port;

    @Autowired
    private MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();

    @AfterEach
    void letEverythingGo() {
        RELEASE.countDown();
        inFlight.forEach(CompletableFuture::join);
    }

    @Test
    void aRequestBeyondTheLimitIsRefusedAtOnceWithRetryAfterWhileTheAdmittedOnesGoOn() throws Exception {
        double refusedBefore = count("refused");
        inFlight.add(sendAsync("POST", "/api/v1/probe/slow"));
        inFlight.add(sendAsync("POST", "/api/v1/probe/slow"));
        await("both slow requests being worked on").atMost(Duration.ofSeconds(20)).until(() -> WORKING.get() == 2);

        HttpResponse<String> refused = send("POST", "/api/v1/probe/slow");

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("2");
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.body()).contains("\"type\":\"urn:commerce:problem:overloaded\"").contains("\"status\":503");
        assertThat(SLOW_CALLS.get()).as("the refused request never reached its handler").isEqualTo(2);
        assertThat(WORKING.get()).as("refused while both admitted ones were still being worked on").isEqualTo(2);
        assertThat(count("refused")).isEqualTo(refusedBefore + 1);
        assertThat(meters.get("commerce.admission.in.flight").gauge().value()).isEqualTo(2);

        HttpResponse<String> poll = send("GET", "/api/v1/probe/42/wait");
        assertThat(poll.statusCode()).as("an exempt long poll is never refused").isEqualTo(200);
        assertThat(send("GET", "/actuator/health").statusCode()).as("the actuator is not the API").isEqualTo(200);

        RELEASE.countDown();
        inFlight.forEach(CompletableFuture::join);
        assertThat(inFlight).allSatisfy(done -> assertThat(done.join().statusCode()).isEqualTo(200));
        HttpResponse<String> afterwards = send("POST", "/api/v1/probe/slow");
        assertThat(afterwards.statusCode()).as("a free place admits the next one").isEqualTo(200);
        // The place is given back once the response went out, a moment after the client may have read it.
        await("every place given back").atMost(Duration.ofSeconds(10))
                .until(() -> meters.get("commerce.admission.in.flight").gauge().value() == 0);
    }

    private double count(String result) {
        return meters.get("commerce.admission.requests").tag("result", result).counter().count();
    }

    private CompletableFuture<HttpResponse<String>> sendAsync(String method, String path) {
        return http.sendAsync(request(method, path), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(request(method, path), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String method, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ProbeApplication {

        @Bean
        PublicEndpoints probes() {
            return PublicEndpoints.anyMethod("/api/v1/probe/**");
        }

        @Bean
        ProbeController probeController() {
            return new ProbeController();
        }
    }

    @RestController
    static class ProbeController {

        @PostMapping("/api/v1/probe/slow")
        String slow() throws InterruptedException {
            SLOW_CALLS.incrementAndGet();
            WORKING.incrementAndGet();
            try {
                RELEASE.await(30, TimeUnit.SECONDS);
                return "done";
            } finally {
                WORKING.decrementAndGet();
            }
        }

        @GetMapping("/api/v1/probe/{id}/wait")
        String waitFor() {
            return "waited";
        }
    }
}
