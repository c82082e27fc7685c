package com.example.commerce.shipping.courier.http;

import com.example.commerce.shipping.courier.BookingResult;
import com.example.commerce.shipping.courier.Courier;
import com.example.commerce.shipping.courier.CourierProperties;
import com.example.commerce.shipping.courier.CourierUnavailableException;
import com.example.commerce.shipping.courier.ParcelBooking;
import com.example.commerce.starter.partner.PartnerCalls;
import com.example.commerce.starter.resilience.Resilience;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The courier adapter: the simulated courier's REST API ({@code /courier/v1/bookings}), behind Resilience4j.
 * From the outside in: retry (same idempotency key each time; not while the breaker is open), circuit breaker
 * (a refusal for good is an answer, not a failure), bulkhead, time limiter. Only this class knows the
 * courier's JSON.
 */
@Component
public class HttpCourier implements Courier, DisposableBean {

    static final String CALLBACK_PATH = "/api/v1/shipments/callbacks/courier";

    private final CourierProperties properties;
    private final Environment environment;
    private final JsonMapper json;
    private final HttpClient http;
    private final PartnerCalls partnerCalls;
    private final ExecutorService calls = PartnerCalls.inCallersTrace(Executors.newVirtualThreadPerTaskExecutor());
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final TimeLimiter timeLimiter;

    HttpCourier(CourierProperties properties, Environment environment, JsonMapper json, Resilience resilience,
                PartnerCalls partnerCalls) {
        this.partnerCalls = partnerCalls;
        this.properties = properties;
        this.environment = environment;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
        this.retry = resilience.retry("courier", RetryConfig.custom()
                .maxAttempts(properties.retry().maxAttempts())
                .waitDuration(properties.retry().waitDuration())
                .retryExceptions(Exception.class)
                .ignoreExceptions(CallNotPermittedException.class)
                .build());
        CourierProperties.CircuitBreaker breakerSettings = properties.circuitBreaker();
        this.breaker = resilience.circuitBreaker("courier", CircuitBreakerConfig.custom()
                .failureRateThreshold(breakerSettings.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breakerSettings.slidingWindowSize())
                .minimumNumberOfCalls(breakerSettings.minimumNumberOfCalls())
                .waitDurationInOpenState(breakerSettings.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(breakerSettings.permittedCallsInHalfOpen())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
        this.bulkhead = Bulkhead.of("courier", BulkheadConfig.custom()
                .maxConcurrentCalls(properties.bulkhead().maxConcurrentCalls())
                .maxWaitDuration(properties.bulkhead().maxWait())
                .build());
        this.timeLimiter = TimeLimiter.of("courier", TimeLimiterConfig.custom()
                .timeoutDuration(properties.timeout())
                .cancelRunningFuture(true)
                .build());
    }

    @Override
    public String name() {
        return properties.name();
    }

    @Override
    public BookingResult book(String idempotencyKey, ParcelBooking booking) {
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("line1", booking.address().line1());
        address.put("line2", booking.address().line2());
        address.put("city", booking.address().city());
        address.put("postalCode", booking.address().postalCode());
        address.put("country", booking.address().country());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reference", booking.shipmentId().toString());
        body.put("orderReference", booking.orderId().toString());
        body.put("address", address);
        body.put("parcels", booking.items().stream()
                .map(item -> Map.of("sku", item.sku(), "quantity", item.quantity())).toList());
        body.put("callbackUrl", callbackUrl());
        HttpRequest request = request("/courier/v1/bookings")
                .header("Idempotency-Key", idempotencyKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
        return call("book " + idempotencyKey, () -> {
            HttpResponse<String> response = send(request);
            int status = response.statusCode();
            if (status == 200 || status == 201) {
                JsonNode booked = json.readTree(response.body());
                return new BookingResult.Booked(booked.get("bookingId").asString(),
                        booked.path("trackingNumber").asString(null));
            }
            if (status >= 400 && status < 500 && status != 408 && status != 429) {
                JsonNode refused = readOrEmpty(response.body());
                return new BookingResult.Refused(refused.path("code").asString("HTTP_" + status),
                        refused.path("reason").asString("the courier answered " + status));
            }
            throw new TransientAnswerException("the courier answered " + status);
        });
    }

    @Override
    public CancelResult cancel(String bookingId) {
        HttpRequest request = request("/courier/v1/bookings/" + URLEncoder.encode(bookingId, StandardCharsets.UTF_8)
                + "/cancel").POST(HttpRequest.BodyPublishers.noBody()).build();
        return call("cancel " + bookingId, () -> {
            int status = send(request).statusCode();
            if (status == 200 || status == 404) {
                return CancelResult.CANCELLED;
            }
            if (status == 409) {
                return CancelResult.TOO_LATE;
            }
            throw new TransientAnswerException("the courier answered " + status);
        });
    }

    @Override
    public Optional<Tracked> track(String bookingId) {
        HttpRequest request = request("/courier/v1/bookings/" + URLEncoder.encode(bookingId, StandardCharsets.UTF_8))
                .GET().build();
        return call("track " + bookingId, () -> {
            HttpResponse<String> response = send(request);
            if (response.statusCode() == 200) {
                JsonNode booking = json.readTree(response.body());
                return Optional.of(new Tracked(booking.path("status").asString(null),
                        booking.path("trackingNumber").asString(null)));
            }
            if (response.statusCode() == 404) {
                return Optional.<Tracked>empty();
            }
            throw new TransientAnswerException("the courier answered " + response.statusCode());
        });
    }

    /** Where the courier should call back: configured, or this service's own address. */
    String callbackUrl() {
        if (properties.callbackUrl() != null && !properties.callbackUrl().isBlank()) {
            return properties.callbackUrl();
        }
        String self = environment.getProperty("commerce.peers.shipping");
        if (self == null || self.isBlank()) {
            self = "http://127.0.0.1:" + environment.getProperty("local.server.port", "8087");
        }
        return self.replaceAll("/+$", "") + CALLBACK_PATH;
    }

    /** The breaker's state, for health checks and tests. */
    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    private <T> T call(String what, Callable<T> call) {
        Callable<T> timed = () -> timeLimiter.executeFutureSupplier(() -> calls.submit(call));
        Callable<T> guarded = Retry.decorateCallable(retry,
                CircuitBreaker.decorateCallable(breaker, Bulkhead.decorateCallable(bulkhead, timed)));
        try {
            return guarded.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CourierUnavailableException("interrupted: " + what, e);
        } catch (Exception e) {
            throw new CourierUnavailableException("no answer from the courier to " + what + ": " + e, e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(properties.baseUrl().replaceAll("/+$", "") + path))
                .timeout(properties.timeout());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return partnerCalls.exchange("courier", request, traced -> http.send(traced, HttpResponse.BodyHandlers.ofString()));
    }

    private JsonNode readOrEmpty(String body) {
        try {
            return json.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (RuntimeException notJson) {
            return json.readTree("{}");
        }
    }

    @Override
    public void destroy() {
        calls.shutdownNow();
    }

    /** An answer that says nothing about the booking (5xx, 408, 429): the call is tried again. */
    static final class TransientAnswerException extends IOException {
        TransientAnswerException(String message) {
            super(message);
        }
    }

}
