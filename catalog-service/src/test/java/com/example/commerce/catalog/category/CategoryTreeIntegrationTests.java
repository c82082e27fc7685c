package com.example.commerce.catalog.category;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.catalog.CatalogApi;
import com.example.commerce.catalog.CatalogApi.Answer;
import com.example.commerce.testing.ServiceIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** The category tree over HTTP against the real schema: growing it, reading it whole and one node at a time. */
@ServiceIntegrationTest
class CategoryTreeIntegrationTests {

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    private CatalogApi api;
    private String id;

    @BeforeEach
    void setUp() {
        api = new CatalogApi(port);
        id = CatalogApi.unique();
    }

    @Test
    void aCategoryKnowsItsPathAncestorsAndChildren() {
        api.category("home-" + id, "Home", null);
        api.category("kitchen-" + id, "Kitchen", "home-" + id);
        api.category("pans-" + id, "Pans", "kitchen-" + id);
        api.category("mugs-" + id, "Mugs", "kitchen-" + id);

        Answer kitchen = api.get("/api/v1/categories/kitchen-" + id);

        assertThat(kitchen.status()).isEqualTo(200);
        assertThat(kitchen.header("Cache-Control")).contains("public").contains("max-age=300");
        JsonNode body = kitchen.json();
        assertThat(body.get("path").asString()).isEqualTo("home-%s/kitchen-%s".formatted(id, id));
        assertThat(body.get("parent").asString()).isEqualTo("home-" + id);
        assertThat(body.get("ancestors").findValuesAsString("slug")).containsExactly("home-" + id);
        assertThat(body.get("children").findValuesAsString("name")).containsExactly("Mugs", "Pans");
        assertThat(api.get("/api/v1/categories/pans-" + id).json().get("ancestors").findValuesAsString("slug"))
                .containsExactly("home-" + id, "kitchen-" + id);
    }

    @Test
    void theTreeHoldsEveryRootWithItsSubtree() {
        api.category("garden-" + id, "Garden", null);
        api.category("tools-" + id, "Tools", "garden-" + id);
        api.category("spades-" + id, "Spades", "tools-" + id);

        JsonNode tree = api.get("/api/v1/categories").json();

        JsonNode garden = find(tree, "garden-" + id);
        assertThat(garden).as("root garden in %s", tree).isNotNull();
        JsonNode tools = garden.get("children").get(0);
        assertThat(tools.get("slug").asString()).isEqualTo("tools-" + id);
        assertThat(tools.get("children").get(0).get("path").asString())
                .isEqualTo("garden-%s/tools-%s/spades-%s".formatted(id, id, id));
        List<String> roots = new ArrayList<>();
        tree.forEach(root -> roots.add(root.get("slug").asString()));
        assertThat(roots).doesNotContain("tools-" + id, "spades-" + id);
    }

    @Test
    void aDuplicateSlugUnknownParentOrTooDeepATreeIsAProblemAndAddsNothing() {
        api.category("a-" + id, "A", null);
        String parent = "a-" + id;
        for (int level = 2; level <= CategoryTree.MAX_DEPTH; level++) {
            api.category("l" + level + "-" + id, "Level " + level, parent);
            parent = "l" + level + "-" + id;
        }
        int before = count();

        Answer duplicate = api.post("/api/v1/categories", "{\"slug\":\"a-%s\",\"name\":\"Again\"}".formatted(id));
        Answer orphan = api.post("/api/v1/categories",
                "{\"slug\":\"b-%s\",\"name\":\"B\",\"parent\":\"nowhere-%s\"}".formatted(id, id));
        Answer tooDeep = api.post("/api/v1/categories",
                "{\"slug\":\"c-%s\",\"name\":\"C\",\"parent\":\"%s\"}".formatted(id, parent));
        Answer invalid = api.post("/api/v1/categories", "{\"slug\":\"Not A Slug\",\"name\":\"\"}");

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.problemType()).isEqualTo("urn:commerce:problem:duplicate-category");
        assertThat(orphan.status()).isEqualTo(422);
        assertThat(orphan.problemType()).isEqualTo("urn:commerce:problem:unknown-category");
        assertThat(tooDeep.status()).isEqualTo(422);
        assertThat(tooDeep.problemType()).isEqualTo("urn:commerce:problem:category-too-deep");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("invalidParams").findValuesAsString("name")).containsExactly("name", "slug");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void anUnknownSlugIsANotFoundProblem() {
        Answer unknown = api.get("/api/v1/categories/no-such-" + id);

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unknown.problemType()).isEqualTo("urn:commerce:problem:category-not-found");
    }

    private int count() {
        return jdbc.queryForObject("SELECT count(*) FROM category", Integer.class);
    }

    private static JsonNode find(JsonNode nodes, String slug) {
        for (JsonNode node : nodes) {
            if (node.get("slug").asString().equals(slug)) {
                return node;
            }
        }
        return null;
    }
}
