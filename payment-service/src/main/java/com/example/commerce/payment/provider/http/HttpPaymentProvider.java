package com.example.commerce.payment.provider.http;

import com.example.commerce.events.shared.Money;
import com.example.commerce.payment.provider.CardDetails;
import com.example.commerce.payment.provider.CardRejectedException;
import com.example.commerce.payment.provider.CardToken;
import com.example.commerce.payment.provider.PaymentProvider.SendGuard;
import com.example.commerce.payment.provider.PaymentProvider;
import com.example.commerce.payment.provider.ProviderPayment;
import com.example.commerce.payment.provider.ProviderProperties;
import com.example.commerce.payment.provider.ProviderResult;
import com.example.commerce.payment.provider.ProviderUnavailableException;
import com.example.commerce.payment.provider.http.ProviderJson.AmountRequest;
import com.example.commerce.payment.provider.http.ProviderJson.Failure;
import com.example.commerce.payment.provider.http.ProviderJson.Intent;
import com.example.commerce.payment.provider.http.ProviderJson.IntentRequest;
import com.example.commerce.payment.provider.http.ProviderJson.TokenRequest;
import com.example.commerce.payment.provider.http.ProviderJson.TokenResponse;
import com.example.commerce.starter.partner.PartnerCalls;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link PaymentProvider} over HTTP to the provider's payment-intent API (JDK HttpClient).
 *
 * <p>Each money-moving call: bulkhead, circuit breaker and time limiter around one HTTP exchange; when the
 * outcome is ambiguous (timeout after sending, I/O failure, 5xx) the intent is looked up by the idempotency
 * key: found, that is the answer; not found, the call is retried with the same key; still unknown after the
 * retries, the result is {@link ProviderResult.Unresolved} and the operation stays open for the sweep.
 * An open breaker or a full bulkhead sends nothing and is unresolved too.
 */
@Component
class HttpPaymentProvider implements PaymentProvider {

    private static final Logger log = LoggerFactory.getLogger(HttpPaymentProvider.class);

    private final ProviderProperties properties;
    private final JsonMapper json;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final Retry retry;
    private final TimeLimiter timeLimiter;
    private final HttpClient http;
    private final PartnerCalls partnerCalls;

    HttpPaymentProvider(ProviderProperties properties, JsonMapper json, CircuitBreaker breaker, Bulkhead bulkhead,
                        Retry retry, TimeLimiter timeLimiter, PartnerCalls partnerCalls) {
        this.partnerCalls = partnerCalls;
        this.properties = properties;
        this.json = json;
        this.breaker = breaker;
        this.bulkhead = bulkhead;
        this.retry = retry;
        this.timeLimiter = timeLimiter;
        this.http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build();
    }

    @Override
    public CardToken tokenise(CardDetails card) {
        HttpRequest request = post("/v1/tokens", null, new TokenRequest(card.number(), card.expiryMonth(),
                card.expiryYear(), card.cvc(), card.holderName()));
        HttpResponse<String> response;
        try {
            // Not idempotent at the provider, so never retried: the customer may simply try again.
            response = exchange(request);
        } catch (AmbiguousCallException | CallNotPermittedException | BulkheadFullException e) {
            throw new ProviderUnavailableException("the payment provider is unavailable", e);
        }
        if (response.statusCode() / 100 == 2) {
            TokenResponse token = json.readValue(response.body(), TokenResponse.class);
            return new CardToken(token.token(), token.brand(), token.last4(), token.expiryMonth(), token.expiryYear());
        }
        throw new CardRejectedException(failureOf(response).code());
    }

    @Override
    public ProviderResult authorise(String key, String token, Money amount, String reference, String callbackUrl,
                                    SendGuard guard) {
        return perform(key, () -> post("/v1/payment-intents", key,
                new IntentRequest(amount.amountMinor(), amount.currency(), token, reference, callbackUrl)), guard);
    }

    @Override
    public ProviderResult capture(String key, String providerReference, Money amount) {
        return perform(key, () -> post(intentPath(providerReference, "capture"), key,
                new AmountRequest(amount.amountMinor())));
    }

    @Override
    public ProviderResult voidAuthorisation(String key, String providerReference) {
        return perform(key, () -> post(intentPath(providerReference, "void"), key, null));
    }

    @Override
    public ProviderResult refund(String key, String providerReference, Money amount) {
        return perform(key, () -> post(intentPath(providerReference, "refunds"), key,
                new AmountRequest(amount.amountMinor())));
    }

    @Override
    public ProviderResult lookup(String key) {
        try {
            ProviderPayment found = find(key);
            return found != null ? new ProviderResult.Done(found) : new ProviderResult.NotFound();
        } catch (AmbiguousCallException | CallNotPermittedException | BulkheadFullException e) {
            return new ProviderResult.Unresolved(false, e.getMessage());
        }
    }

    private interface RequestFactory {
        HttpRequest build();
    }

    /** A request the guard no longer wants sent. */
    private static final class NoLongerWanted extends RuntimeException {
        NoLongerWanted() {
            super("not sent: no longer wanted", null, false, false);
        }
    }

    private ProviderResult perform(String key, RequestFactory request) {
        return perform(key, request, () -> true);
    }

