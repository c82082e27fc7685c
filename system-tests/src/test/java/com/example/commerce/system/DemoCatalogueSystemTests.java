package com.example.commerce.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.stack.DemoIdentity;
import com.example.commerce.stack.Fleet;
import com.example.commerce.stack.FleetLayout;
import com.example.commerce.stack.FleetOptions;
import com.example.commerce.stack.TokenClient;
import com.example.commerce.stack.demo.DemoCatalogue;
import com.example.commerce.stack.demo.DemoCatalogueLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo catalogue as ./fleet loads it: into an empty stack, through catalog-service's API with the
 * demo integrator's real token from customer-service, and from there by ProductCreated into
 * inventory-service's stock rows; then the storefront browses and searches it without a token.
 */
class DemoCatalogueSystemTests {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern TOTAL = Pattern.compile("\"totalItems\":(\\d+)");

    private static Fleet fleet;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startFleet() {
        FleetOptions options = new FleetOptions(ROOT, Path.of("target", "demo-fleet").toAbsolutePath(), true,
                Optional.empty(), FleetOptions.Ports.free(), false, Duration.ofMinutes(5))
                .only("customer-service", "catalog-service", "inventory-service");
        fleet = Fleet.start(options, message -> System.out.println("[demo] " + message));
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
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
