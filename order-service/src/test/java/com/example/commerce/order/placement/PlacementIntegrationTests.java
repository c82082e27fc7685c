package com.example.commerce.order.placement;

import static com.example.commerce.testing.CatalogProductMother.euros;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.events.order.OrderPlaced;
import com.example.commerce.events.shared.Money;
import com.example.commerce.order.OrderApi;
import com.example.commerce.order.PeerStub;
import com.example.commerce.order.peers.PeerServices;
import com.example.commerce.testing.CatalogProductMother;
import com.example.commerce.testing.ServiceIntegrationTest;
import com.example.commerce.testing.TestTokens;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Placing orders over HTTP: from the cart (cart-service's prices and promo), from lines (the catalogue's), and every refusal. */
@ServiceIntegrationTest
class PlacementIntegrationTests {

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private PeerServices peerServices;

    private OrderApi api;
    private final PeerStub peers = PeerStub.get();

    @BeforeEach
    void client() {
        api = new OrderApi(port);
        peers.reset();
    }

    @AfterEach
    void close() {
        peers.reset();
        api.close();
    }

    @Test
    void aCheckoutTakesTheCartsLinesPricesAndPromotionAndPublishesOrderPlaced() {
        OrderApi.Customer customer = api.customer();
        UUID cartId = UUID.randomUUID();
        peers.cart(customer.id(), new PeerStub.Cart(cartId, List.of(
                new PeerStub.CartLine("MUG-" + cartId.toString().substring(0, 6), "Blue mug", 2, 1299, List.of()),
                new PeerStub.CartLine("TEE-" + cartId.toString().substring(0, 6), "Tee", 1, 2499, List.of())),
                "WINTER10", 510));

        HttpResponse<String> placed = api.place(customer.token(), "key-1",
                "{\"paymentMethodId\":\"" + customer.paymentMethodId() + "\"}");

        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        JsonNode order = api.json(placed);
        UUID id = UUID.fromString(order.get("id").asString());
        assertThat(placed.headers().firstValue("Location")).contains("/api/v1/orders/" + id);
        assertThat(order.get("status").asString()).isEqualTo("PENDING");
        assertThat(order.get("customerId").asString()).isEqualTo(customer.id().toString());
        assertThat(order.get("lines").size()).isEqualTo(2);
        assertThat(order.get("lines").get(0).get("name").asString()).isEqualTo("Blue mug");
        assertThat(order.get("lines").get(0).get("lineTotal").get("amountMinor").asLong()).isEqualTo(2598);
        assertThat(order.get("subtotal").get("amountMinor").asLong()).isEqualTo(5097);
        assertThat(order.get("discount").get("amountMinor").asLong()).isEqualTo(510);
        assertThat(order.get("total").get("amountMinor").asLong()).isEqualTo(4587);
        assertThat(order.get("promoCode").asString()).isEqualTo("WINTER10");
        assertThat(order.get("cartId").asString()).isEqualTo(cartId.toString());
        assertThat(order.get("shippingAddress").get("city").asString()).isEqualTo("Berlin");
        assertThat(order.get("deadlineAt").isNull()).isFalse();
        assertThat(api.json(api.get("/api/v1/orders/" + id, customer.token()))).isEqualTo(order);

        OrderPlaced event = api.awaitOrderEvent(id, OrderPlaced.class);
        assertThat(event.customerId()).isEqualTo(customer.id());
        assertThat(event.cartId()).isEqualTo(cartId);
        assertThat(event.total()).isEqualTo(euros(4587));
        assertThat(event.discount()).isEqualTo(euros(510));
        assertThat(event.promoCode()).isEqualTo("WINTER10");
        assertThat(event.paymentMethodId()).isEqualTo(customer.paymentMethodId());
        assertThat(event.shippingAddress()).isEqualTo(OrderApi.HOME);
        assertThat(event.lines()).hasSize(2);
        assertThat(api.steps(id, customer.token())).containsExactly("PLACED order-service true");
        assertThat(peers.calls()).as("the customer's own token was relayed to every peer")
                .contains("GET /api/v1/cart/" + customer.id() + " Bearer " + customer.token(),
                        "GET /api/v1/customers/me/addresses Bearer " + customer.token(),
                        "GET /api/v1/payment-methods/" + customer.paymentMethodId() + " Bearer " + customer.token(),
                        "POST /api/v1/cart/" + customer.id() + "/checkout-claims Bearer " + customer.token());
    }

