package com.example.commerce.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The HTTP scenarios over the fleet's real APIs: browsing the catalogue, editing a cart, checking out to
 * CONFIRMED and a flash sale. Every request is also recorded in {@link Measurements} (name, start, Gatling's
 * response time, status, Retry-After) for the step-up benchmark's figures.
 */
public final class Scenarios {

    /** Statuses at or beyond CONFIRMED: the order was confirmed. */
    static final Set<String> CONFIRMED = Set.of("CONFIRMED", "SHIPPED", "DELIVERED");
    /** Ends without a confirmation. */
    static final Set<String> UNCONFIRMED_ENDS = Set.of("CANCELLED", "REJECTED", "TIMED_OUT");

    public static final String PLACE = "place order";
    public static final String LONG_POLL = "long poll to CONFIRMED";
    public static final String PLACED_TO_CONFIRMED = "placed -> CONFIRMED";
    public static final String LIST = "list products";
    public static final String SEARCH = "search products";
    public static final String BY_SKU = "product by SKU";
    public static final String TRIVIAL = "trivial endpoint";
    public static final String CART_ADD = "cart add";
    public static final String CART_CHANGE = "cart change";
    public static final String CART_REMOVE = "cart remove";

    private Scenarios() {
    }

    /** No base URL (each request names its service's); JSON in and out; no caching, so every read reaches the service. */
    public static HttpProtocolBuilder protocol() {
        return http.acceptHeader("application/json, application/problem+json").contentTypeHeader("application/json")
                .disableCaching().shareConnections().userAgentHeader("commerce-load-tests");
    }

    /** A request recorded in {@link Measurements}: its status, time and Retry-After saved, then {@code expected}. */
    static ChainBuilder recorded(String name, HttpRequestActionBuilder request, int expected) {
        return exec(session -> session.remove("status").remove("rt").remove("retryAfter"))
                .exec(request.check(status().saveAs("status"), responseTimeInMillis().saveAs("rt"),
                        header("Retry-After").optional().saveAs("retryAfter"), status().is(expected)))
                .exec(session -> {
                    long now = System.currentTimeMillis();
                    long millis = session.contains("rt") ? session.getInt("rt") : -1;
                    int status = session.contains("status") ? session.getInt("status") : 0;
                    Measurements.call(new Measurements.Call(name, now - Math.max(0, millis), millis, status,
                            session.contains("retryAfter")));
                    return session.markAsSucceeded();
                });
    }

    // --- browse ------------------------------------------------------------------------------------------

    /** List, search and product by SKU, plus the same service's trivial endpoint, once each per user. */
    public static ScenarioBuilder browse(Fixture fixture) {
        String catalog = fixture.url("catalog-service");
        return scenario("browse").feed(listFeeder(fixture.skus()).random())
                .exec(recorded(LIST, http(LIST).get(catalog + "/api/v1/products?page=0&size=20"), 200))
                .exec(recorded(SEARCH, http(SEARCH).get(catalog + "/api/v1/products?q=saga%20test&size=20"), 200))
                .exec(recorded(BY_SKU, http(BY_SKU).get(catalog + "/api/v1/products/#{sku}"), 200))
                .exec(recorded(TRIVIAL, http(TRIVIAL).get(catalog + fixture.trivialPath()), 200));
    }

    /** Only product by SKU, or only the trivial endpoint: what each alone carries. */
    public static ScenarioBuilder catalogueRead(Fixture fixture, boolean bySku) {
        String catalog = fixture.url("catalog-service");
        return scenario(bySku ? BY_SKU : TRIVIAL).feed(listFeeder(fixture.skus()).random())
                .exec(bySku ? recorded(BY_SKU, http(BY_SKU).get(catalog + "/api/v1/products/#{sku}"), 200)
                        : recorded(TRIVIAL, http(TRIVIAL).get(catalog + fixture.trivialPath()), 200));
    }

    // --- cart --------------------------------------------------------------------------------------------

    /** A customer adds a SKU to the cart, changes its quantity and removes it. */
    public static ScenarioBuilder cart(Fixture fixture) {
        String cart = fixture.url("cart-service") + "/api/v1/cart/#{customerId}";
        return scenario("cart").feed(listFeeder(fixture.customers()).random()).feed(listFeeder(fixture.skus()).random())
                .exec(recorded(CART_ADD, http(CART_ADD).post(cart + "/add").header("Authorization", "Bearer #{token}")
                        .body(StringBody("{\"sku\":\"#{sku}\",\"quantity\":1}")), 200))
                .exec(recorded(CART_CHANGE, http(CART_CHANGE).put(cart + "/lines/#{sku}")
                        .header("Authorization", "Bearer #{token}").body(StringBody("{\"quantity\":3}")), 200))
                .exec(recorded(CART_REMOVE, http(CART_REMOVE).delete(cart + "/remove")
                        .header("Authorization", "Bearer #{token}").body(StringBody("{\"sku\":\"#{sku}\"}")), 200));
    }

