package com.example.commerce.cart.cart;

import static com.example.commerce.testing.CatalogProductMother.euros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.cart.CartApi;
import com.example.commerce.events.EventTypes;
import com.example.commerce.events.cart.CartCheckedOut;
import com.example.commerce.events.order.OrderPlaced;
import com.example.commerce.events.shared.Address;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shared.OrderLine;
import com.example.commerce.testing.ServiceIntegrationTest;
import com.example.commerce.testing.TestTokens;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A checkout claims the cart before its order is accepted: one claim per version of the cart, the lines out of
 * the cart at once, given back when the order is never placed, final when its OrderPlaced arrives.
 */
@ServiceIntegrationTest
class CheckoutClaimIntegrationTests {

    private static final Address ADDRESS = new Address("1 Main Street", null, "Berlin", "10115", "DE");

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private CartCheckouts checkouts;

    private CartApi api;

    @BeforeEach
    void client() {
        api = new CartApi(port);
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void twoClaimsOfOneCartAtOnceHaveOneWinnerAndTheOtherIsToldWhichOrderHasIt() throws Exception {
        String mug = api.listed(euros(1200)).sku();
        UUID customer = UUID.randomUUID();
        api.add(customer, mug, 2);
        JsonNode seen = api.cartJson(customer);
        UUID cartId = UUID.fromString(seen.get("cartId").asString());
        long version = seen.get("version").asLong();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();

        List<HttpResponse<String>> answers = together(() -> api.claim(customer, first, cartId, version),
                () -> api.claim(customer, second, cartId, version));

        List<HttpResponse<String>> won = answers.stream().filter(answer -> answer.statusCode() == 201).toList();
        assertThat(won).as(answers.stream().map(HttpResponse::body).toList().toString()).hasSize(1);
        JsonNode claim = api.json(won.getFirst());
        UUID winner = UUID.fromString(claim.get("orderId").asString());
        UUID loser = winner.equals(first) ? second : first;
        HttpResponse<String> lost = answers.stream().filter(answer -> answer.statusCode() != 201).findFirst().orElseThrow();
        JsonNode problem = api.problem(lost, 409, "urn:commerce:problem:cart-checkout-in-progress");
        assertThat(problem.get("orderId").asString()).isEqualTo(winner.toString());
        assertThat(claim.get("status").asString()).isEqualTo("CLAIMED");
        assertThat(claim.get("cartVersion").asLong()).isEqualTo(version);
        assertThat(claim.get("cart").get("lines").get(0).get("sku").asString()).isEqualTo(mug);
        assertThat(claim.get("cart").get("lines").get(0).get("quantity").asInt()).isEqualTo(2);
        assertThat(claim.get("cart").get("totals").get("total").get("amountMinor").asLong()).isEqualTo(2400);
        assertThat(api.cartJson(customer).get("lines").size()).as("another tab sees the cart empty").isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM cart_checkout_claim WHERE order_id IN (?, ?)",
                Integer.class, first, second)).isOne();

