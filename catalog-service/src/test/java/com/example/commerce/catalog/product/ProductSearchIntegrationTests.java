package com.example.commerce.catalog.product;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.catalog.CatalogApi;
import com.example.commerce.catalog.CatalogApi.Answer;
import com.example.commerce.testing.ServiceIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Browsing and searching over HTTP against the real schema. Each test files its products under a
 * category of its own and filters by it, so the tests sharing the database never see each other's.
 */
@ServiceIntegrationTest
class ProductSearchIntegrationTests {

    @LocalServerPort
    private int port;

    private CatalogApi api;
    private String id;
    private String shelf;

    @BeforeEach
    void setUp() {
        api = new CatalogApi(port);
        id = CatalogApi.unique();
        shelf = "shelf-" + id;
        api.category(shelf, "Shelf " + id, null);
    }

    @Test
    void searchRanksANameHitAboveABrandHitAboveADescriptionHit() {
        String word = "zylophant";
        product("DESC", "Plain teapot", 1000, "\"description\":\"Ships with a %s cosy.\"".formatted(word));
        product("NAME", "The %s teapot".formatted(word), 1000, null);
        product("BRAND", "Round teapot", 1000, "\"brand\":\"%s\"".formatted(word));
        product("NONE", "Square teapot", 1000, null);

        Answer found = api.get("/api/v1/products?category=%s&q=%s".formatted(shelf, word));

        assertThat(found.status()).isEqualTo(200);
        assertThat(skus(found)).containsExactly(sku("NAME"), sku("BRAND"), sku("DESC"));
        assertThat(found.json().get("totalItems").asLong()).isEqualTo(3);
    }

    @Test
    void searchStemsWordsAndMatchesEveryWordOfAPhrase() {
        product("MUG", "Speckled mug", 1200, null);
        product("MUGS", "Set of four speckled mugs", 4200, null);
        product("BOWL", "Speckled bowl", 1500, null);

        assertThat(skus(api.get("/api/v1/products?category=%s&q=mugs".formatted(shelf))))
                .containsExactlyInAnyOrder(sku("MUG"), sku("MUGS"));
        assertThat(skus(api.get("/api/v1/products?category=%s&q=speckled%%20bowl".formatted(shelf))))
                .containsExactly(sku("BOWL"));
    }

    @Test
    void aMisspeltQueryFindsTheProductWhenNoProductHasItsWords() {
        product("TYPO", "Quokkaberry lamp", 5900, null);
        product("NEAR", "Quokkaberrys lantern", 5900, null);
        product("OTHER", "Reading lamp", 5900, null);

        Answer misspelt = api.get("/api/v1/products?category=%s&q=quokaberry".formatted(shelf));
        Answer exact = api.get("/api/v1/products?category=%s&q=quokkaberry%%20lamp".formatted(shelf));

        assertThat(skus(misspelt)).contains(sku("TYPO")).doesNotContain(sku("OTHER"));
        assertThat(skus(exact).getFirst()).isEqualTo(sku("TYPO"));
    }

