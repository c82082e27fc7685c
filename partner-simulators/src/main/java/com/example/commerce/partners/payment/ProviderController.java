package com.example.commerce.partners.payment;

import com.example.commerce.partners.payment.ProviderApi.AmountRequest;
import com.example.commerce.partners.payment.ProviderApi.CardRequest;
import com.example.commerce.partners.payment.ProviderApi.Failure;
import com.example.commerce.partners.payment.ProviderApi.Intent;
import com.example.commerce.partners.payment.ProviderApi.IntentRequest;
import com.example.commerce.partners.payment.ProviderApi.LedgerEntry;
import com.example.commerce.partners.payment.ProviderApi.TokenResponse;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The payment-intent API of the simulated provider under {@code /provider/v1}. Every call honours the
 * knobs: {@code outage} answers 503 and does nothing, {@code latencyMs} waits first, {@code ambiguousRate}
 * performs the operation and then withholds the answer for {@code ambiguousHoldMs} and answers 504,
 * {@code refuseSettlements} refuses every capture and refund for good (402) and performs nothing.
 */
@RestController
@RequestMapping("/provider/v1")
class ProviderController {

    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final SimulatedProvider provider;
    private final ProviderKnobs knobs;
    private final WebhookSender webhooks;

    ProviderController(SimulatedProvider provider, ProviderKnobs knobs, WebhookSender webhooks) {
        this.provider = provider;
        this.knobs = knobs;
        this.webhooks = webhooks;
    }

    @PostMapping("/tokens")
    ResponseEntity<TokenResponse> tokenise(@RequestBody CardRequest card) {
        enter();
        return ResponseEntity.status(HttpStatus.CREATED).body(provider.tokenise(card));
    }

    @PostMapping("/payment-intents")
    ResponseEntity<Intent> authorise(@RequestHeader(value = IDEMPOTENCY_KEY, required = false) String key,
                                     @RequestBody IntentRequest request) {
        return operate(key, () -> provider.authorise(key, request));
    }

    @GetMapping("/payment-intents/{id}")
    Intent intent(@PathVariable String id) {
        enter();
        return provider.find(id).orElseThrow(() -> noSuchIntent(id));
    }

    @GetMapping(value = "/payment-intents", params = "idempotencyKey")
    Intent intentByIdempotencyKey(@RequestParam String idempotencyKey) {
        enter();
        return provider.findByIdempotencyKey(idempotencyKey).orElseThrow(() -> noSuchIntent(idempotencyKey));
    }

    @PostMapping("/payment-intents/{id}/capture")
    ResponseEntity<Intent> capture(@RequestHeader(value = IDEMPOTENCY_KEY, required = false) String key,
                                   @PathVariable String id, @RequestBody(required = false) AmountRequest request) {
        refuseSettlementIfAsked();
        return operate(key, () -> provider.capture(key, id, request == null ? null : request.amountMinor()));
    }

    @PostMapping("/payment-intents/{id}/void")
    ResponseEntity<Intent> voidIntent(@RequestHeader(value = IDEMPOTENCY_KEY, required = false) String key,
                                      @PathVariable String id) {
        return operate(key, () -> provider.voidIntent(key, id));
    }

    @PostMapping("/payment-intents/{id}/refunds")
    ResponseEntity<Intent> refund(@RequestHeader(value = IDEMPOTENCY_KEY, required = false) String key,
                                  @PathVariable String id, @RequestBody AmountRequest request) {
        refuseSettlementIfAsked();
        return operate(key, () -> provider.refund(key, id, request.amountMinor()));
    }

    /** The ledger is the tests' window on the books: it answers even in an outage. */
    @GetMapping("/ledger")
    List<LedgerEntry> ledger(@RequestParam(required = false) String reference) {
        return provider.ledger(reference);
    }

    @ExceptionHandler(ProviderFailure.class)
    ResponseEntity<Failure> refused(ProviderFailure failure) {
        return ResponseEntity.status(failure.status()).body(new Failure(failure.code(), failure.getMessage()));
    }

    /**
     * The W3C trace context the request came with: its webhook carries it back (as a provider that supports trace
     * context would), so the answer's handling stays in the payment's trace.
     */
    private static String traceparent() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            String traceparent = attributes.getRequest().getHeader("traceparent");
            return traceparent != null && TRACEPARENT.matcher(traceparent).matches() ? traceparent : null;
        }
        return null;
    }

    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private ResponseEntity<Intent> operate(String key, Supplier<SimulatedProvider.Outcome> operation) {
        enter();
        SimulatedProvider.Outcome outcome = operation.get();
        ProviderBehaviour behaviour = knobs.get();
        if (!outcome.replay() && behaviour.webhooks()) {
            webhooks.send(outcome.callbackUrl(), outcome.webhookType(), key, outcome.intent(), traceparent());
        }
        if (ThreadLocalRandom.current().nextDouble() < behaviour.ambiguousRate()) {
            pause(behaviour.ambiguousHoldMs());
            throw new ProviderFailure(HttpStatus.GATEWAY_TIMEOUT, "upstream_timeout", "no answer in time");
        }
        return ResponseEntity.ok(outcome.intent());
    }

    /** The {@code refuseSettlements} knob: a capture or refund refused for good, nothing performed. */
    private void refuseSettlementIfAsked() {
        ProviderBehaviour behaviour = knobs.get();
        if (!behaviour.outage() && Boolean.TRUE.equals(behaviour.refuseSettlements())) {
            throw new ProviderFailure(HttpStatus.PAYMENT_REQUIRED, "settlement_refused", "the acquirer refused it");
        }
    }

    private void enter() {
        ProviderBehaviour behaviour = knobs.get();
        if (behaviour.outage()) {
            throw new ProviderFailure(HttpStatus.SERVICE_UNAVAILABLE, "outage", "the provider is unavailable");
        }
        pause(behaviour.latencyMs());
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderFailure(HttpStatus.SERVICE_UNAVAILABLE, "interrupted", "shutting down");
        }
    }

    private static ProviderFailure noSuchIntent(String id) {
        return new ProviderFailure(HttpStatus.NOT_FOUND, "no_such_intent", "no payment intent " + id);
    }
}