        HttpResponse<String> again = api.claim(customer, winner, cartId, version);
        assertThat(again.statusCode()).as("the same order again gets its claim").isEqualTo(200);
        assertThat(api.json(again)).isEqualTo(claim);
        api.problem(api.claim(customer, loser, cartId, version), 409, "urn:commerce:problem:cart-checkout-in-progress");
    }

    @Test
    void aLineAddedAfterAClaimIsACheckoutOfItsOwn() {
        String mug = api.listed(euros(1200)).sku();
        String cup = api.listed(euros(500)).sku();
        UUID customer = UUID.randomUUID();
        api.add(customer, mug, 2);
        JsonNode before = api.cartJson(customer);
        UUID cartId = UUID.fromString(before.get("cartId").asString());
        UUID first = UUID.randomUUID();
        assertThat(api.claim(customer, first, cartId, before.get("version").asLong()).statusCode()).isEqualTo(201);

        api.add(customer, cup, 1);
        JsonNode after = api.cartJson(customer);
        HttpResponse<String> second = api.claim(customer, UUID.randomUUID(), cartId, after.get("version").asLong());

        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        JsonNode lines = api.json(second).get("cart").get("lines");
        assertThat(lines.size()).isOne();
        assertThat(lines.get(0).get("sku").asString()).isEqualTo(cup);
        JsonNode stale = api.problem(api.claim(customer, UUID.randomUUID(), cartId, before.get("version").asLong()),
                409, "urn:commerce:problem:cart-checkout-in-progress");
        assertThat(stale.get("orderId").asString()).as("the cart as first seen is the first order's")
                .isEqualTo(first.toString());
    }

    @Test
    void aClaimIsRefusedForAStaleOrEmptyCartAndForSomeoneElseAndChangesNothing() {
        String mug = api.listed(euros(1200)).sku();
        UUID customer = UUID.randomUUID();
        api.add(customer, mug, 1);
        JsonNode seen = api.cartJson(customer);
        UUID cartId = UUID.fromString(seen.get("cartId").asString());
        long version = seen.get("version").asLong();
        api.add(customer, mug, 1);
        JsonNode now = api.cartJson(customer);

        JsonNode changed = api.problem(api.claim(customer, UUID.randomUUID(), cartId, version), 409,
                "urn:commerce:problem:cart-changed");
        assertThat(changed.get("currentVersion").asLong()).isEqualTo(now.get("version").asLong());
        String body = "{\"orderId\":\"%s\",\"cartId\":\"%s\",\"cartVersion\":%d}"
                .formatted(UUID.randomUUID(), cartId, now.get("version").asLong());
        api.problem(api.sendAs("/api/v1/cart/" + customer + "/checkout-claims",
                TestTokens.customer(UUID.randomUUID()), "POST", body), 404, "urn:commerce:problem:not-found");
        api.problem(api.sendAs("/api/v1/cart/" + customer + "/checkout-claims",
                TestTokens.client("support", "carts:read"), "POST", body), 404, "urn:commerce:problem:not-found");
        api.problem(api.claim(customer, UUID.randomUUID(), UUID.randomUUID(), now.get("version").asLong()), 404,
                "urn:commerce:problem:not-found");
        api.problem(api.post("/api/v1/cart/" + customer + "/checkout-claims", "{\"cartId\":\"" + cartId + "\"}"), 400,
                "urn:commerce:problem:validation-failed");
        assertThat(api.cartJson(customer)).as("nothing changed").isEqualTo(now);

        api.remove(customer, "{\"sku\":\"" + mug + "\"}", null);
        api.problem(api.claim(customer, UUID.randomUUID(), cartId, api.cartJson(customer).get("version").asLong()),
                422, "urn:commerce:problem:cart-empty");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM cart_checkout_claim WHERE cart_id = ?", Integer.class,
                cartId)).isZero();
    }

    @Test
    void aReleasedClaimGivesItsLinesAndCodeBackMergedWithWhatWasAddedSince() {
        String mug = api.listed(euros(1200)).sku();
        String code = promotion();
        UUID customer = UUID.randomUUID();
        api.add(customer, mug, 2);
        assertThat(api.applyPromo(customer, code).statusCode()).isEqualTo(200);
        UUID order = UUID.randomUUID();
        JsonNode claim = claim(customer, order);
        assertThat(claim.get("cart").get("promo").get("code").asString()).isEqualTo(code);
        assertThat(claim.get("cart").get("totals").get("discount").get("amountMinor").asLong()).isEqualTo(240);
        assertThat(api.cartJson(customer).get("promo").isNull()).as("the claim holds the code").isTrue();
        api.add(customer, mug, 1);

        assertThat(api.release(customer, order).statusCode()).isEqualTo(204);

        JsonNode cart = api.cartJson(customer);
        assertThat(linesOf(cart)).isEqualTo(Map.of(mug, 3));
        assertThat(cart.get("cartId").asString()).isEqualTo(claim.get("cartId").asString());
        assertThat(cart.get("promo").get("code").asString()).isEqualTo(code);
        assertThat(redemptions(code)).as("the cart holds the redemption again").isOne();
        assertThat(claimStatus(order)).isEqualTo("RELEASED");

        assertThat(api.release(customer, order).statusCode()).as("given back once").isEqualTo(204);
        assertThat(linesOf(api.cartJson(customer))).isEqualTo(Map.of(mug, 3));
        api.problem(api.claim(customer, order, UUID.fromString(claim.get("cartId").asString()),
                claim.get("cartVersion").asLong()), 409, "urn:commerce:problem:cart-claim-given-back");
        api.problem(api.release(customer, UUID.randomUUID()), 404, "urn:commerce:problem:not-found");
        api.problem(api.sendAs("/api/v1/cart/" + customer + "/checkout-claims/" + order,
                TestTokens.customer(UUID.randomUUID()), "DELETE", null), 404, "urn:commerce:problem:not-found");
    }

    @Test
    void aClaimPastItsTimeGivesItsLinesBackAndItsCodeOrItsRedemption() {
        String mug = api.listed(euros(1200)).sku();
        String cup = api.listed(euros(500)).sku();
        String code = promotion();
        String other = promotion();
        UUID customer = UUID.randomUUID();
        api.add(customer, mug, 1);
        api.applyPromo(customer, code);
        UUID order = UUID.randomUUID();
        claim(customer, order);
        // Meanwhile the customer fills the cart again, with another code.
        api.add(customer, cup, 1);
        assertThat(api.applyPromo(customer, other).statusCode()).isEqualTo(200);
        assertThat(redemptions(code)).as("held by the claim").isOne();

        makeDue(order);
        await("the claim expires").atMost(CartApi.PATIENCE).until(() -> "EXPIRED".equals(claimStatus(order)));

        JsonNode cart = api.cartJson(customer);
        assertThat(linesOf(cart)).isEqualTo(Map.of(mug, 1, cup, 1));
        assertThat(cart.get("promo").get("code").asString()).as("the cart keeps the code it holds").isEqualTo(other);
        assertThat(redemptions(code)).as("the claim's redemption is given back").isZero();
        assertThat(redemptions(other)).isOne();

        UUID alone = UUID.randomUUID();
        api.add(alone, mug, 2);
        api.applyPromo(alone, code);
        UUID second = UUID.randomUUID();
        claim(alone, second);
        makeDue(second);
        await("the claim expires").atMost(CartApi.PATIENCE).until(() -> "EXPIRED".equals(claimStatus(second)));
        JsonNode back = api.cartJson(alone);
        assertThat(linesOf(back)).isEqualTo(Map.of(mug, 2));
        assertThat(back.get("promo").get("code").asString()).as("a cart without a code takes its code back")
                .isEqualTo(code);
        assertThat(redemptions(code)).isOne();
    }

    @Test
    void theOrderPlacedOfAClaimMakesItFinalOnce() {
        String mug = api.listed(euros(1200)).sku();
        String code = promotion();
        UUID customer = UUID.randomUUID();
        api.add(customer, mug, 2);
        api.applyPromo(customer, code);
        UUID order = UUID.randomUUID();
        JsonNode claim = claim(customer, order);
        UUID cartId = UUID.fromString(claim.get("cartId").asString());
        OrderPlaced placed = placed(order, customer, cartId, code, 240, line(mug, 2, 1200));

        UUID eventId = api.feed().publish(placed);
        api.feed().publish(eventId, placed);
        awaitProcessed(api.feed().publish(placed));
        awaitProcessed(eventId);

        assertThat(claimStatus(order)).isEqualTo("PLACED");
        assertThat(statusOf(cartId)).isEqualTo("CHECKED_OUT");
        assertThat(checkedOutEvents(cartId)).isOne();
        assertThat(redemptions(code)).isOne();
        assertThat(jdbc.queryForObject("SELECT promo_code FROM cart_checkout WHERE order_id = ?", String.class, order))
                .isEqualTo(code);

        api.problem(api.release(customer, order), 409, "urn:commerce:problem:cart-already-checked-out");
        jdbc.update("UPDATE cart_checkout_claim SET expires_at = now() - interval '1 hour' WHERE order_id = ?", order);
        assertThat(checkouts.expireClaims()).isZero();
        assertThat(api.cartJson(customer).get("lines").size()).as("nothing given back").isZero();
        assertThat(redemptions(code)).isOne();
        JsonNode late = api.problem(api.claim(customer, UUID.randomUUID(), cartId, claim.get("cartVersion").asLong()),
                409, "urn:commerce:problem:cart-already-checked-out");
        assertThat(late.get("orderId").asString()).isEqualTo(order.toString());
    }

    @Test
    void anOrderPlacedAfterItsClaimExpiredTakesTheLinesAsWithoutAClaim() {
        String mug = api.listed(euros(1200)).sku();
        String code = promotion();
        UUID customer = UUID.randomUUID();
        api.add(customer, mug, 2);
        api.applyPromo(customer, code);
        UUID order = UUID.randomUUID();
        UUID cartId = UUID.fromString(claim(customer, order).get("cartId").asString());
        makeDue(order);
        await("the claim expires").atMost(CartApi.PATIENCE).until(() -> "EXPIRED".equals(claimStatus(order)));
        assertThat(linesOf(api.cartJson(customer))).isEqualTo(Map.of(mug, 2));

        awaitProcessed(api.feed().publish(placed(order, customer, cartId, code, 240, line(mug, 2, 1200))));

        assertThat(statusOf(cartId)).isEqualTo("CHECKED_OUT");
        assertThat(checkedOutEvents(cartId)).isOne();
        assertThat(redemptions(code)).isOne();
    }

    /** The sweep and the order's OrderPlaced at the same instant: the lines are the order's, once, either way. */
    @RepeatedTest(3)
    void anExpiryRacingTheOrderPlacedOfItsClaimLeavesTheLinesWithTheOrderOnce() throws Exception {
        String mug = api.listed(euros(1200)).sku();
        String code = promotion();
        UUID customer = UUID.randomUUID();
        api.add(customer, mug, 2);
        api.applyPromo(customer, code);
        UUID order = UUID.randomUUID();
        UUID cartId = UUID.fromString(claim(customer, order).get("cartId").asString());
        OrderPlaced placed = placed(order, customer, cartId, code, 240, line(mug, 2, 1200));
        makeDue(order);

        together(() -> checkouts.expireClaims(), () -> checkouts.orderPlaced(placed));

        assertThat(claimStatus(order)).isIn("PLACED", "EXPIRED");
        assertThat(statusOf(cartId)).isEqualTo("CHECKED_OUT");
        assertThat(api.cartJson(customer).get("lines").size()).as("nothing of the order is back in a cart").isZero();
        assertThat(checkedOutEvents(cartId)).isOne();
        assertThat(redemptions(code)).isOne();
        assertThat(jdbc.queryForObject("SELECT outcome FROM cart_checkout WHERE order_id = ?", String.class, order))
                .isEqualTo("CHECKED_OUT");
    }

    @Test
    void anExpiryAfterTheOrderPlacedAndAnOrderPlacedAfterTheExpiryEndAlike() {
        String mug = api.listed(euros(1200)).sku();
        for (boolean expiryFirst : List.of(true, false)) {
            UUID customer = UUID.randomUUID();
            api.add(customer, mug, 1);
            UUID order = UUID.randomUUID();
            UUID cartId = UUID.fromString(claim(customer, order).get("cartId").asString());
            OrderPlaced placed = placed(order, customer, cartId, null, 0, line(mug, 1, 1200));
            if (expiryFirst) {
                makeDue(order);
                checkouts.expireClaims(); // or the background sweep, first: the same
                assertThat(claimStatus(order)).isEqualTo("EXPIRED");
                assertThat(linesOf(api.cartJson(customer))).isEqualTo(Map.of(mug, 1));
                checkouts.orderPlaced(placed);
            } else {
                checkouts.orderPlaced(placed);
                makeDue(order);
                assertThat(checkouts.expireClaims()).isZero();
            }
            assertThat(claimStatus(order)).isEqualTo(expiryFirst ? "EXPIRED" : "PLACED");
            assertThat(statusOf(cartId)).isEqualTo("CHECKED_OUT");
            assertThat(api.cartJson(customer).get("lines").size()).isZero();
            assertThat(checkedOutEvents(cartId)).isOne();
        }
    }

    private JsonNode claim(UUID customer, UUID order) {
        JsonNode cart = api.cartJson(customer);
        HttpResponse<String> claimed = api.claim(customer, order, UUID.fromString(cart.get("cartId").asString()),
                cart.get("version").asLong());
        assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(201);
        return api.json(claimed);
    }

    private String promotion() {
        String code = ("Claim-" + UUID.randomUUID().toString().substring(0, 8)).toUpperCase();
        HttpResponse<String> created = api.post("/api/v1/promotions", """
                {"code":"%s","kind":"PERCENTAGE","percentOff":10,"validFrom":"2026-01-01T00:00:00Z","redemptionLimit":5}"""
                .formatted(code));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return code;
    }

    private void makeDue(UUID order) {
        jdbc.update("UPDATE cart_checkout_claim SET expires_at = now() - interval '1 second' WHERE order_id = ?", order);
    }

    @SafeVarargs
    private static <T> List<T> together(Callable<? extends T>... calls) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(calls.length);
        List<Future<? extends T>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(calls.length)) {
            for (Callable<? extends T> call : calls) {
                futures.add(pool.submit(() -> {
                    barrier.await();
                    return call.call();
                }));
            }
        }
        List<T> results = new ArrayList<>();
        for (Future<? extends T> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    private static OrderLine line(String sku, int quantity, long unitPrice) {
        return new OrderLine(sku, quantity, new Money(unitPrice, "EUR"));
    }

    private static OrderPlaced placed(UUID order, UUID customer, UUID cartId, String promoCode, long discount,
                                      OrderLine... lines) {
        long sum = List.of(lines).stream().mapToLong(line -> line.lineTotal().amountMinor()).sum();
        return new OrderPlaced(order, customer, List.of(lines), new Money(sum - discount, "EUR"), ADDRESS, false,
                cartId, UUID.randomUUID(), promoCode == null ? null : new Money(discount, "EUR"), promoCode,
                Instant.now());
    }

    private static Map<String, Integer> linesOf(JsonNode cart) {
        return StreamSupport.stream(cart.get("lines").spliterator(), false)
                .collect(Collectors.toMap(line -> line.get("sku").asString(), line -> line.get("quantity").asInt()));
    }

    private String claimStatus(UUID order) {
        return jdbc.queryForObject("SELECT status FROM cart_checkout_claim WHERE order_id = ?", String.class, order);
    }

    private String statusOf(UUID cartId) {
        return jdbc.queryForObject("SELECT status FROM cart WHERE id = ?", String.class, cartId);
    }

    private int redemptions(String code) {
        return jdbc.queryForObject("SELECT redemptions FROM promotion WHERE code = ?", Integer.class, code);
    }

    private int checkedOutEvents(UUID cartId) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND event_type = ?",
                Integer.class, cartId.toString(), EventTypes.typeOf(CartCheckedOut.class));
    }

    private void awaitProcessed(UUID eventId) {
        await("order event %s processed".formatted(eventId)).atMost(CartApi.PATIENCE).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox_message WHERE consumer = ? AND event_id = ?", Integer.class,
                OrderEventsListener.CONSUMER, eventId) == 1);
    }
}
