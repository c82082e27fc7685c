package com.example.commerce.payment.webhook;

import com.example.commerce.payment.provider.ProviderPayment;
import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import com.example.commerce.starter.security.PublicEndpoints;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The provider's callbacks. No bearer token (the provider has none): the HMAC signature is the
 * authentication, checked over the raw body before anything is read from it.
 */
@RestController
class ProviderWebhookController {

    static final String PATH = "/api/v1/payments/webhooks/provider";

    /**
     * A payment reference as the provider issues them ({@code pi_} and hex today): letters, digits, {@code _} and
     * {@code -}, at most 64. Anything else is refused before it is stored (it later goes into the provider's URL
     * path, encoded there too).
     */
    static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** The provider's webhook JSON, read only here. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Callback(String id, String type, String idempotencyKey, Intent data) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Intent(String id, String status, String declineReason, long amountMinor, String currency,
                  long capturedAmountMinor, long refundedAmountMinor) {
    }

    @Configuration(proxyBeanMethods = false)
    static class Endpoints {

        @Bean
        PublicEndpoints providerWebhookEndpoint() {
            return PublicEndpoints.of(HttpMethod.POST, PATH);
        }
    }

    private final ProviderWebhooks webhooks;
    private final WebhookProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    ProviderWebhookController(ProviderWebhooks webhooks, WebhookProperties properties, JsonMapper json, Clock clock) {
        this.webhooks = webhooks;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping(PATH)
    ResponseEntity<Map<String, Object>> receive(@RequestHeader(value = "X-Signature", required = false) String signature,
                                                @RequestBody byte[] body) {
        switch (WebhookSignature.check(signature, body, properties.webhookSecret(), clock.instant(), properties.tolerance())) {
            case BAD_SIGNATURE -> throw unauthorized("The signature does not match.");
            case STALE -> throw unauthorized("The signature's timestamp is too old.");
            case VALID -> {
            }
        }
        Callback callback;
        try {
            callback = json.readValue(body, Callback.class);
        } catch (JacksonException e) {
            throw Problems.problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, "Malformed callback",
                    "The callback is not the provider's JSON.", Map.of());
        }
        if (callback.id() == null || callback.id().isBlank() || callback.id().length() > 100 || callback.type() == null) {
            throw Problems.problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, "Malformed callback",
                    "The callback has no id or type.", Map.of());
        }
        if (callback.data() != null && callback.data().id() != null && !REFERENCE.matcher(callback.data().id()).matches()) {
            throw Problems.problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, "Malformed callback",
                    "The callback's payment reference is not one the provider issues.", Map.of());
        }
        ProviderWebhooks.Receipt receipt = webhooks.receive(callback.id(), callback.type(), callback.idempotencyKey(),
                paymentOf(callback.data()));
        // A refused callback is still answered 2xx: it is signed and well-formed, so the provider sending it again
        // (as it does for any other answer) would change nothing; the refusal is ours to record and alert on.
        return ResponseEntity.ok(receipt.ignored() == null
                ? Map.of("id", callback.id(), "duplicate", receipt.duplicate())
                : Map.of("id", callback.id(), "duplicate", receipt.duplicate(), "ignored", receipt.ignored()));
    }

    private static ProviderPayment paymentOf(Intent intent) {
        if (intent == null || intent.id() == null) {
            return null;
        }
        ProviderPayment.State state;
        try {
            state = ProviderPayment.State.valueOf(intent.status());
        } catch (IllegalArgumentException | NullPointerException e) {
            state = ProviderPayment.State.UNKNOWN;
        }
        return new ProviderPayment(intent.id(), state, intent.declineReason(), intent.amountMinor(), intent.currency(),
                intent.capturedAmountMinor(), intent.refundedAmountMinor());
    }

    private static RuntimeException unauthorized(String detail) {
        return Problems.problem(HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, "Unauthorized", detail, Map.of());
    }
}
