package com.example.commerce.cart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.catalog.ProductCreated;
import com.example.commerce.events.shared.Money;
import com.example.commerce.testing.CatalogProductMother;
import com.example.commerce.testing.EventFeed;
import com.example.commerce.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The cart-service's HTTP API as a test client sees it, and products listed through real catalog.events. */
public final class CartApi implements AutoCloseable {

    public static final Duration PATIENCE = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final EventFeed feed = new EventFeed();
    private final int port;

    public CartApi(int port) {
        this.port = port;
    }

    public EventFeed feed() {
        return feed;
    }

    /** Lists a product at {@code price} through catalog.events and waits until the cart's read model has it. */
    public CatalogProductMother listed(Money price) {
        CatalogProductMother product = CatalogProductMother.aProduct();
        ProductCreated created = product.created("Mug " + product.sku(), price);
        feed.publish(created);
        await("price of " + product.sku()).atMost(PATIENCE)
                .until(() -> send(request("/api/v1/prices/" + product.sku()).GET()).statusCode() == 200);
        return product;
    }

    /** Lists a product under {@code categoryPath} and waits until the cart's price read model has it. */
    public CatalogProductMother listedIn(String categoryPath, Money price) {
        CatalogProductMother product = CatalogProductMother.aProduct();
        feed.publish(new ProductCreated(product.productId(), product.sku(), "Item " + product.sku(), price, "Acme",
                categoryPath, product.listedAt()));
        await("price of " + product.sku()).atMost(PATIENCE)
                .until(() -> send(request("/api/v1/prices/" + product.sku()).GET()).statusCode() == 200);
        return product;
    }

    public HttpResponse<String> cart(UUID customer) {
        return send(request("/api/v1/cart/" + customer).GET());
    }

    public JsonNode cartJson(UUID customer) {
        HttpResponse<String> response = cart(customer);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    public HttpResponse<String> add(UUID customer, String body, String ifMatch) {
        return send(withIfMatch(request("/api/v1/cart/" + customer + "/add"), ifMatch)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> add(UUID customer, String sku, int quantity) {
        return add(customer, "{\"sku\":\"%s\",\"quantity\":%d}".formatted(sku, quantity), null);
    }

    public HttpResponse<String> changeQuantity(UUID customer, String sku, String body, String ifMatch) {
        return send(withIfMatch(request("/api/v1/cart/" + customer + "/lines/" + sku), ifMatch)
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> remove(UUID customer, String body, String ifMatch) {
        return send(withIfMatch(request("/api/v1/cart/" + customer + "/remove"), ifMatch)
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> applyPromo(UUID customer, String code) {
        return send(request("/api/v1/cart/" + customer + "/promo")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")));
    }

    public HttpResponse<String> removePromo(UUID customer) {
        return send(request("/api/v1/cart/" + customer + "/promo").DELETE());
    }

    public HttpResponse<String> acknowledge(UUID customer, String ifMatch) {
        return send(withIfMatch(request("/api/v1/cart/" + customer + "/acknowledge"), ifMatch)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** A checkout's claim of the customer's cart {@code cartId} at {@code version}, for order {@code orderId}. */
    public HttpResponse<String> claim(UUID customer, UUID orderId, UUID cartId, long version) {
        return post("/api/v1/cart/" + customer + "/checkout-claims",
                "{\"orderId\":\"%s\",\"cartId\":\"%s\",\"cartVersion\":%d}".formatted(orderId, cartId, version));
    }

    /** Gives the claim of {@code orderId} back. */
    public HttpResponse<String> release(UUID customer, UUID orderId) {
        return delete("/api/v1/cart/" + customer + "/checkout-claims/" + orderId);
    }

    public HttpResponse<String> post(String path, String body) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> put(String path, String body) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    public HttpResponse<String> delete(String path) {
        return send(request(path).DELETE());
    }

    public JsonNode json(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    /** Asserts a problem response of {@code status} and {@code type} and returns it. */
    public JsonNode problem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                contentType -> assertThat(contentType).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.get("type").asString()).as(response.body()).isEqualTo(type);
        return problem;
    }

    /** The operator tool that manages promotions. */
    public static final String PROMOTIONS_TOKEN = TestTokens.client("marketing-console", "promotions:write");

    /**
     * A request with the token a well-behaved client would send: the customer's own for their cart, the
     * marketing console's for promotions, any valid token for prices.
     */
    private HttpRequest.Builder request(String path) {
        String token;
        if (path.startsWith("/api/v1/cart/")) {
            String customer = path.substring("/api/v1/cart/".length()).split("/")[0];
            token = TestTokens.builder().subject(customer).build();
        } else if (path.startsWith("/api/v1/promotions")) {
            token = PROMOTIONS_TOKEN;
        } else {
            token = TestTokens.client("storefront");
        }
        return requestAs(path, token);
    }

    /** A request with {@code token} (null: none). */
    public HttpRequest.Builder requestAs(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json");
        return token == null ? request : request.header(TestTokens.AUTHORIZATION, TestTokens.bearer(token));
    }

    /** Sends {@code method} to {@code path} with {@code token} (null: none) and {@code body} (null: none). */
    public HttpResponse<String> sendAs(String path, String token, String method, String body) {
        return send(requestAs(path, token).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpRequest.Builder withIfMatch(HttpRequest.Builder request, String ifMatch) {
        return ifMatch == null ? request : request.header("If-Match", ifMatch);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        feed.close();
    }
}