    private ProviderResult perform(String key, RequestFactory request, SendGuard guard) {
        AtomicBoolean sent = new AtomicBoolean();
        try {
            return retry.executeCallable(() -> {
                // Asked before every send: an authorisation whose order was cancelled since the last attempt
                // (say, while the provider was down) is not sent again; the operation is resolved by lookup.
                if (!guard.mayBeSent()) {
                    throw new NoLongerWanted();
                }
                return attempt(key, request.build(), sent);
            });
        } catch (NoLongerWanted stopped) {
            log.info("Provider call {} {}", key, stopped.getMessage());
            return new ProviderResult.Unresolved(sent.get(), stopped.getMessage());
        } catch (CallNotPermittedException | BulkheadFullException notSent) {
            log.info("Provider call {} not sent: {}", key, notSent.getMessage());
            return new ProviderResult.Unresolved(sent.get(), notSent.getMessage());
        } catch (AmbiguousCallException unknown) {
            log.warn("Provider call {} still unresolved after {} attempts: {}", key, properties.retry().attempts(),
                    unknown.getMessage());
            return new ProviderResult.Unresolved(true, unknown.getMessage());
        } catch (Exception unexpected) {
            log.error("Provider call {} failed unexpectedly", key, unexpected);
            return new ProviderResult.Unresolved(sent.get(), String.valueOf(unexpected.getMessage()));
        }
    }

    private ProviderResult attempt(String key, HttpRequest request, AtomicBoolean sent) {
        HttpResponse<String> response;
        try {
            response = exchange(request, sent);
        } catch (AmbiguousCallException ambiguous) {
            log.info("Provider call {} ambiguous ({}); looking it up", key, ambiguous.getMessage());
            ProviderPayment found = find(key);
            if (found != null) {
                return new ProviderResult.Done(found);
            }
            throw ambiguous;
        }
        if (response.statusCode() / 100 == 2) {
            return new ProviderResult.Done(paymentOf(json.readValue(response.body(), Intent.class)));
        }
        return new ProviderResult.Refused(response.statusCode(), failureOf(response).code());
    }

    /** The intent the provider holds under {@code key}, or null when it has none. */
    private ProviderPayment find(String key) {
        HttpRequest request = HttpRequest.newBuilder(uri("/v1/payment-intents?idempotencyKey="
                + URLEncoder.encode(key, StandardCharsets.UTF_8))).GET().build();
        HttpResponse<String> response = exchange(request);
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() / 100 != 2) {
            throw new AmbiguousCallException("lookup answered " + response.statusCode(), null);
        }
        return paymentOf(json.readValue(response.body(), Intent.class));
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        return exchange(request, new AtomicBoolean());
    }

    /** One HTTP exchange through the bulkhead, the breaker and the time limiter; 5xx and timeouts are ambiguous. */
    private HttpResponse<String> exchange(HttpRequest request, AtomicBoolean sent) {
        try {
            return Bulkhead.decorateCheckedSupplier(bulkhead, () -> breaker.executeCheckedSupplier(() -> {
                sent.set(true);
                HttpResponse<String> response = partnerCalls.exchange(ProviderResilience.NAME, request,
                        traced -> timeLimiter.executeFutureSupplier(
                                () -> http.sendAsync(traced, HttpResponse.BodyHandlers.ofString())));
                if (response.statusCode() >= 500) {
                    throw new AmbiguousCallException("answered " + response.statusCode(), null);
                }
                return response;
            })).get();
        } catch (AmbiguousCallException | CallNotPermittedException | BulkheadFullException e) {
            throw e;
        } catch (TimeoutException e) {
            throw new AmbiguousCallException("no answer within " + properties.timeout(), e);
        } catch (IOException | ExecutionException | CompletionException e) {
            throw new AmbiguousCallException(String.valueOf(e.getMessage()), e);
        } catch (Throwable e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new AmbiguousCallException(String.valueOf(e.getMessage()), e);
        }
    }

    private HttpRequest post(String path, String key, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.build();
    }

    /**
     * The path of an action on one intent. The reference came from the provider (its answer or a webhook), so it is
     * encoded as one path segment: whatever it holds ({@code /}, {@code ..}, {@code ?}) it cannot name another
     * resource of the provider's API.
     */
    static String intentPath(String providerReference, String action) {
        if (providerReference == null || providerReference.isBlank()) {
            throw new IllegalArgumentException("no provider reference");
        }
        return "/v1/payment-intents/" + UriUtils.encodePathSegment(providerReference, StandardCharsets.UTF_8) + "/" + action;
    }

    private URI uri(String path) {
        return URI.create(properties.baseUrl() + path);
    }

    private Failure failureOf(HttpResponse<String> response) {
        try {
            Failure failure = json.readValue(response.body(), Failure.class);
            return failure.code() == null ? new Failure("http_" + response.statusCode(), null) : failure;
        } catch (JacksonException e) {
            return new Failure("http_" + response.statusCode(), null);
        }
    }

    private static ProviderPayment paymentOf(Intent intent) {
        ProviderPayment.State state;
        try {
            state = ProviderPayment.State.valueOf(intent.status());
        } catch (IllegalArgumentException | NullPointerException e) {
            state = ProviderPayment.State.UNKNOWN;
        }
        return new ProviderPayment(intent.id(), state, intent.declineReason(), intent.amountMinor(), intent.currency(),
                intent.capturedAmountMinor(), intent.refundedAmountMinor());
    }
}
