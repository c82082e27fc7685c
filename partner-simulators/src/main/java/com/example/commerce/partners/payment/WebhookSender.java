package com.example.commerce.partners.payment;

import com.example.commerce.partners.payment.ProviderApi.Intent;
import com.example.commerce.partners.payment.ProviderApi.WebhookEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * Sends the provider's callbacks: a JSON {@link WebhookEvent} with a unique id, signed with HMAC-SHA256 over
 * {@code "<epochSeconds>.<body>"} in {@code X-Signature: t=<epochSeconds>,v1=<hex>}, on a thread of its own,
 * tried again with a doubling wait until a 2xx or the attempts run out.
 */
@Component
class WebhookSender implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong delivered = new AtomicLong();
    private final JsonMapper json;
    private final PaymentSimulatorProperties properties;
    private final byte[] secret;
    private final Clock clock = Clock.systemUTC();

    WebhookSender(JsonMapper json, PaymentSimulatorProperties properties,
                  @Value("${simulators.webhook-secret}") String secret) {
        this.json = json;
        this.properties = properties;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    void send(String callbackUrl, String type, String idempotencyKey, Intent intent) {
        send(callbackUrl, type, idempotencyKey, intent, null);
    }

    /** As {@link #send(String, String, String, Intent)}, with the {@code traceparent} header sent back when given. */
    void send(String callbackUrl, String type, String idempotencyKey, Intent intent, String traceparent) {
        if (callbackUrl == null || callbackUrl.isBlank()) {
            return;
        }
        WebhookEvent event = new WebhookEvent("evt_" + UUID.randomUUID().toString().replace("-", ""), type,
                clock.instant(), idempotencyKey, intent);
        String body = json.writeValueAsString(event);
        senders.submit(() -> deliver(URI.create(callbackUrl), event, body, traceparent));
    }

    /** How many callbacks were answered 2xx since the start. */
    long delivered() {
        return delivered.get();
    }

    private void deliver(URI target, WebhookEvent event, String body, String traceparent) {
        Duration wait = properties.webhookBackoff();
        for (int attempt = 1; attempt <= properties.webhookAttempts(); attempt++) {
            try {
                long timestamp = clock.instant().getEpochSecond();
                HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(properties.webhookTimeout())
                        .header("Content-Type", "application/json")
                        .header("X-Signature", "t=" + timestamp + ",v1=" + sign(timestamp + "." + body))
                        .POST(HttpRequest.BodyPublishers.ofString(body));
                if (traceparent != null) {
                    builder.header("traceparent", traceparent);
                }
                HttpRequest request = builder.build();
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    delivered.incrementAndGet();
                    return;
                }
                log.info("Webhook {} {} to {} answered {} (attempt {})", event.type(), event.id(), target, status, attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.info("Webhook {} {} to {} failed: {} (attempt {})", event.type(), event.id(), target, e.toString(),
                        attempt);
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            wait = wait.multipliedBy(2);
        }
        log.warn("Webhook {} {} to {} given up after {} attempts", event.type(), event.id(), target,
                properties.webhookAttempts());
    }

    String sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void destroy() {
        senders.shutdownNow();
    }
}
