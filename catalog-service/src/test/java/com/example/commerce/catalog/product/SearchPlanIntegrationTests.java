package com.example.commerce.catalog.product;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.starter.web.PageResponse;
import com.example.commerce.stack.demo.DemoCatalogue;
import com.example.commerce.testing.ServiceIntegrationTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * On a catalogue of 10,000 products PostgreSQL answers a search from the search indexes, not by reading
 * every row: the plan of the query the service runs (EXPLAIN) names the full-text and the trigram index.
 */
@ServiceIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchPlanIntegrationTests {

    private static final int PRODUCTS = 10_000;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private ProductSearch search;

    private List<DemoCatalogue.Product> products;

    @BeforeAll
    void tenThousandProducts() {
        products = DemoCatalogue.generate(4711, PRODUCTS).products();
        Instant now = Instant.now();
        jdbc.batchUpdate("""
                INSERT INTO product (id, sku, name, description, brand, price_amount, currency, status, created_at,
                                     updated_at, version, attributes, image_urls)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?, 0, '{}'::jsonb, '[]'::jsonb)""", products, 500,
                (row, p) -> {
                    row.setObject(1, UUID.randomUUID());
                    row.setString(2, "PLAN-" + p.sku());
                    row.setString(3, p.name());
                    row.setString(4, p.description());
                    row.setString(5, p.brand());
                    row.setLong(6, p.priceMinor());
                    row.setString(7, p.currency());
                    row.setTimestamp(8, Timestamp.from(now));
                    row.setTimestamp(9, Timestamp.from(now));
                });
        jdbc.execute("ANALYZE product");
    }

    @Test
    void aSearchUsesTheFullTextIndexNotASequentialScan() {
        String plan = search.plan(query("cafetiere"), ProductSearch.Match.WORDS);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM product WHERE sku LIKE 'PLAN-%'", Integer.class))
                .isEqualTo(PRODUCTS);
        assertThat(plan).as(plan).contains("Bitmap Index Scan on product_search_idx")
                .doesNotContain("Seq Scan on product");
    }

    @Test
    void aMisspeltSearchUsesTheTrigramIndexNotASequentialScan() {
        String plan = search.plan(query("cafetire"), ProductSearch.Match.SIMILAR_SPELLING);

        assertThat(plan).as(plan).contains("Bitmap Index Scan on product_search_trgm_idx")
                .doesNotContain("Seq Scan on product");
    }

    private static ProductSearch.Query query(String q) {
        return new ProductSearch.Query(q, null, null, null, null, Product.Status.ACTIVE, null, 0, 20);
    }

    @Test
    void theIndexedSearchFindsExactlyTheMatchingProducts() {
        long generated = products.stream().filter(p -> p.name().contains("cafetiere")).count();
        // Other tests of this module list cafetieres of their own in the same schema: count them all.
        long expected = jdbc.queryForObject("""
                SELECT count(*) FROM product WHERE status = 'ACTIVE'
                AND (name ILIKE '%cafetiere%' OR description ILIKE '%cafetiere%' OR brand ILIKE '%cafetiere%')""",
                Long.class);

        PageResponse<ProductView> exact = search.search(new ProductSearch.Query("cafetiere", null, null, null, null,
                Product.Status.ACTIVE, null, 0, 100));
        PageResponse<ProductView> misspelt = search.search(new ProductSearch.Query("cafetire", null, null, null, null,
                Product.Status.ACTIVE, null, 0, 100));

        assertThat(generated).as("the generator put some cafetieres in").isBetween(20L, 400L);
        assertThat(expected).isGreaterThanOrEqualTo(generated);
        assertThat(exact.totalItems()).isEqualTo(expected);
        assertThat(exact.items()).allSatisfy(p -> assertThat(p.name().toLowerCase()).contains("cafetiere"));
        assertThat(misspelt.totalItems()).isEqualTo(exact.totalItems());
        assertThat(misspelt.items()).allSatisfy(p -> assertThat(p.name().toLowerCase()).contains("cafetiere"));
    }
}
