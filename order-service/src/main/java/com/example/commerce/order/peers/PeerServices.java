package com.example.commerce.order.peers;

import com.example.commerce.events.shared.Address;
import com.example.commerce.events.shared.Money;
import com.example.commerce.order.OrderProperties;
import com.example.commerce.starter.resilience.Resilience;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.observation.ObservationRegistry;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Calls cart-, customer- and payment-service with the caller's own bearer token (token relay), with short
 * timeouts and a circuit breaker per peer ({@code commerce.order.peers.breaker}): reads the cart, the address book
 * and the wallet, and claims the cart for a checkout (and gives a claim back). Never inside a database
 * transaction. Anything but a clear answer (no connection, a timeout, a
 * 5xx, a body that is not the documented JSON) is a {@link PeerUnavailableException}.
 */
@Component
public class PeerServices {

    private static final Logger log = LoggerFactory.getLogger(PeerServices.class);

    public static final String CART = "cart-service";
    static final String CUSTOMER = "customer-service";
    static final String PAYMENT = "payment-service";

    private final RestClient http;
    private final PeerAddresses addresses;
    private final JsonMapper json;
    private final Resilience resilience;
    private final CircuitBreakerConfig breakerConfig;

    PeerServices(PeerAddresses addresses, OrderProperties properties, JsonMapper json, Resilience resilience,
                 ObjectProvider<ObservationRegistry> observations) {
        this.resilience = resilience;
        this.addresses = addresses;
        this.json = json;
        HttpClient client = HttpClient.newBuilder().connectTimeout(properties.peers().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(properties.peers().readTimeout());
        // Observed: every call is timed in http.client.requests (client.name = the peer's host) and carries the trace.
        this.http = RestClient.builder().requestFactory(requests)
                .observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP)).build();
        OrderProperties.Breaker breaker = properties.peers().breaker();
        this.breakerConfig = CircuitBreakerConfig.custom()
                .failureRateThreshold(breaker.failureRatePercent())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breaker.slidingWindowSize())
                .minimumNumberOfCalls(breaker.minimumCalls())
                .waitDurationInOpenState(breaker.openFor())
                .permittedNumberOfCallsInHalfOpenState(breaker.halfOpenCalls())
                .recordExceptions(PeerUnavailableException.class)
                .build();
    }

    /** The state of {@code peer}'s circuit breaker (CLOSED, OPEN, HALF_OPEN). */
    public String breakerState(String peer) {
        return breaker(peer).getState().name();
    }

    private CircuitBreaker breaker(String peer) {
        return resilience.circuitBreaker(peer, breakerConfig);
    }

    /** The customer's cart: {@code GET {cart}/api/v1/cart/{customerId}}. */
    public PeerViews.Cart cart(UUID customerId, String bearerToken) {
        JsonNode cart = get(CART, addresses.cart().resolve("/api/v1/cart/" + customerId), bearerToken)
                .orElseThrow(() -> new PeerUnavailableException(CART, "cart-service knows no cart of " + customerId, null));
        return cartOf(cart);
    }

    /**
     * Claims the customer's cart, as it was at {@code cartVersion}, for order {@code orderId}:
     * {@code POST {cart}/api/v1/cart/{customerId}/checkout-claims}. The same order id again gets the same answer.
     *
     * @throws PeerUnavailableException when cart-service does not answer clearly: the claim may or may not be
     *                                  made (give it back)
     */
    public PeerViews.CartClaim claimCart(UUID customerId, UUID cartId, long cartVersion, UUID orderId,
                                         String bearerToken) {
        ObjectNode request = json.createObjectNode();
        request.put("orderId", orderId.toString());
        request.put("cartId", cartId.toString());
        request.put("cartVersion", cartVersion);
        Answer answer = send(CART, HttpMethod.POST, addresses.cart().resolve("/api/v1/cart/" + customerId
                + "/checkout-claims"), bearerToken, json.writeValueAsString(request));
        try {
            if (answer.status() == 200 || answer.status() == 201) {
                return new PeerViews.CartClaimed(cartOf(answer.body().path("cart")));
            }
            JsonNode other = answer.body().path("orderId");
            if (answer.status() == 409 && other.isString() && !answer.type().endsWith(":cart-claim-given-back")) {
                return new PeerViews.CartTakenByOrder(UUID.fromString(other.asString()),
                        answer.body().path("claimStatus").asString("CLAIMED"));
            }
            if (answer.status() == 409 || answer.status() == 404 || answer.status() == 422) {
                return new PeerViews.CartChanged(answer.body().path("detail").asString(answer.type()));
            }
        } catch (RuntimeException e) {
            throw new PeerUnavailableException(CART, "cart-service answered a claim that is not the documented JSON", e);
        }
        throw new PeerUnavailableException(CART, "cart-service answered the claim with " + answer.status(), null);
    }

    /**
     * Gives the claim of {@code orderId} back: {@code DELETE {cart}/api/v1/cart/{customerId}/checkout-claims/{orderId}}.
     * Best effort, never throws: a claim not given back now is given back by cart-service after its time.
     *
     * @return whether cart-service confirmed it (given back now or before, or never made)
     */
    public boolean releaseCart(UUID customerId, UUID orderId, String bearerToken) {
        try {
            Answer answer = send(CART, HttpMethod.DELETE, addresses.cart().resolve("/api/v1/cart/" + customerId
                    + "/checkout-claims/" + orderId), bearerToken, null);
            if (answer.status() == 204 || answer.status() == 404) {
                return true;
            }
            log.warn("cart-service did not give back the claim of order {}: {} {}", orderId, answer.status(),
                    answer.type());
        } catch (PeerUnavailableException e) {
            log.warn("Could not give back the claim of order {} now ({}); cart-service gives it back after its time",
                    orderId, e.getMessage());
        }
        return false;
    }

    private PeerViews.Cart cartOf(JsonNode cart) {
        try {
            String currency = cart.path("currency").asString();
            List<PeerViews.CartLine> lines = new ArrayList<>();
            for (JsonNode line : cart.path("lines")) {
                List<String> notices = new ArrayList<>();
                line.path("notices").forEach(notice -> notices.add(notice.asString()));
                lines.add(new PeerViews.CartLine(line.path("sku").asString(), line.path("name").asString(null),
                        line.path("quantity").asInt(), money(line.path("unitPrice")), notices));
            }
            JsonNode discount = cart.path("totals").path("discount");
            JsonNode promo = cart.path("promo");
            String promoCode = promo.isObject() && promo.path("applied").asBoolean(false)
                    ? promo.path("code").asString(null) : null;
            JsonNode version = cart.path("version");
            return new PeerViews.Cart(uuidOrNull(cart.path("cartId")), currency, lines,
                    discount.isObject() ? money(discount) : Money.zero(currency), promoCode,
                    version.isNumber() ? version.asLong() : null);
        } catch (RuntimeException e) {
            throw new PeerUnavailableException(CART, "cart-service answered a cart that is not the documented JSON", e);
        }
    }

    /** The caller's address book: {@code GET {customer}/api/v1/customers/me/addresses}. */
    public List<PeerViews.SavedAddress> addresses(String bearerToken) {
        JsonNode book = get(CUSTOMER, addresses.customer().resolve("/api/v1/customers/me/addresses"), bearerToken)
                .orElse(null);
        List<PeerViews.SavedAddress> saved = new ArrayList<>();
        if (book == null) {
            return saved;
        }
        try {
            for (JsonNode entry : book) {
                saved.add(new PeerViews.SavedAddress(UUID.fromString(entry.path("id").asString()),
                        new Address(entry.path("line1").asString(), entry.path("line2").asString(null),
                                entry.path("city").asString(), entry.path("postalCode").asString(),
                                entry.path("country").asString()),
                        entry.path("defaultShipping").asBoolean(false)));
            }
            return saved;
        } catch (RuntimeException e) {
            throw new PeerUnavailableException(CUSTOMER, "customer-service answered addresses that are not the documented JSON", e);
        }
    }

    /** Whether the caller has saved payment method {@code id}: {@code GET {payment}/api/v1/payment-methods/{id}}. */
    public boolean hasPaymentMethod(UUID id, String bearerToken) {
        return get(PAYMENT, addresses.payment().resolve("/api/v1/payment-methods/" + id), bearerToken).isPresent();
    }

    /** The JSON answer, or empty for a 404; through the peer's circuit breaker. */
    private Optional<JsonNode> get(String peer, URI uri, String bearerToken) {
        try {
            return breaker(peer).executeSupplier(() -> call(peer, uri, bearerToken));
        } catch (CallNotPermittedException open) {
            throw new PeerUnavailableException(peer, peer + " failed too often lately; not asked for a while", open);
        }
    }

    /** A peer's clear answer: its status (2xx or 4xx) and JSON body (empty for none). */
    private record Answer(int status, JsonNode body) {
        String type() {
            return body.path("type").asString("");
        }
    }

    /** Any 2xx or 4xx is an answer; no answer, a 5xx or a body that is not JSON is a {@link PeerUnavailableException}. */
    private Answer send(String peer, HttpMethod method, URI uri, String bearerToken, String body) {
        try {
            return breaker(peer).executeSupplier(() -> exchange(peer, method, uri, bearerToken, body));
        } catch (CallNotPermittedException open) {
            throw new PeerUnavailableException(peer, peer + " failed too often lately; not asked for a while", open);
        }
    }

    private Answer exchange(String peer, HttpMethod method, URI uri, String bearerToken, String body) {
        try {
            RestClient.RequestBodySpec request = http.method(method).uri(uri).accept(MediaType.APPLICATION_JSON,
                    MediaType.APPLICATION_PROBLEM_JSON).header(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken);
            if (body != null) {
                request.contentType(MediaType.APPLICATION_JSON).body(body);
            }
            return request.exchange((sent, response) -> {
                int status = response.getStatusCode().value();
                if (status >= 500 || status < 200 || (status >= 300 && status < 400)) {
                    throw new PeerUnavailableException(peer, peer + " answered " + status, null);
                }
                String text = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
                return new Answer(status, text.isBlank() ? json.createObjectNode() : json.readTree(text));
            });
        } catch (ResourceAccessException e) {
            throw new PeerUnavailableException(peer, peer + " did not answer in time: " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new PeerUnavailableException(peer, peer + " answered something that is not JSON", e);
        } catch (RestClientException | UncheckedIOException e) {
            throw new PeerUnavailableException(peer, peer + " did not answer in full: " + e.getMessage(), e);
        }
    }

    private Optional<JsonNode> call(String peer, URI uri, String bearerToken) {
        try {
            String body = http.get().uri(uri).accept(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
                    .retrieve().body(String.class);
            if (body == null) {
                throw new PeerUnavailableException(peer, peer + " answered without a body", null);
            }
            return Optional.of(json.readTree(body));
        } catch (HttpStatusCodeException e) {
            if (e.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
                return Optional.empty();
            }
            throw new PeerUnavailableException(peer, peer + " answered " + e.getStatusCode().value(), e);
        } catch (ResourceAccessException e) {
            throw new PeerUnavailableException(peer, peer + " did not answer in time: " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new PeerUnavailableException(peer, peer + " answered something that is not JSON", e);
        } catch (RestClientException e) {
            // The connection broke while the answer was read (a read timeout mid-body, a peer going away).
            throw new PeerUnavailableException(peer, peer + " did not answer in full: " + e.getMessage(), e);
        }
    }

    private static Money money(JsonNode money) {
        return new Money(money.path("amountMinor").asLong(), money.path("currency").asString());
    }

    private static UUID uuidOrNull(JsonNode node) {
        return node.isString() ? UUID.fromString(node.asString()) : null;
    }
}
