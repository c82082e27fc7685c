package com.example.commerce.stack.api;

import com.example.commerce.stack.DemoIdentity;
import com.example.commerce.stack.TokenClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The order saga as its users drive it over the fleet's REST APIs: a customer's wallet, cart and orders, the
 * integrator's catalogue and stock, the operator's reads, and the partner simulators' admin knobs. The system
 * tests and the saga benchmark share it, so both speak exactly the documented APIs.
 */
public final class Shop {

    /** A card the simulated provider authorises, and one it always declines. */
    public static final String GOOD_CARD = "4242424242424242";
    public static final String DECLINED_CARD = "4000000000000002";

    /** Terminal states of an order. */
    public static final List<String> TERMINAL = List.of("DELIVERED", "CANCELLED", "REJECTED");

    private final Function<String, String> baseUrl;
    private final Api api;
    private final TokenClient tokens;
    private final Map<String, CachedToken> clientTokens = new ConcurrentHashMap<>();

    private record CachedToken(String value, Instant expiresAt) {
    }

    /**
     * @param baseUrl the base URL of a process by its name ({@code order-service}, {@code partner-simulators}, ...)
     * @param issuer  customer-service's issuer URI
     */
    public Shop(Function<String, String> baseUrl, String issuer, Duration timeout) {
        this.baseUrl = baseUrl;
        this.api = new Api(timeout);
        this.tokens = new TokenClient(issuer);
    }

    public Api api() {
        return api;
    }

    public String url(String process, String path) {
        return baseUrl.apply(process) + path;
    }

    // --- tokens -------------------------------------------------------------------------------------------

    /** A demo customer's access token, through the real authorization-code + PKCE sign-in. */
    public String signIn(String email) {
        DemoIdentity.Customer customer = DemoIdentity.customer(email).orElseThrow();
        return tokens.signIn(customer.email(), customer.password()).accessToken();
    }

    /** A demo client's token with all of its scopes (kept until a minute before it expires). */
    public String client(String clientId) {
        CachedToken cached = clientTokens.get(clientId);
        if (cached != null && cached.expiresAt().isAfter(Instant.now().plusSeconds(60))) {
            return cached.value();
        }
        DemoIdentity.Client client = DemoIdentity.client(clientId).orElseThrow();
        TokenClient.Tokens issued = tokens.clientCredentials(client.clientId(), client.secret(),
                client.scopes().toArray(String[]::new));
        clientTokens.put(clientId, new CachedToken(issued.accessToken(), Instant.now().plusSeconds(issued.expiresIn())));
        return issued.accessToken();
    }

    public String operator() {
        return client("ops-console");
    }

