package com.example.commerce.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.stack.DemoIdentity;
import com.example.commerce.stack.Fleet;
import com.example.commerce.stack.FleetLayout;
import com.example.commerce.stack.TokenClient;
import com.example.commerce.stack.demo.DemoCatalogue;
import com.example.commerce.stack.demo.DemoCatalogueLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo catalogue as ./fleet loads it (on the {@link LauncherFleet}, before FleetStartupSystemTests): into an empty stack, through catalog-service's API with the
 * demo integrator's real token from customer-service, and from there by ProductCreated into
 * inventory-service's stock rows; then the storefront browses and searches it without a token.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoCatalogueSystemTests {

    private static final Pattern TOTAL = Pattern.compile("\"totalItems\":(\\d+)");
    private static final Pattern PRICE = Pattern.compile("\"price\":\\{\"amountMinor\":(\\d+)");
    private static final Pattern TOTALS = Pattern.compile("\"totals\":\\{\"lines\":\\{\"amountMinor\":(\\d+)[^}]*},"
            + "\"discount\":\\{\"amountMinor\":(\\d+)[^}]*},\"total\":\\{\"amountMinor\":(\\d+)");

    @RegisterExtension
    static final LauncherFleet launcher = new LauncherFleet();

    private static Fleet fleet;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void useTheLaunchersFleet() {
        fleet = launcher.fleet();
    }

    @Test
    @Order(1)
    void theDemoCatalogueLoadsIntoAnEmptyStackOnceAndTheStorefrontBrowsesAndSearchesIt() throws Exception {
        DemoCatalogue demo = DemoCatalogue.standard();
        DemoIdentity.Client importer = DemoIdentity.client("catalog-importer").orElseThrow();
        TokenClient tokens = new TokenClient(fleet.issuerUri());
        // One token for the whole load (it lives longer than the load takes), as ./fleet's DemoAuthorization keeps it.
        String bearer = "Bearer " + tokens.clientCredentials(importer.clientId(), importer.secret(), "catalog:write",
                "inventory:write").accessToken();
        DemoCatalogueLoader loader = new DemoCatalogueLoader(baseUrl("catalog-service"), baseUrl("inventory-service"),
                () -> bearer, message -> System.out.println("[demo] " + message), Duration.ofSeconds(20));
        assertThat(loader.catalogueIsEmpty()).isTrue();

        DemoCatalogueLoader.Result result = loader.loadIfEmpty(demo);
        System.out.printf("[demo] loaded %d categories, %d products in %d ms; stock set for %d SKUs%n",
                result.categories(), result.products(), result.took().toMillis(), result.stocked());

        assertThat(result.loaded()).isTrue();
        assertThat(total(get("/api/v1/products?size=1"))).isEqualTo(DemoCatalogue.SIZE);
        long cafetieres = demo.products().stream()
                .filter(p -> p.name().contains("cafetiere") || p.description().contains("cafetiere")).count();
        assertThat(cafetieres).isPositive();
        assertThat(total(get("/api/v1/products?q=cafetiere"))).isEqualTo(cafetieres);
        assertThat(total(get("/api/v1/products?q=cafetire"))).as("a typo").isEqualTo(cafetieres);
        long kitchenToasters = demo.products().stream().filter(p -> p.category().equals("toasters")).count();
        assertThat(total(get("/api/v1/products?category=kitchen&q=toaster"))).isEqualTo(kitchenToasters);
        assertThat(get("/api/v1/categories/toasters").body()).contains("\"path\":\"kitchen/small-appliances/toasters\"");
        // Every product reached inventory through catalog.events: it has a stock row there.
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(stockRows(demo)).as("inventory's stock rows of demo SKUs").isEqualTo(DemoCatalogue.SIZE));

        // And its starting stock was set through inventory's own API, SKU by SKU.
        assertThat(result.stockUnset()).as("SKUs whose stock inventory did not take").isEmpty();
        assertThat(result.stocked()).isEqualTo(DemoCatalogue.SIZE);
        assertThat(onHand(demo)).as("on hand of the demo SKUs")
                .isEqualTo(demo.products().stream().mapToLong(DemoCatalogue.Product::startingStock).sum());

        DemoCatalogueLoader.Result again = loader.loadIfEmpty(demo);
        assertThat(again.loaded()).as("a stack with data is left alone").isFalse();
        assertThat(total(get("/api/v1/products?size=1"))).isEqualTo(DemoCatalogue.SIZE);
    }

    /**
     * The storefront as a customer meets it, on the loaded demo catalogue: Alice signs in through the real
     * authorization-code + PKCE flow (login form included), searches, fills a cart, applies a promo code an
     * operator created, and reads the cart back with totals the server computed; after customer-service
     * restarts, her token still opens her cart.
     */
    @Test
    @Order(2)
    void aCustomerSignsInFillsACartWithAPromoCodeAndHerTokenOutlivesAnIssuerRestart() throws Exception {
        TokenClient tokens = new TokenClient(fleet.issuerUri());
        DemoIdentity.Customer alice = DemoIdentity.customer("alice@example.com").orElseThrow();
        String token = tokens.signIn(alice.email(), alice.password()).accessToken();
        String customerId = subjectOf(token);
        DemoIdentity.Client merchandiser = DemoIdentity.client("merchandiser").orElseThrow();
        String promotions = tokens.clientCredentials(merchandiser.clientId(), merchandiser.secret(), "promotions:write")
                .accessToken();

        List<DemoCatalogue.Product> toasters = DemoCatalogue.standard().products().stream()
                .filter(p -> p.category().equals("toasters") && p.startingStock() > 2).limit(2).toList();
        assertThat(toasters).hasSize(2);
        String found = get("/api/v1/products?q=toaster&category=toasters&size=100").body();
        toasters.forEach(p -> assertThat(found).as("search finds %s", p.sku()).contains("\"sku\":\"" + p.sku() + "\""));
        long first = priceOf(toasters.get(0).sku());
        long second = priceOf(toasters.get(1).sku());

        String code = "SYS10" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        assertThat(cart("POST", "/api/v1/promotions", """
                {"code":"%s","kind":"PERCENTAGE","percentOff":10,"validFrom":"2026-01-01T00:00:00Z"}""".formatted(code),
                promotions, null).statusCode()).isEqualTo(201);
        String cart = "/api/v1/cart/" + customerId;
        // The cart knows the demo products once their events reached its read model.
        await().atMost(Duration.ofSeconds(120)).until(() -> cart("POST", cart + "/add",
                "{\"sku\":\"%s\",\"quantity\":2}".formatted(toasters.get(0).sku()), token, null).statusCode() == 200);
        assertThat(cart("POST", cart + "/add", "{\"sku\":\"%s\",\"quantity\":1}".formatted(toasters.get(1).sku()),
                token, null).statusCode()).isEqualTo(200);
        HttpResponse<String> filled = cart("GET", cart, null, token, null);
        String etag = filled.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> applied = cart("POST", cart + "/promo", "{\"code\":\"%s\"}".formatted(code.toLowerCase()),
                token, etag);
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);

        long lines = 2 * first + second;
        long discount = lines * 10 / 100;
        assertThat(totalsOf(cart("GET", cart, null, token, null).body())).containsExactly(lines, discount, lines - discount);
        assertThat(cart("GET", "/api/v1/cart/" + UUID.randomUUID(), null, token, null).statusCode())
                .as("someone else's cart").isEqualTo(404);

        fleet.kill("customer-service");
        fleet.restart("customer-service");

        HttpResponse<String> afterRestart = cart("GET", cart, null, token, null);
        assertThat(afterRestart.statusCode()).as("the same token after the issuer restarted").isEqualTo(200);
        assertThat(totalsOf(afterRestart.body())).containsExactly(lines, discount, lines - discount);
    }

    private long priceOf(String sku) throws Exception {
        Matcher price = PRICE.matcher(get("/api/v1/products/" + sku).body());
        assertThat(price.find()).isTrue();
        return Long.parseLong(price.group(1));
    }

    private static List<Long> totalsOf(String cartJson) {
        Matcher totals = TOTALS.matcher(cartJson);
        assertThat(totals.find()).as(cartJson).isTrue();
        return List.of(Long.parseLong(totals.group(1)), Long.parseLong(totals.group(2)), Long.parseLong(totals.group(3)));
    }

    private static String subjectOf(String jwt) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        Matcher subject = Pattern.compile("\"sub\":\"([^\"]+)\"").matcher(payload);
        assertThat(subject.find()).isTrue();
        return subject.group(1);
    }

    private HttpResponse<String> cart(String method, String path, String json, String token, String ifMatch)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl("cart-service") + path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long onHand(DemoCatalogue demo) throws Exception {
        try (Connection db = fleet.postgres().connectAsSuperuser(FleetLayout.DATABASE);
             PreparedStatement sum = db.prepareStatement(
                     "SELECT coalesce(sum(on_hand), 0) FROM inventory.stock_item WHERE sku = ANY (?)")) {
            sum.setArray(1, db.createArrayOf("varchar",
                    demo.products().stream().map(DemoCatalogue.Product::sku).toArray()));
            try (ResultSet rows = sum.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private long stockRows(DemoCatalogue demo) throws Exception {
        try (Connection db = fleet.postgres().connectAsSuperuser(FleetLayout.DATABASE);
             PreparedStatement count = db.prepareStatement("SELECT count(*) FROM inventory.stock_item WHERE sku = ANY (?)")) {
            count.setArray(1, db.createArrayOf("varchar",
                    demo.products().stream().map(DemoCatalogue.Product::sku).toArray()));
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static String baseUrl(String service) {
        return fleet.baseUrl(FleetLayout.byName(service));
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl("catalog-service") + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return response;
    }

    private static long total(HttpResponse<String> page) {
        Matcher total = TOTAL.matcher(page.body());
        assertThat(total.find()).as(page.body()).isTrue();
        return Long.parseLong(total.group(1));
    }
}
