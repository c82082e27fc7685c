package com.example.commerce.catalog.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.catalog.CatalogApi;
import com.example.commerce.stack.demo.DemoCatalogue;
import com.example.commerce.stack.demo.DemoCatalogueLoader;
import com.example.commerce.testing.ServiceIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The demo catalogue goes in through the catalogue's own API, with a real token, and reads back as
 * generated. (inventory-service is not part of this test: its address answers 404 for every SKU, which
 * the loader reports as stock it could not set.)
 */
@ServiceIntegrationTest
class DemoCatalogueLoadIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(DemoCatalogueLoadIntegrationTests.class);

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void theStandardDemoCatalogueLoadsThroughTheApiAndReadsBackAsGenerated() {
        DemoCatalogue demo = DemoCatalogue.standard();
        String base = "http://127.0.0.1:" + port;
        List<String> progress = new ArrayList<>();
        Instant began = Instant.now();
        DemoCatalogueLoader loader = new DemoCatalogueLoader(base, base, () -> CatalogApi.CATALOG_WRITER,
                line -> progress.add("+" + Duration.between(began, Instant.now()).toMillis() + " ms: " + line),
                Duration.ofSeconds(1));

        DemoCatalogueLoader.Result result = loader.load(demo);
        log.info("Loaded the demo catalogue ({} categories, {} products) in {} ms: {}", result.categories(),
                result.products(), result.took().toMillis(), progress);

        assertThat(result.loaded()).isTrue();
        assertThat(result.products()).isEqualTo(DemoCatalogue.SIZE);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM product WHERE sku = ANY (?)", Integer.class,
                (Object) demo.products().stream().map(DemoCatalogue.Product::sku).toArray(String[]::new)))
                .isEqualTo(DemoCatalogue.SIZE);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_type = 'catalog.ProductCreated.v1'"
                + " AND aggregate_id IN (SELECT id::text FROM product WHERE sku = ANY (?))", Integer.class,
                (Object) demo.products().stream().map(DemoCatalogue.Product::sku).toArray(String[]::new)))
                .as("one ProductCreated per product").isEqualTo(DemoCatalogue.SIZE);
        assertThat(loader.catalogueIsEmpty()).isFalse();
        assertThat(result.stocked()).isZero();
        assertThat(result.stockUnset()).hasSize(DemoCatalogue.SIZE);
        assertThat(progress).anySatisfy(line -> assertThat(line).contains("inventory still knows"));

        CatalogApi api = new CatalogApi(port);
        DemoCatalogue.Product first = demo.products().getFirst();
        JsonNode shown = api.get("/api/v1/products/" + first.sku()).json();
        assertThat(shown.get("name").asString()).isEqualTo(first.name());
        assertThat(shown.get("brand").asString()).isEqualTo(first.brand());
        assertThat(shown.get("price").get("amountMinor").asLong()).isEqualTo(first.priceMinor());
        assertThat(shown.get("category").get("path").asString()).isEqualTo("kitchen/small-appliances/toasters");
        assertThat(shown.get("attributes").get("colour").asString()).isEqualTo(first.attributes().get("colour"));
        JsonNode kitchen = api.get("/api/v1/products?category=kitchen&size=1").json();
        long inKitchen = demo.products().stream().filter(p -> kitchenShelves(demo).contains(p.category())).count();
        assertThat(kitchen.get("totalItems").asLong()).isEqualTo(inKitchen);

        DemoCatalogueLoader.Result again = loader.load(demo);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM product WHERE sku = ANY (?)", Integer.class,
                (Object) demo.products().stream().map(DemoCatalogue.Product::sku).toArray(String[]::new)))
                .as("a second load adds nothing").isEqualTo(DemoCatalogue.SIZE);
        assertThat(again.loaded()).isTrue();
    }

    private static List<String> kitchenShelves(DemoCatalogue demo) {
        List<String> aisles = demo.categories().stream().filter(c -> "kitchen".equals(c.parent()))
                .map(DemoCatalogue.Category::slug).toList();
        return demo.categories().stream().filter(c -> aisles.contains(c.parent())).map(DemoCatalogue.Category::slug)
                .toList();
    }
}