    // --- checkout ----------------------------------------------------------------------------------------

    /** Checkout to CONFIRMED: one order of one unit of a SKU from the feeder, by a customer from the feeder. */
    public static ScenarioBuilder checkout(Fixture fixture, int followSeconds) {
        return scenario("checkout").feed(listFeeder(fixture.customers()).circular()).feed(listFeeder(fixture.skus()).circular())
                .exec(checkoutChain(fixture, followSeconds));
    }

    /** A flash sale: every user orders one unit of the same SKU. */
    public static ScenarioBuilder flashSale(Fixture fixture, String sku, int followSeconds) {
        return scenario("flash sale").feed(listFeeder(fixture.customers()).circular())
                .exec(session -> session.set("sku", sku))
                .exec(checkoutChain(fixture, followSeconds));
    }

    /**
     * Places the order (Idempotency-Key, explicit lines, the customer's saved card) and follows it with the order
     * API's long poll until it is CONFIRMED (or beyond), ends without confirmation, or {@code followSeconds} pass.
     * The group {@value #PLACED_TO_CONFIRMED} spans from the POST to the confirming answer.
     */
    static ChainBuilder checkoutChain(Fixture fixture, int followSeconds) {
        String orders = fixture.url("order-service") + "/api/v1/orders";
        String body = "{\"lines\":[{\"sku\":\"#{sku}\",\"quantity\":1}],\"paymentMethodId\":\"#{card}\","
                + "\"shippingAddress\":{\"line1\":\"Lindenstrasse 12\",\"city\":\"Berlin\",\"postalCode\":\"10969\",\"country\":\"DE\"}}";
        return exec(session -> session.set("key", UUID.randomUUID().toString()).set("arrival", System.currentTimeMillis())
                .set("orderStatus", "").set("confirmedAt", -1L))
                .group(PLACED_TO_CONFIRMED).on(
                        exec(http(PLACE).post(orders).header("Authorization", "Bearer #{token}")
                                .header("Idempotency-Key", "#{key}").body(StringBody(body))
                                .check(status().saveAs("placeStatus"), responseTimeInMillis().saveAs("placeMillis"),
                                        header("Retry-After").optional().saveAs("placeRetryAfter"),
                                        jsonPath("$.id").optional().saveAs("orderId"), status().is(202)))
                                .doIf(session -> session.contains("orderId") && !session.isFailed()).then(
                                        asLongAs(session -> following(session, followSeconds)).on(
                                                exec(http(LONG_POLL).get(orders + "/#{orderId}?waitFor=CONFIRMED&timeout=20")
                                                        .header("Authorization", "Bearer #{token}")
                                                        .check(status().is(200), jsonPath("$.status").saveAs("orderStatus")))
                                                        .exec(session -> CONFIRMED.contains(session.getString("orderStatus"))
                                                                ? session.set("confirmedAt", System.currentTimeMillis())
                                                                : session))))
                .exec(session -> {
                    Measurements.checkout(new Measurements.Checkout(session.getLong("arrival"),
                            session.contains("placeStatus") ? session.getInt("placeStatus") : 0,
                            session.contains("placeMillis") ? session.getInt("placeMillis")
                                    : System.currentTimeMillis() - session.getLong("arrival"),
                            session.contains("placeRetryAfter"),
                            session.contains("orderId") ? session.getString("orderId") : null,
                            session.getString("orderStatus"), session.getLong("confirmedAt")));
                    return session;
                });
    }

    private static boolean following(Session session, int followSeconds) {
        String status = session.getString("orderStatus");
        return !session.isFailed() && !CONFIRMED.contains(status) && !UNCONFIRMED_ENDS.contains(status)
                && System.currentTimeMillis() - session.getLong("arrival") < followSeconds * 1000L;
    }

    /** The follow limit from {@code -Dbench.followSeconds} (120 s by default). */
    static int followSeconds() {
        return Integer.getInteger("bench.followSeconds", 120);
    }

    static List<String> names() {
        return List.of(PLACE, LONG_POLL, LIST, SEARCH, BY_SKU, TRIVIAL, CART_ADD, CART_CHANGE, CART_REMOVE);
    }
}