    @Test
    void twoCheckoutsOfOneCartAtOnceUnderTwoKeysPlaceOneOrderAndTellTheOtherWhichOrderHasTheCart() throws Exception {
        OrderApi.Customer customer = api.customer();
        peers.cart(customer.id(), new PeerStub.Cart(UUID.randomUUID(), List.of(new PeerStub.CartLine(
                "SKU-T-" + customer.id().toString().substring(0, 6), "Mug", 1, 1500, List.of())), null, 0));
        // The cart answers after a while: both checkouts have read it before either claims it.
        peers.behave("cart", PeerStub.Behaviour.DELAYED);
        String body = "{\"paymentMethodId\":\"" + customer.paymentMethodId() + "\"}";
        CyclicBarrier barrier = new CyclicBarrier(2);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (ExecutorService tabs = Executors.newFixedThreadPool(2)) {
            for (String key : List.of("tab-1", "tab-2")) {
                answers.add(tabs.submit(() -> {
                    barrier.await();
                    return api.place(customer.token(), key, body);
                }));
            }
        }
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : answers) {
            responses.add(answer.get());
        }

        List<HttpResponse<String>> placed = responses.stream().filter(r -> r.statusCode() == 202).toList();
        assertThat(placed).as(responses.stream().map(HttpResponse::body).toList().toString()).hasSize(1);
        UUID first = UUID.fromString(api.json(placed.getFirst()).get("id").asString());
        HttpResponse<String> second = responses.stream().filter(r -> r.statusCode() != 202).findFirst().orElseThrow();
        JsonNode problem = api.problem(second, 409, "urn:commerce:problem:cart-already-checked-out");
        assertThat(problem.get("orderId").asString()).isEqualTo(first.toString());
        assertThat(problem.get("location").asString()).isEqualTo("/api/v1/orders/" + first);
        assertThat(second.headers().firstValue("Location")).contains("/api/v1/orders/" + first);
        assertThat(ordersOf(customer.id())).isOne();
        assertThat(placedEventsOf(customer.id())).isOne();
        assertThat(api.awaitOrderEvent(first, OrderPlaced.class).customerId()).isEqualTo(customer.id());
        assertThat(keysOf(customer.id().toString())).as("the refused checkout freed its key").isOne();
        assertThat(api.get(problem.get("location").asString(), customer.token()).statusCode())
                .as("the client can follow the first order").isEqualTo(200);
    }

    @Test
    void theOrderTakesTheCartAsClaimedNotAsFirstRead() {
        OrderApi.Customer customer = api.customer();
        String sku = "SKU-C-" + customer.id().toString().substring(0, 6);
        UUID cartId = UUID.randomUUID();
        peers.cart(customer.id(), new PeerStub.Cart(cartId, List.of(new PeerStub.CartLine(sku, "Mug", 2, 1000,
                List.of())), null, 0));
        peers.claimedAs(customer.id(), new PeerStub.Cart(cartId, List.of(new PeerStub.CartLine(sku, "Mug", 2, 900,
                List.of())), "SPRING5", 90));

        HttpResponse<String> placed = api.place(customer.token(), "as-claimed",
                "{\"paymentMethodId\":\"" + customer.paymentMethodId() + "\"}");

        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        JsonNode order = api.json(placed);
        assertThat(order.get("lines").get(0).get("unitPrice").get("amountMinor").asLong()).isEqualTo(900);
        assertThat(order.get("discount").get("amountMinor").asLong()).isEqualTo(90);
        assertThat(order.get("total").get("amountMinor").asLong()).isEqualTo(1710);
        assertThat(order.get("promoCode").asString()).isEqualTo("SPRING5");
        assertThat(peers.calls()).as("the claim was made for the order stored")
                .anyMatch(call -> call.startsWith("POST /api/v1/cart/" + customer.id() + "/checkout-claims"));
        assertThat(peers.calls()).noneMatch(call -> call.startsWith("DELETE /api/v1/cart/" + customer.id()));
    }

    @Test
    void aCheckoutThatFailsAfterClaimingTheCartGivesTheClaimBack() {
        OrderApi.Customer customer = api.customer();
        String sku = "SKU-F-" + customer.id().toString().substring(0, 6);
        UUID cartId = UUID.randomUUID();
        String body = "{\"paymentMethodId\":\"" + customer.paymentMethodId() + "\"}";
        peers.cart(customer.id(), new PeerStub.Cart(cartId, List.of(new PeerStub.CartLine(sku, "Mug", 1, 1000,
                List.of())), null, 0));

        // The price changed between reading the cart and claiming it: the customer must look again.
        peers.claimedAs(customer.id(), new PeerStub.Cart(cartId, List.of(new PeerStub.CartLine(sku, "Mug", 1, 1100,
                List.of("PRICE_CHANGED"))), null, 0));
        api.problem(api.place(customer.token(), "after-claim", body), 422, "urn:commerce:problem:cart-needs-review");
        assertThat(releases(customer)).as("the claim was given back").isOne();

        // cart-service did not answer the claim clearly: it may have made it.
        peers.cart(customer.id(), new PeerStub.Cart(cartId, List.of(new PeerStub.CartLine(sku, "Mug", 1, 1000,
                List.of())), null, 0));
        peers.behave("cart-claims", PeerStub.Behaviour.ERROR);
        JsonNode unavailable = api.problem(api.place(customer.token(), "after-claim", body), 503,
                "urn:commerce:problem:peer-unavailable");
        assertThat(unavailable.get("peer").asString()).isEqualTo("cart-service");
        assertThat(releases(customer)).as("a claim that may have been made is given back").isEqualTo(2);
        peers.reset();

        // The database refuses the order after the claim.
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION refuse_order_of_%1$s() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'refused for the test'; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER refuse_order_of_%1$s BEFORE INSERT ON orders FOR EACH ROW
                WHEN (NEW.customer_id = '%2$s') EXECUTE FUNCTION refuse_order_of_%1$s();"""
                .formatted(customer.id().toString().replace("-", ""), customer.id()));
        try {
            assertThat(api.place(customer.token(), "after-claim", body).statusCode()).isEqualTo(500);
        } finally {
            jdbc.execute("DROP TRIGGER refuse_order_of_%1$s ON orders; DROP FUNCTION refuse_order_of_%1$s();"
                    .formatted(customer.id().toString().replace("-", "")));
        }
        assertThat(releases(customer)).as("the claim of the order not stored was given back").isEqualTo(3);
        assertThat(ordersOf(customer.id())).isZero();
        assertThat(keysOf(customer.id().toString())).isZero();
        assertThat(placedEventsOf(customer.id())).isZero();

        HttpResponse<String> placed = api.place(customer.token(), "after-claim", body);
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        assertThat(releases(customer)).isEqualTo(3);
    }

    private long releases(OrderApi.Customer customer) {
        return peers.calls().stream().filter(call -> call.startsWith("DELETE /api/v1/cart/" + customer.id()
                + "/checkout-claims/")).count();
    }

    @Test
    void explicitLinesArePricedFromTheCatalogueAndTheSameSkuIsMerged() {
        OrderApi.Customer customer = api.customer();
        CatalogProductMother mug = api.listed(euros(1000));
        CatalogProductMother tee = api.listed(euros(250));

        HttpResponse<String> placed = api.place(customer.token(), "lines-1", """
                {"lines":[{"sku":"%s","quantity":2},{"sku":"%s","quantity":1},{"sku":"%s","quantity":3}],
                 "shippingAddressId":"%s","paymentMethodId":"%s"}""".formatted(mug.sku(), tee.sku(), mug.sku(),
                customer.officeId(), customer.paymentMethodId()));

        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        JsonNode order = api.json(placed);
        assertThat(order.get("lines").size()).isEqualTo(2);
        assertThat(order.get("lines").get(0).get("sku").asString()).isEqualTo(mug.sku());
        assertThat(order.get("lines").get(0).get("quantity").asInt()).isEqualTo(5);
        assertThat(order.get("lines").get(0).get("unitPrice").get("amountMinor").asLong()).isEqualTo(1000);
        assertThat(order.get("total").get("amountMinor").asLong()).isEqualTo(5250);
        assertThat(order.get("discount").get("amountMinor").asLong()).isZero();
        assertThat(order.get("cartId").isNull()).isTrue();
        assertThat(order.get("shippingAddress").get("city").asString()).isEqualTo("Hamburg");
        OrderPlaced event = api.awaitOrderEvent(UUID.fromString(order.get("id").asString()), OrderPlaced.class);
        assertThat(event.cartId()).isNull();
        assertThat(event.discount()).isNull();
    }

    @Test
    void anIntegratorOrdersForACustomerWithExplicitLinesAndAddress() {
        UUID customer = UUID.randomUUID();
        CatalogProductMother mug = api.listed(euros(700));
        String integrator = TestTokens.client("marketplace", "orders:write");
        String body = """
                {"lines":[{"sku":"%s","quantity":1}],"customerId":"%s","paymentMethodId":"%s",
                 "shippingAddress":{"line1":"9 Dock St","city":"Bremen","postalCode":"28195","country":"DE"}}"""
                .formatted(mug.sku(), customer, UUID.randomUUID());

        HttpResponse<String> placed = api.place(integrator, "mp-1", body);

        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        assertThat(api.json(placed).get("customerId").asString()).isEqualTo(customer.toString());
        UUID id = UUID.fromString(api.json(placed).get("id").asString());
        assertThat(api.get("/api/v1/orders/" + id, TestTokens.customer(customer)).statusCode())
                .as("the customer sees the order placed for them").isEqualTo(200);

        String withoutScope = TestTokens.client("marketplace");
        api.problem(api.place(withoutScope, "mp-2", body), 403, "urn:commerce:problem:forbidden");
        api.problem(api.place(integrator, "mp-3", """
                {"customerId":"%s","paymentMethodId":"%s"}""".formatted(customer, UUID.randomUUID())), 422,
                "urn:commerce:problem:explicit-order-required");
        assertThat(ordersOf(customer)).isOne();
    }

    @Test
    void everyRefusalIsAProblemAndStoresNothing() {
        OrderApi.Customer customer = api.customer();
        CatalogProductMother mug = api.listed(euros(1000));
        CatalogProductMother gone = api.listed(euros(1000));
        api.publish(gone.discontinued());
        org.awaitility.Awaitility.await().atMost(OrderApi.PATIENCE).until(() -> api.json(api.get("/api/v1/prices/"
                + gone.sku(), customer.token())).get("discontinued").asBoolean());
        CatalogProductMother dollars = api.listed(new Money(1000, "USD"));
        String method = customer.paymentMethodId().toString();
        String token = customer.token();

        api.problem(api.place(token, null, "{\"paymentMethodId\":\"" + method + "\"}"), 400,
                "urn:commerce:problem:malformed-request");
        api.problem(api.place(token, "", "{\"paymentMethodId\":\"" + method + "\"}"), 400,
                "urn:commerce:problem:validation-failed");
        api.problem(api.place(token, "x".repeat(101), "{\"paymentMethodId\":\"" + method + "\"}"), 400,
                "urn:commerce:problem:validation-failed");
        api.problem(api.place(token, "k", "{}"), 400, "urn:commerce:problem:validation-failed");
        api.problem(api.place(token, "k", "{\"paymentMethodId\":\"" + method + "\",\"total\":1}"), 400,
                "urn:commerce:problem:malformed-request");
        api.problem(api.place(token, "k", "{\"paymentMethodId\":\"" + method + "\",\"lines\":[]}"), 400,
                "urn:commerce:problem:validation-failed");
        api.problem(api.place(null, "k", "{\"paymentMethodId\":\"" + method + "\"}"), 401,
                "urn:commerce:problem:unauthorized");

        // The cart: none, empty, with notices the customer has not looked at.
        api.problem(api.place(token, "k", "{\"paymentMethodId\":\"" + method + "\"}"), 422,
                "urn:commerce:problem:cart-empty");
        for (String notice : List.of("PRICE_CHANGED", "OUT_OF_STOCK", "DISCONTINUED")) {
            peers.cart(customer.id(), new PeerStub.Cart(UUID.randomUUID(),
                    List.of(new PeerStub.CartLine(mug.sku(), "Mug", 1, 1000, List.of(notice))), null, 0));
            JsonNode review = api.problem(api.place(token, "k", "{\"paymentMethodId\":\"" + method + "\"}"), 422,
                    "urn:commerce:problem:cart-needs-review");
            assertThat(review.get("skus").get(0).asString()).isEqualTo(mug.sku());
        }

        // Explicit lines.
        api.problem(api.place(token, "k", lines("SKU-NEVER-LISTED", 1, method)), 422, "urn:commerce:problem:unknown-sku");
        api.problem(api.place(token, "k", lines(gone.sku(), 1, method)), 422, "urn:commerce:problem:sku-discontinued");
        api.problem(api.place(token, "k", lines(mug.sku(), 0, method)), 422,
                "urn:commerce:problem:line-quantity-out-of-bounds");
        api.problem(api.place(token, "k", lines(mug.sku(), 100, method)), 422,
                "urn:commerce:problem:line-quantity-out-of-bounds");
        api.problem(api.place(token, "k", """
                {"lines":[{"sku":"%s","quantity":60},{"sku":"%s","quantity":40}],"paymentMethodId":"%s"}"""
                .formatted(mug.sku(), mug.sku(), method)), 422, "urn:commerce:problem:line-quantity-out-of-bounds");
        api.problem(api.place(token, "k", """
                {"lines":[{"sku":"%s","quantity":1},{"sku":"%s","quantity":1}],"paymentMethodId":"%s"}"""
                .formatted(mug.sku(), dollars.sku(), method)), 422, "urn:commerce:problem:currency-mismatch");
        StringBuilder many = new StringBuilder("{\"paymentMethodId\":\"" + method + "\",\"lines\":[");
        for (int i = 0; i < 51; i++) {
            many.append(i == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(i).append("\",\"quantity\":1}");
        }
        api.problem(api.place(token, "k", many.append("]}").toString()), 422, "urn:commerce:problem:too-many-lines");

        // Address and payment method.
        api.problem(api.place(token, "k", """
                {"lines":[{"sku":"%s","quantity":1}],"shippingAddressId":"%s","paymentMethodId":"%s"}"""
                .formatted(mug.sku(), UUID.randomUUID(), method)), 422, "urn:commerce:problem:shipping-address-unknown");
        peers.addresses(customer.id());
        api.problem(api.place(token, "k", lines(mug.sku(), 1, method)), 422,
                "urn:commerce:problem:shipping-address-required");
        api.problem(api.place(token, "k", """
                {"lines":[{"sku":"%s","quantity":1}],"paymentMethodId":"%s",
                 "shippingAddress":{"line1":"x","city":"y","postalCode":"1","country":"de"}}"""
                .formatted(mug.sku(), method)), 400, "urn:commerce:problem:validation-failed");
        // Two upper-case letters that ISO 3166-1 does not assign.
        api.problem(api.place(token, "k", """
                {"lines":[{"sku":"%s","quantity":1}],"paymentMethodId":"%s",
                 "shippingAddress":{"line1":"x","city":"y","postalCode":"1","country":"ZZ"}}"""
                .formatted(mug.sku(), method)), 400, "urn:commerce:problem:validation-failed");
        String withAddress = """
                {"lines":[{"sku":"%s","quantity":1}],"paymentMethodId":"%s",
                 "shippingAddress":{"line1":"x","city":"y","postalCode":"1","country":"DE"}}""";
        api.problem(api.place(token, "k", withAddress.formatted(mug.sku(), UUID.randomUUID())), 422,
                "urn:commerce:problem:payment-method-unknown");

        assertThat(ordersOf(customer.id())).isZero();
        assertThat(keysOf(customer.id().toString())).as("every refusal freed its key").isZero();
        assertThat(placedEventsOf(customer.id())).isZero();

        HttpResponse<String> placed = api.place(token, "k", withAddress.formatted(mug.sku(), method));
        assertThat(placed.statusCode()).as("the key is free again after the refusals: " + placed.body()).isEqualTo(202);
        assertThat(ordersOf(customer.id())).isOne();
        assertThat(keysOf(customer.id().toString())).isOne();
        assertThat(placedEventsOf(customer.id())).isOne();
    }

    @Test
    void aPeerThatIsDownOrSlowIsA503WithRetryAfterAndStoresNothing() {
        OrderApi.Customer customer = api.customer();
        peers.cart(customer.id(), new PeerStub.Cart(UUID.randomUUID(),
                List.of(new PeerStub.CartLine("SKU-X", "Mug", 1, 1000, List.of())), null, 0));
        String body = "{\"paymentMethodId\":\"" + customer.paymentMethodId() + "\"}";

        for (String peer : List.of("cart", "customer", "payment")) {
            for (PeerStub.Behaviour behaviour : List.of(PeerStub.Behaviour.ERROR, PeerStub.Behaviour.SLOW)) {
                peers.reset();
                peers.behave(peer, behaviour);
                HttpResponse<String> refused = api.place(customer.token(), "down", body);
                JsonNode problem = api.problem(refused, 503, "urn:commerce:problem:peer-unavailable");
                assertThat(problem.get("peer").asString()).isEqualTo(peer + "-service");
                assertThat(refused.headers().firstValue("Retry-After")).contains("3");
            }
        }
        assertThat(ordersOf(customer.id())).isZero();
        assertThat(keysOf(customer.id().toString())).isZero();

        peers.reset();
        assertThat(api.place(customer.token(), "down", body).statusCode()).isEqualTo(202);
        assertThat(ordersOf(customer.id())).isOne();
    }

    @Test
    void aPeerThatKeepsFailingIsNotAskedForAWhileThenTriedAgain() {
        OrderApi.Customer customer = api.customer();
        CatalogProductMother mug = api.listed(euros(1000));
        String body = "{\"lines\":[{\"sku\":\"" + mug.sku() + "\",\"quantity\":1}],\"paymentMethodId\":\""
                + customer.paymentMethodId() + "\"}";
        peers.behave("payment", PeerStub.Behaviour.ERROR);
        int attempts = 0;
        while (!"OPEN".equals(peerServices.breakerState("payment-service"))) {
            api.problem(api.place(customer.token(), "breaker-" + attempts, body), 503,
                    "urn:commerce:problem:peer-unavailable");
            assertThat(++attempts).as("the breaker opens after a handful of failures").isLessThanOrEqualTo(10);
        }
        peers.reset();
        long asked = paymentCalls(customer);

        api.problem(api.place(customer.token(), "breaker-open", body), 503, "urn:commerce:problem:peer-unavailable");
        assertThat(paymentCalls(customer)).as("an open breaker answers without asking the peer").isEqualTo(asked);

        org.awaitility.Awaitility.await("the breaker lets a trial call through").atMost(OrderApi.PATIENCE)
                .until(() -> api.place(customer.token(), "breaker-closed", body).statusCode() == 202);
        assertThat(paymentCalls(customer)).isGreaterThan(asked);
        assertThat(peerServices.breakerState("payment-service")).isEqualTo("CLOSED");
        assertThat(ordersOf(customer.id())).isOne();
    }

    private long paymentCalls(OrderApi.Customer customer) {
        return peers.calls().stream().filter(call -> call.startsWith("GET /api/v1/payment-methods/"
                + customer.paymentMethodId())).count();
    }

    @Test
    void aStrangerGetsA404AndOperatorsSeeEveryOrder() {
        OrderApi.Customer owner = api.customer();
        UUID id = api.placeOrder(owner);
        String stranger = TestTokens.customer(UUID.randomUUID());

        for (String path : List.of("", "/timeline", "/events")) {
            api.problem(api.get("/api/v1/orders/" + id + path, stranger), 404, "urn:commerce:problem:not-found");
        }
        api.problem(api.post("/api/v1/orders/" + id + "/cancel", stranger), 404, "urn:commerce:problem:not-found");
        api.problem(api.get("/api/v1/orders/" + UUID.randomUUID(), owner.token()), 404, "urn:commerce:problem:not-found");
        assertThat(api.status(id, owner.token())).isEqualTo("PENDING");

        String operator = TestTokens.client("ops-console", "orders:read");
        assertThat(api.get("/api/v1/orders/" + id, operator).statusCode()).isEqualTo(200);
        assertThat(api.get("/api/v1/orders/" + id + "/timeline", operator).statusCode()).isEqualTo(200);
        api.problem(api.post("/api/v1/orders/" + id + "/cancel", operator), 404, "urn:commerce:problem:not-found");
    }

    @Test
    void aCustomerListsTheirOwnOrdersNewestFirstAndOperatorsFilter() {
        OrderApi.Customer customer = api.customer();
        OrderApi.Customer other = api.customer();
        List<UUID> placed = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            placed.add(api.placeOrder(customer));
        }
        UUID othersOrder = api.placeOrder(other);
        api.post("/api/v1/orders/" + placed.get(1) + "/cancel", customer.token());

        JsonNode first = api.json(api.get("/api/v1/orders?size=2", customer.token()));
        assertThat(first.get("totalItems").asLong()).isEqualTo(3);
        assertThat(first.get("totalPages").asInt()).isEqualTo(2);
        assertThat(first.get("items").size()).isEqualTo(2);
        assertThat(first.get("items").get(0).get("id").asString()).isEqualTo(placed.get(2).toString());
        assertThat(first.get("items").get(1).get("id").asString()).isEqualTo(placed.get(1).toString());
        JsonNode second = api.json(api.get("/api/v1/orders?size=2&page=1", customer.token()));
        assertThat(second.get("items").size()).isOne();
        assertThat(second.get("items").get(0).get("id").asString()).isEqualTo(placed.get(0).toString());
        api.problem(api.get("/api/v1/orders?size=101", customer.token()), 400, "urn:commerce:problem:validation-failed");
        api.problem(api.get("/api/v1/orders?page=-1", customer.token()), 400, "urn:commerce:problem:validation-failed");
        api.problem(api.get("/api/v1/orders?customerId=" + other.id(), customer.token()), 403,
                "urn:commerce:problem:forbidden");

        String operator = TestTokens.client("ops-console", "orders:read");
        JsonNode cancelled = api.json(api.get("/api/v1/orders?status=CANCELLED&customerId=" + customer.id(), operator));
        assertThat(cancelled.get("totalItems").asLong()).isOne();
        assertThat(cancelled.get("items").get(0).get("id").asString()).isEqualTo(placed.get(1).toString());
        JsonNode others = api.json(api.get("/api/v1/orders?customerId=" + other.id(), operator));
        assertThat(others.get("items").get(0).get("id").asString()).isEqualTo(othersOrder.toString());
        String placedAt = api.order(placed.get(2), customer.token()).get("placedAt").asString();
        JsonNode fromThird = api.json(api.get("/api/v1/orders?customerId=" + customer.id() + "&placedFrom=" + placedAt,
                operator));
        assertThat(fromThird.get("totalItems").asLong()).isOne();
        JsonNode beforeThird = api.json(api.get("/api/v1/orders?customerId=" + customer.id() + "&placedTo=" + placedAt,
                operator));
        assertThat(beforeThird.get("totalItems").asLong()).isEqualTo(2);
    }

    private static String lines(String sku, int quantity, String method) {
        return "{\"lines\":[{\"sku\":\"%s\",\"quantity\":%d}],\"paymentMethodId\":\"%s\"}".formatted(sku, quantity, method);
    }

    private int ordersOf(UUID customer) {
        return jdbc.queryForObject("SELECT count(*) FROM orders WHERE customer_id = ?", Integer.class, customer);
    }

    private int keysOf(String caller) {
        return jdbc.queryForObject("SELECT count(*) FROM order_idempotency WHERE caller = ?", Integer.class, caller);
    }

    private int placedEventsOf(UUID customer) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM outbox_event WHERE event_type = 'order.OrderPlaced.v1'
                AND convert_from(payload, 'UTF8') LIKE ?""", Integer.class, "%" + customer + "%");
    }
}
