package com.example.commerce.order;

import com.example.commerce.events.shared.Address;
import com.example.commerce.events.shared.Money;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * cart-, customer- and payment-service as order-service sees them: a loopback HTTP server answering the
 * JSON of saga.md ({@code GET /api/v1/cart/{customerId}}, {@code GET /api/v1/customers/me/addresses},
 * {@code GET /api/v1/payment-methods/{id}}) for the customer named by the bearer token's {@code sub}. One per
 * test JVM; {@link Initializer} points every order-service context at it ({@code commerce.peers.*}).
 *
 * <p>Checkout claims as cart-service answers them ({@code POST /api/v1/cart/{customerId}/checkout-claims},
 * {@code DELETE .../checkout-claims/{orderId}}): one claim per version of a cart, a claim of a version another
 * order has is a 409 naming that order, the same order again gets its claim. A claim moves the cart to its
 * next version but the stub's cart keeps the lines it was given (as if the customer filled it again), so a
 * test may check one cart out several times, each time reading it anew.
 */
public final class PeerStub {

    private static final PeerStub INSTANCE = new PeerStub();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A cart line as the stub's cart-service prices it. */
    public record CartLine(String sku, String name, int quantity, long unitPriceMinor, List<String> notices) {
    }

    /** A cart: lines, and a promotion code with its discount (null code: none). */
    public record Cart(UUID cartId, List<CartLine> lines, String promoCode, long discountMinor) {
    }

    /** An address book entry. */
    public record SavedAddress(UUID id, Address address, boolean defaultShipping) {
    }

    /** How a peer answers: as documented, with 503, or too late. */
    public enum Behaviour { NORMAL, ERROR, SLOW, DELAYED }

    private final HttpServer server;
    private final Map<UUID, Cart> carts = new ConcurrentHashMap<>();
    private final Map<UUID, List<SavedAddress>> addressBooks = new ConcurrentHashMap<>();
    private final Map<UUID, Set<UUID>> wallets = new ConcurrentHashMap<>();
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<UUID, Long> versions = new ConcurrentHashMap<>();
    private final Map<UUID, Cart> claimedAs = new ConcurrentHashMap<>();
    private final Map<UUID, ObjectNode> claims = new ConcurrentHashMap<>();
    private final Map<String, UUID> claimedVersions = new ConcurrentHashMap<>();
    private final CountDownLatch never = new CountDownLatch(1);