    /** The subject (customer id) of an access token. */
    public static UUID subjectOf(String token) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        return UUID.fromString(Api.parse(payload).path("sub").asString());
    }

    // --- catalogue and stock (the integrator) -------------------------------------------------------------

    /** Creates a product through catalog-service and sets its stock through inventory-service. */
    public void stockNewProduct(String sku, long priceMinor, int onHand) {
        String importer = client("catalog-importer");
        api.post(url("catalog-service", "/api/v1/products"), importer, """
                {"sku":"%s","name":"Saga test item %s","price":{"amountMinor":%d,"currency":"EUR"}}"""
                .formatted(sku, sku, priceMinor)).expect(201);
        setStock(sku, onHand);
    }

    /** Sets the on-hand stock of a SKU (waiting until inventory knows the SKU from catalog.events). */
    public void setStock(String sku, int onHand) {
        String importer = client("catalog-importer");
        String body = """
                {"mode":"SET","quantity":%d,"reason":"saga test stock"}""".formatted(onHand);
        Instant until = Instant.now().plusSeconds(60);
        while (true) {
            Api.Reply reply = api.post(url("inventory-service", "/api/v1/inventory/" + sku + "/update"), importer, body);
            if (reply.status() == 200 || reply.status() == 201) {
                return;
            }
            if (Instant.now().isAfter(until)) {
                throw new IllegalStateException("inventory did not take the stock of " + sku + ": " + reply.status()
                        + " " + reply.text());
            }
            pause(200);
        }
    }

    /** {@code onHand, reserved, available} of a SKU as inventory-service says. */
    public JsonNode stock(String sku) {
        return api.get(url("inventory-service", "/api/v1/inventory/" + sku), operator()).expect(200).json();
    }


    // --- wallet, cart, orders (the customer) --------------------------------------------------------------

    /** Saves a card in the customer's wallet; returns the payment method's id. */
    public String savePaymentMethod(String customerToken, String cardNumber) {
        return api.post(url("payment-service", "/api/v1/payment-methods"), customerToken, """
                {"cardNumber":"%s","expiryMonth":12,"expiryYear":%d,"cvc":"123","holderName":"Saga Tester"}"""
                .formatted(cardNumber, java.time.Year.now().getValue() + 3)).expect(201).field("id");
    }

    public Api.Reply addToCart(String customerToken, String sku, int quantity) {
        return api.post(url("cart-service", "/api/v1/cart/" + subjectOf(customerToken) + "/add"), customerToken, """
                {"sku":"%s","quantity":%d}""".formatted(sku, quantity));
    }

    public Api.Reply cart(String customerToken) {
        return api.get(url("cart-service", "/api/v1/cart/" + subjectOf(customerToken)), customerToken);
    }

    /** The JSON of an address for an order. */
    public static String address(String postalCode) {
        return """
                {"line1":"Lindenstrasse 12","city":"Berlin","postalCode":"%s","country":"DE"}""".formatted(postalCode);
    }

    /** An order of explicit lines ({@code sku -> quantity}). */
    public static String orderOfLines(Map<String, Integer> lines, String paymentMethodId, String addressJson) {
        List<String> items = new ArrayList<>();
        lines.forEach((sku, quantity) -> items.add("{\"sku\":\"%s\",\"quantity\":%d}".formatted(sku, quantity)));
        return """
                {"lines":[%s],"paymentMethodId":"%s","shippingAddress":%s}""".formatted(String.join(",", items),
                paymentMethodId, addressJson);
    }

    /** A checkout of the customer's cart. */
    public static String checkout(String paymentMethodId, String addressJson) {
        return """
                {"paymentMethodId":"%s","shippingAddress":%s}""".formatted(paymentMethodId, addressJson);
    }

    public Api.Reply placeOrder(String customerToken, String idempotencyKey, String body) {
        return api.post(url("order-service", "/api/v1/orders"), customerToken, body, "Idempotency-Key", idempotencyKey);
    }

    /**
     * Places an order as a well-behaved client does: a 503 (a peer of the order service busy or away) or a 409
     * (the same key still in progress) is asked again with the same Idempotency-Key, after a pause, for up to a
     * minute. Any other answer is returned.
     */
    public Api.Reply placeOrderRetrying(String customerToken, String idempotencyKey, String body) {
        Instant until = Instant.now().plusSeconds(60);
        while (true) {
            Api.Reply reply = placeOrder(customerToken, idempotencyKey, body);
            if ((reply.status() != 503 && reply.status() != 409) || Instant.now().isAfter(until)) {
                return reply;
            }
            pause(500);
        }
    }

    /** Places an order, retrying a 422 for a SKU the order service's read model does not know yet. */
    public String placeOrderOnceKnown(String customerToken, String body) {
        String key = UUID.randomUUID().toString();
        Instant until = Instant.now().plusSeconds(60);
        while (true) {
            Api.Reply reply = placeOrderRetrying(customerToken, key, body);
            if (reply.status() == 202) {
                return reply.field("id");
            }
            if (reply.status() != 422 || Instant.now().isAfter(until)) {
                throw new IllegalStateException("order refused: " + reply.status() + " " + reply.text());
            }
            key = UUID.randomUUID().toString();
            pause(250);
        }
    }

    public Api.Reply order(String token, String orderId) {
        return api.get(url("order-service", "/api/v1/orders/" + orderId), token);
    }

    /** Long-polls the order until it is in {@code status} or terminal, or {@code within} passed; the last view. */
    public JsonNode awaitOrder(String token, String orderId, String status, Duration within) {
        Instant until = Instant.now().plus(within);
        JsonNode order;
        do {
            long left = Math.max(1, Math.min(20, Duration.between(Instant.now(), until).toSeconds()));
            order = api.get(url("order-service", "/api/v1/orders/" + orderId + "?waitFor=" + status + "&timeout=" + left),
                    token).expect(200).json();
            String now = order.path("status").asString();
            if (now.equals(status) || TERMINAL.contains(now)) {
                return order;
            }
        } while (Instant.now().isBefore(until));
        return order;
    }

    public Api.Reply cancel(String token, String orderId) {
        return api.post(url("order-service", "/api/v1/orders/" + orderId + "/cancel"), token, "");
    }

    public JsonNode timeline(String token, String orderId) {
        return api.get(url("order-service", "/api/v1/orders/" + orderId + "/timeline"), token).expect(200).json();
    }

    // --- the other services' views (the operator) ---------------------------------------------------------

    public JsonNode reservation(String orderId) {
        Api.Reply reply = api.get(url("inventory-service", "/api/v1/inventory/reservations/" + orderId), operator());
        return reply.status() == 404 ? null : reply.expect(200).json();
    }

    /** The order's payment as payment-service's ledger shows it, or null when there is none. */
    public JsonNode payment(String orderId) {
        JsonNode items = api.get(url("payment-service", "/api/v1/payments?orderId=" + orderId), operator())
                .expect(200).json().path("items");
        return items.isEmpty() ? null : items.get(0);
    }

    public JsonNode shipments(String orderId) {
        return api.get(url("shipping-service", "/api/v1/shipments?orderId=" + orderId), operator())
                .expect(200).json().path("items");
    }

    // --- the partners (simulators) ------------------------------------------------------------------------

    /** Sets knobs of the payment provider simulator ({@code {"declineRate":0.0,...}}). */
    public void provider(String behaviourJson) {
        api.put(url("partner-simulators", "/provider/admin/behaviour"), null, behaviourJson).expect(200, 204);
    }

    public void courier(String behaviourJson) {
        api.put(url("partner-simulators", "/courier/admin/behaviour"), null, behaviourJson).expect(200, 204);
    }

    public void resetPartners() {
        api.post(url("partner-simulators", "/provider/admin/reset"), null, "").expect(200, 204);
        api.post(url("partner-simulators", "/courier/admin/reset"), null, "").expect(200, 204);
    }

    /** Every operation the provider performed for an order: {@code [{kind, amountMinor, idempotencyKey, ...}]}. */
    public JsonNode providerLedger(String orderId) {
        return api.get(url("partner-simulators", "/provider/v1/ledger?reference=" + orderId), null).expect(200).json();
    }

    public JsonNode courierBookings(String reference) {
        return api.get(url("partner-simulators", "/courier/v1/bookings?reference=" + reference), null).expect(200).json();
    }

    /** Moves a courier booking by hand (with autoAdvance off). */
    public void advanceBooking(String bookingId, String status) {
        api.post(url("partner-simulators", "/courier/admin/bookings/" + bookingId + "/advance"), null,
                "{\"status\":\"" + status + "\"}").expect(200, 204);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