    @Test
    void aCategoryFilterTakesInItsSubCategoriesAndNothingAbove() {
        String child = "child-" + id;
        String grandchild = "grandchild-" + id;
        api.category(child, "Child", shelf);
        api.category(grandchild, "Grandchild", child);
        product("TOP", "Top item", 100, null);
        product("MID", "Mid item", 100, "\"category\":\"%s\"".formatted(child));
        product("LOW", "Low item", 100, "\"category\":\"%s\"".formatted(grandchild));

        assertThat(skus(api.get("/api/v1/products?category=" + shelf)))
                .containsExactlyInAnyOrder(sku("TOP"), sku("MID"), sku("LOW"));
        assertThat(skus(api.get("/api/v1/products?category=" + child))).containsExactlyInAnyOrder(sku("MID"), sku("LOW"));
        assertThat(skus(api.get("/api/v1/products?category=" + grandchild))).containsExactly(sku("LOW"));
        Answer unknown = api.get("/api/v1/products?category=nowhere-" + id);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.problemType()).isEqualTo("urn:commerce:problem:category-not-found");
    }

    @Test
    void filtersByBrandIgnoringCaseAndByAnInclusivePriceRange() {
        product("A", "Alpha", 999, "\"brand\":\"Northfield\"");
        product("B", "Bravo", 1999, "\"brand\":\"northfield\"");
        product("C", "Charlie", 2999, "\"brand\":\"Kettleby\"");
        product("D", "Delta", 3999, null);

        assertThat(skus(api.get("/api/v1/products?category=%s&brand=NORTHFIELD".formatted(shelf))))
                .containsExactly(sku("A"), sku("B"));
        assertThat(skus(api.get("/api/v1/products?category=%s&minPrice=1999&maxPrice=2999".formatted(shelf))))
                .containsExactly(sku("B"), sku("C"));
        assertThat(skus(api.get("/api/v1/products?category=%s&maxPrice=998".formatted(shelf)))).isEmpty();
        assertThat(skus(api.get("/api/v1/products?category=%s&brand=northfield&minPrice=1000".formatted(shelf))))
                .containsExactly(sku("B"));
    }

    @Test
    void discontinuedProductsShowOnlyWhenAskedFor() {
        product("KEPT", "Kept", 100, null);
        product("GONE", "Gone", 100, null);
        assertThat(api.post("/api/v1/products/" + sku("GONE") + "/discontinue", null).status()).isEqualTo(200);

        assertThat(skus(api.get("/api/v1/products?category=" + shelf))).containsExactly(sku("KEPT"));
        assertThat(skus(api.get("/api/v1/products?status=DISCONTINUED&category=" + shelf))).containsExactly(sku("GONE"));
    }

    @Test
    void sortsByNamePriceBothWaysAndNewest() {
        product("1", "Cedar box", 3000, null);
        product("2", "Acacia box", 1000, null);
        product("3", "Birch box", 2000, null);

        assertThat(skus(api.get("/api/v1/products?category=%s".formatted(shelf))))
                .as("by name by default").containsExactly(sku("2"), sku("3"), sku("1"));
        assertThat(skus(api.get("/api/v1/products?category=%s&sort=price".formatted(shelf))))
                .containsExactly(sku("2"), sku("3"), sku("1"));
        assertThat(skus(api.get("/api/v1/products?category=%s&sort=price-desc".formatted(shelf))))
                .containsExactly(sku("1"), sku("3"), sku("2"));
        assertThat(skus(api.get("/api/v1/products?category=%s&sort=newest".formatted(shelf))))
                .containsExactly(sku("3"), sku("2"), sku("1"));
        assertThat(skus(api.get("/api/v1/products?category=%s&sort=relevance".formatted(shelf))))
                .as("relevance without q is by name").containsExactly(sku("2"), sku("3"), sku("1"));
        assertThat(skus(api.get("/api/v1/products?category=%s&q=&brand=%%20".formatted(shelf))))
                .as("a blank q or brand filters nothing").containsExactly(sku("2"), sku("3"), sku("1"));
    }

    @Test
    void pagesShareTheFleetShapeAndNeverOverlap() {
        for (int i = 1; i <= 5; i++) {
            product("P" + i, "Item " + i, 100 * i, null);
        }

        JsonNode first = api.get("/api/v1/products?category=%s&size=2&page=0".formatted(shelf)).json();
        JsonNode last = api.get("/api/v1/products?category=%s&size=2&page=2".formatted(shelf)).json();
        JsonNode past = api.get("/api/v1/products?category=%s&size=2&page=3".formatted(shelf)).json();

        assertThat(first.get("page").asInt()).isZero();
        assertThat(first.get("size").asInt()).isEqualTo(2);
        assertThat(first.get("totalItems").asLong()).isEqualTo(5);
        assertThat(first.get("totalPages").asInt()).isEqualTo(3);
        List<String> all = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            all.addAll(skus(api.get("/api/v1/products?category=%s&size=2&page=%d".formatted(shelf, page))));
        }
        assertThat(all).containsExactly(sku("P1"), sku("P2"), sku("P3"), sku("P4"), sku("P5"));
        assertThat(last.get("items").size()).isOne();
        assertThat(past.get("items").size()).isZero();
        assertThat(past.get("totalItems").asLong()).isEqualTo(5);
        Answer tooBig = api.get("/api/v1/products?size=101");
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.problemType()).isEqualTo("urn:commerce:problem:validation-failed");
    }

    private void product(String suffix, String name, long cents, String extra) {
        String category = "\"category\":\"%s\"".formatted(shelf);
        api.product(sku(suffix), name, cents, extra == null ? category
                : extra.contains("\"category\"") ? extra : category + "," + extra);
    }

    private String sku(String suffix) {
        return ("S" + id + "-" + suffix).toUpperCase();
    }

    private static List<String> skus(Answer answer) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        List<String> skus = new ArrayList<>();
        answer.json().get("items").forEach(item -> skus.add(item.get("sku").asString()));
        return skus;
    }
}