    private PeerStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/v1/cart/", exchange -> {
            String method = exchange.getRequestMethod();
            if ("GET".equals(method)) {
                answer(exchange, "cart", this::cart);
            } else {
                answer(exchange, "cart-claims", "POST".equals(method) ? this::claim : this::release);
            }
        });
        server.createContext("/api/v1/customers/me/addresses", exchange -> answer(exchange, "customer", this::addresses));
        server.createContext("/api/v1/payment-methods/", exchange -> answer(exchange, "payment", this::paymentMethod));
        server.start();
    }

    public static PeerStub get() {
        return INSTANCE;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void cart(UUID customerId, Cart cart) {
        carts.put(customerId, cart);
        versions.merge(customerId, 1L, Long::sum);
        claimedAs.remove(customerId);
    }

    /** A claim of the customer's cart answers it as {@code cart} (it changed after it was read: a new price, say). */
    public void claimedAs(UUID customerId, Cart cart) {
        claimedAs.put(customerId, cart);
    }

    public void addresses(UUID customerId, SavedAddress... entries) {
        addressBooks.put(customerId, List.of(entries));
    }

    public void paymentMethods(UUID customerId, UUID... methods) {
        wallets.put(customerId, Set.of(methods));
    }

    /** How {@code peer} (cart, cart-claims, customer or payment) answers from now on; cart-claims falls back to cart. */
    public void behave(String peer, Behaviour behaviour) {
        behaviours.put(peer, behaviour);
    }

    public void reset() {
        behaviours.clear();
    }

    /** Every request so far: "METHOD path Authorization-header". */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    private interface Handler {
        /** @return the JSON to answer, a {@link Reply}, or null for 404 */
        Object handle(UUID customer, String path, String body);
    }

    /** An answer with another status than 200 (a null body: none). */
    private record Reply(int status, Object body) {
    }

    private void answer(HttpExchange exchange, String peer, Handler handler) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String path = exchange.getRequestURI().getPath();
            String requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(exchange.getRequestMethod() + " " + path + " " + authorization);
            Behaviour behaviour = behaviours.getOrDefault(peer, peer.equals("cart-claims")
                    ? behaviours.getOrDefault("cart", Behaviour.NORMAL) : Behaviour.NORMAL);
            if (behaviour == Behaviour.SLOW) {
                try {
                    // Longer than order-service's read timeout (1 s in the tests): it gives up first.
                    never.await(3, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (behaviour == Behaviour.DELAYED) {
                try {
                    // Within order-service's read timeout: a first request that stays IN_PROGRESS for a while.
                    never.await(400, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (behaviour == Behaviour.ERROR) {
                send(exchange, 503, "{\"type\":\"urn:commerce:problem:internal-error\",\"status\":503}");
                return;
            }
            UUID customer = subjectOf(authorization);
            Object body = customer == null ? null : handler.handle(customer, path, requestBody);
            if (body == null) {
                send(exchange, 404, "{\"type\":\"urn:commerce:problem:not-found\",\"status\":404}");
            } else if (body instanceof Reply reply && reply.body() == null) {
                exchange.sendResponseHeaders(reply.status(), -1);
            } else if (body instanceof Reply reply) {
                send(exchange, reply.status(), JSON.writeValueAsString(reply.body()));
            } else {
                send(exchange, 200, JSON.writeValueAsString(body));
            }
        }
    }

    private Object cart(UUID caller, String path, String body) {
        UUID customerId = UUID.fromString(path.substring("/api/v1/cart/".length()));
        if (!customerId.equals(caller)) {
            return null;
        }
        Cart cart = carts.get(customerId);
        return view(customerId, cart, cart == null ? null : versions.get(customerId));
    }

    /** Claims are decided one at a time, as cart-service decides them under the cart's row lock. */
    private synchronized Object claim(UUID caller, String path, String body) {
        UUID customerId = UUID.fromString(path.substring("/api/v1/cart/".length()).split("/")[0]);
        if (!customerId.equals(caller)) {
            return null;
        }
        tools.jackson.databind.JsonNode request = JSON.readTree(body);
        UUID orderId = UUID.fromString(request.path("orderId").asString());
        UUID cartId = UUID.fromString(request.path("cartId").asString());
        long version = request.path("cartVersion").asLong();
        if (claims.containsKey(orderId)) {
            return new Reply(200, claims.get(orderId));
        }
        UUID taken = claimedVersions.get(cartId + "@" + version);
        if (taken != null) {
            ObjectNode problem = JSON.createObjectNode();
            problem.put("type", "urn:commerce:problem:cart-checkout-in-progress");
            problem.put("status", 409);
            problem.put("orderId", taken.toString());
            problem.put("claimStatus", "CLAIMED");
            return new Reply(409, problem);
        }
        Cart cart = carts.get(customerId);
        if (cart == null || !cart.cartId().equals(cartId)) {
            return null;
        }
        long current = versions.get(customerId);
        if (version != current) {
            ObjectNode problem = JSON.createObjectNode();
            problem.put("type", "urn:commerce:problem:cart-changed");
            problem.put("status", 409);
            problem.put("currentVersion", current);
            return new Reply(409, problem);
        }
        ObjectNode claim = JSON.createObjectNode();
        claim.put("orderId", orderId.toString());
        claim.put("cartId", cartId.toString());
        claim.put("customerId", customerId.toString());
        claim.put("cartVersion", version);
        claim.put("status", "CLAIMED");
        claim.set("cart", view(customerId, claimedAs.getOrDefault(customerId, cart), version));
        claims.put(orderId, claim);
        claimedVersions.put(cartId + "@" + version, orderId);
        versions.put(customerId, current + 1);
        return new Reply(201, claim);
    }

    private synchronized Object release(UUID caller, String path, String body) {
        String[] parts = path.substring("/api/v1/cart/".length()).split("/");
        if (!UUID.fromString(parts[0]).equals(caller) || !claims.containsKey(UUID.fromString(parts[2]))) {
            return null;
        }
        return new Reply(204, null);
    }

    private ObjectNode view(UUID customerId, Cart cart, Long version) {
        ObjectNode view = JSON.createObjectNode();
        view.put("cartId", cart == null ? null : cart.cartId().toString());
        view.put("customerId", customerId.toString());
        view.put("status", "OPEN");
        view.put("currency", "EUR");
        ArrayNode lines = view.putArray("lines");
        long sum = 0;
        int items = 0;
        for (CartLine line : cart == null ? List.<CartLine>of() : cart.lines()) {
            ObjectNode node = lines.addObject();
            node.put("sku", line.sku());
            node.put("name", line.name());
            node.put("quantity", line.quantity());
            node.set("unitPrice", JSON.valueToTree(new Money(line.unitPriceMinor(), "EUR")));
            node.set("lineTotal", JSON.valueToTree(new Money(line.unitPriceMinor() * line.quantity(), "EUR")));
            node.put("availability", line.notices().contains("OUT_OF_STOCK") ? "OUT_OF_STOCK" : "IN_STOCK");
            node.put("discontinued", line.notices().contains("DISCONTINUED"));
            node.putNull("priceChange");
            ArrayNode notices = node.putArray("notices");
            line.notices().forEach(notices::add);
            sum += line.unitPriceMinor() * line.quantity();
            items += line.quantity();
        }
        long discount = cart == null ? 0 : cart.discountMinor();
        if (cart != null && cart.promoCode() != null) {
            ObjectNode promo = view.putObject("promo");
            promo.put("code", cart.promoCode());
            promo.put("applied", true);
            promo.putNull("rejection");
            promo.put("explanation", "10% off");
        } else {
            view.putNull("promo");
        }
        ObjectNode totals = view.putObject("totals");
        totals.set("lines", JSON.valueToTree(new Money(sum, "EUR")));
        totals.set("discount", JSON.valueToTree(new Money(discount, "EUR")));
        totals.set("total", JSON.valueToTree(new Money(sum - discount, "EUR")));
        totals.put("items", items);
        view.put("updatedAt", Instant.now().toString());
        if (version == null) {
            view.putNull("version");
        } else {
            view.put("version", version);
        }
        return view;
    }

    private Object addresses(UUID caller, String path, String body) {
        List<Object> entries = new ArrayList<>();
        for (SavedAddress entry : addressBooks.getOrDefault(caller, List.of())) {
            ObjectNode node = JSON.createObjectNode();
            node.put("id", entry.id().toString());
            node.put("label", "Home");
            node.put("line1", entry.address().line1());
            node.put("line2", entry.address().line2());
            node.put("city", entry.address().city());
            node.put("postalCode", entry.address().postalCode());
            node.put("country", entry.address().country());
            node.put("defaultShipping", entry.defaultShipping());
            entries.add(node);
        }
        return entries;
    }

    private Object paymentMethod(UUID caller, String path, String body) {
        UUID id = UUID.fromString(path.substring("/api/v1/payment-methods/".length()));
        if (!wallets.getOrDefault(caller, Set.of()).contains(id)) {
            return null;
        }
        ObjectNode method = JSON.createObjectNode();
        method.put("id", id.toString());
        method.put("brand", "VISA");
        method.put("last4", "4242");
        method.put("expiryMonth", 12);
        method.put("expiryYear", 2030);
        method.put("holderName", "A. Customer");
        method.put("createdAt", "2026-11-01T10:00:00Z");
        return method;
    }

    private static UUID subjectOf(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = authorization.substring("Bearer ".length()).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        try {
            return UUID.fromString(JSON.readTree(payload).path("sub").asString());
        } catch (IllegalArgumentException notACustomer) {
            return null;
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status < 300 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Points order-service at the stub. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            String url = get().baseUrl();
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("peerStub", Map.of(
                    "commerce.peers.cart", url, "commerce.peers.customer", url, "commerce.peers.payment", url)));
        }
    }
}
