package com.example.commerce.partners.courier;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells a booking's callback URL about each status change: a JSON body with a unique {@code id}, signed with
 * HMAC-SHA256 over {@code "<epochSeconds>.<body>"} in {@code X-Signature: t=<epochSeconds>,v1=<hex>}. A try
 * that fails (no connection, or an answer other than 2xx) is repeated with a doubling backoff, up to
 * {@code simulators.courier.callback-attempts} tries, under the same id and body (signed afresh). A booking made
 * with a W3C {@code traceparent} header gets it back on each callback (as a courier that supports trace context
 * would), so one order's trace runs on through the parcel's journey.
 */
@Component
public class CourierCallbacks implements DisposableBean {

    public static final String SIGNATURE_HEADER = "X-Signature";

    private static final Logger log = LoggerFactory.getLogger(CourierCallbacks.class);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("courier-callback-retry").daemon().factory());
    private final JsonMapper json;
    private final CourierProperties properties;
    private final byte[] secret;
    private final Clock clock;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();

    public CourierCallbacks(JsonMapper json, CourierProperties properties,
                            @Value("${simulators.webhook-secret}") String secret) {
        this.json = json;
        this.properties = properties;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = Clock.systemUTC();
    }

    /** Sends the change of {@code booking} to its callback URL (nothing when it has none). */
    void statusChanged(Booking booking, String reason, String traceparent) {
        if (booking.callbackUrl() == null || booking.callbackUrl().isBlank()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", UUID.randomUUID().toString());
        body.put("bookingId", booking.bookingId());
        body.put("trackingNumber", booking.trackingNumber());
        body.put("reference", booking.reference());
        body.put("orderReference", booking.orderReference());
        body.put("status", booking.status().name());
        body.put("reason", reason);
        body.put("occurredAt", booking.updatedAt().toString());
        String text = json.writeValueAsString(body);
        attempt(URI.create(booking.callbackUrl()), text, traceparent, 1);
    }

    private void attempt(URI url, String body, String traceparent, int attempt) {
        long t = clock.instant().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(properties.callbackTimeout())
                .header("Content-Type", "application/json")
                .header(SIGNATURE_HEADER, "t=" + t + ",v1=" + sign(secret, t, body))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure == null && response.statusCode() / 100 == 2) {
                delivered.incrementAndGet();
                return;
            }
            String why = failure != null ? failure.toString() : "HTTP " + response.statusCode();
            if (attempt >= properties.callbackAttempts()) {
                givenUp.incrementAndGet();
                log.warn("Gave up calling back {} after {} tries: {}", url, attempt, why);
                return;
            }
            long wait = properties.callbackBackoff().toMillis() << (attempt - 1);
            log.info("Callback to {} failed ({}); try {} in {} ms", url, why, attempt + 1, wait);
            try {
                retries.schedule(() -> attempt(url, body, traceparent, attempt + 1), wait, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                givenUp.incrementAndGet();
            }
        });
    }

    /** The hex HMAC-SHA256 of {@code "<t>.<body>"} under {@code secret}. */
    public static String sign(byte[] secret, long t, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    long delivered() {
        return delivered.get();
    }

    long givenUp() {
        return givenUp.get();
    }

    @Override
    public void destroy() {
        retries.shutdownNow();
    }
}
