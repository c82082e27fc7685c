package com.example.commerce.starter.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.SenderContext;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real exchange with a local HTTP server: timed by partner, method, templated uri and status; trace header sent. */
class PartnerCallsTests {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicReference<String> receivedTraceparent = new AtomicReference<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private HttpServer server;
    private PartnerCalls calls;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            receivedTraceparent.set(exchange.getRequestHeaders().getFirst("traceparent"));
            int status = exchange.getRequestURI().getPath().endsWith("/capture") ? 201 : 503;
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        // Stands in for the tracer's propagating handler: writes a traceparent through the context's setter.
        observations.observationConfig().observationHandler(new ObservationHandler<SenderContext<Object>>() {
            @Override
            public void onStart(SenderContext<Object> context) {
                context.getSetter().set(context.getCarrier(), "traceparent", TRACEPARENT);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return context instanceof SenderContext;
            }
        });
        calls = new PartnerCalls(observations);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void anExchangeIsTimedByPartnerMethodTemplatedUriAndStatusAndCarriesTheTrace() throws Exception {
        HttpResponse<String> response = calls.exchange("payment-provider",
                post("/v1/payment-intents/pi_7f3a9c21/capture"), send());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(receivedTraceparent.get()).isEqualTo(TRACEPARENT);
        Timer timer = meters.get("http.client.requests").tag("client.name", "payment-provider").tag("method", "POST")
                .tag("uri", "/v1/payment-intents/{id}/capture").tag("status", "201").tag("outcome", "SUCCESS").timer();
        assertThat(timer.count()).isEqualTo(1);
    }

    @Test
    void aServerErrorIsCountedAsSuchAndTheAnswerStillReturned() throws Exception {
        HttpResponse<String> response = calls.exchange("courier", post("/v1/shipments/SHP-2231/label"), send());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(meters.get("http.client.requests").tag("client.name", "courier").tag("uri", "/v1/shipments/{id}/label")
                .tag("outcome", "SERVER_ERROR").tag("status", "503").timer().count()).isEqualTo(1);
    }

    @Test
    void aFailedConnectionIsRethrownAndCountedWithItsException() {
        server.stop(0);
        HttpRequest request = post("/v1/tokens");

        assertThatThrownBy(() -> calls.exchange("payment-provider", request, send())).isInstanceOf(ConnectException.class);
        assertThat(meters.get("http.client.requests").tag("client.name", "payment-provider").tag("uri", "/v1/tokens")
                .tag("exception", "ConnectException").timer().count()).isEqualTo(1);
    }

    @Test
    void theUriTagKeepsWordsAndVersionsAndHidesIdentifiers() {
        assertThat(PartnerCalls.template(URI.create("http://h/v1/payment-intents?idempotencyKey=abc")))
                .isEqualTo("/v1/payment-intents");
        assertThat(PartnerCalls.template(URI.create("http://h/v1/payment-intents/pi%2F..%2Fx/void")))
                .isEqualTo("/v1/payment-intents/{id}/void");
        assertThat(PartnerCalls.template(URI.create("http://h/shipments/8f14e45f-ceea-467f-a0e6-9f0a2b1c3d4e")))
                .isEqualTo("/shipments/{id}");
        assertThat(PartnerCalls.template(URI.create("http://h"))).isEqualTo("/");
    }

    @Test
    void aTaskSubmittedThroughTheWrappedExecutorRunsInTheSubmittersTrace() throws Exception {
        io.opentelemetry.context.ContextKey<String> key = io.opentelemetry.context.ContextKey.named("probe");
        java.util.concurrent.ExecutorService plain = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        java.util.concurrent.ExecutorService wrapped = PartnerCalls.inCallersTrace(plain);
        try (io.opentelemetry.context.Scope scope = io.opentelemetry.context.Context.current().with(key, "order-7").makeCurrent()) {
            assertThat(wrapped.submit(() -> io.opentelemetry.context.Context.current().get(key)).get()).isEqualTo("order-7");
            assertThat(plain.submit(() -> io.opentelemetry.context.Context.current().get(key)).get()).as("unwrapped").isNull();
        } finally {
            wrapped.shutdownNow();
        }
    }

    private HttpRequest post(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    }

    private PartnerCalls.Exchange<String> send() {
        return request -> http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
