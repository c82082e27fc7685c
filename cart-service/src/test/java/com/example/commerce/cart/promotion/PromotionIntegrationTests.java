package com.example.commerce.cart.promotion;

import static com.example.commerce.testing.CatalogProductMother.euros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.commerce.cart.CartApi;
import com.example.commerce.starter.security.Caller;
import com.example.commerce.testing.CatalogProductMother;
import com.example.commerce.testing.ServiceIntegrationTest;
import com.example.commerce.testing.TestTokens;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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

/** Operators' promotions over HTTP, and every rule of applying a code to a cart. */
@ServiceIntegrationTest
class PromotionIntegrationTests {

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private PromotionCatalog catalog;

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
    void operatorsCreateReadListUpdateAndDeletePromotions() {
        String code = uniqueCode();
        HttpResponse<String> created = api.post("/api/v1/promotions", percentOff(code, 10, null));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode promotion = api.json(created);
        String id = promotion.get("id").asString();
        assertThat(created.headers().firstValue("Location")).contains("/api/v1/promotions/" + id);
        assertThat(promotion.get("code").asString()).isEqualTo(code.toUpperCase());
        assertThat(promotion.get("redemptions").asInt()).isZero();

        assertThat(api.json(api.get("/api/v1/promotions/" + id)).get("percentOff").asInt()).isEqualTo(10);
        HttpResponse<String> updated = api.put("/api/v1/promotions/" + id, percentOff(code, 25, null));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(api.json(api.get("/api/v1/promotions/" + id)).get("percentOff").asInt()).isEqualTo(25);

        JsonNode page = api.json(api.get("/api/v1/promotions?page=0&size=1"));
        assertThat(page.get("items").size()).isOne();
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("size").asInt()).isOne();
        assertThat(page.get("totalItems").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(page.get("totalPages").asLong()).isEqualTo(page.get("totalItems").asLong());
        api.problem(api.get("/api/v1/promotions?size=101"), 400, "urn:commerce:problem:validation-failed");
        api.problem(api.get("/api/v1/promotions?page=-1"), 400, "urn:commerce:problem:validation-failed");

        assertThat(api.delete("/api/v1/promotions/" + id).statusCode()).isEqualTo(204);
        api.problem(api.get("/api/v1/promotions/" + id), 404, "urn:commerce:problem:not-found");
        api.problem(api.delete("/api/v1/promotions/" + id), 404, "urn:commerce:problem:not-found");
    }

    @Test
    void badPromotionsAreProblemsAndNothingIsCreated() {
        String code = uniqueCode();
        assertThat(api.post("/api/v1/promotions", percentOff(code, 10, null)).statusCode()).isEqualTo(201);
        api.problem(api.post("/api/v1/promotions", percentOff(code.toLowerCase(), 5, null)), 409,
                "urn:commerce:problem:promo-code-taken");

        String other = uniqueCode();
        api.problem(api.post("/api/v1/promotions", percentOff(other, 0, null)), 400, "urn:commerce:problem:validation-failed");
        api.problem(api.post("/api/v1/promotions", percentOff(other, 101, null)), 400, "urn:commerce:problem:validation-failed");
        api.problem(api.post("/api/v1/promotions", """
                {"code":"%s","kind":"PERCENTAGE","percentOff":10,"amountOff":{"amountMinor":500,"currency":"EUR"},
                 "validFrom":"2026-01-01T00:00:00Z"}""".formatted(other)), 400, "urn:commerce:problem:validation-failed");
        api.problem(api.post("/api/v1/promotions", """
                {"code":"%s","kind":"FIXED_AMOUNT","validFrom":"2026-01-01T00:00:00Z"}""".formatted(other)), 400,
                "urn:commerce:problem:validation-failed");
        api.problem(api.post("/api/v1/promotions", """
                {"code":"%s","kind":"PERCENTAGE","percentOff":10,"validFrom":"2026-02-01T00:00:00Z",
                 "validUntil":"2026-01-01T00:00:00Z"}""".formatted(other)), 400, "urn:commerce:problem:validation-failed");
        api.problem(api.post("/api/v1/promotions", """
                {"code":"%s","kind":"PERCENTAGE","percentOff":10,"validFrom":"2026-01-01T00:00:00Z",
                 "sku":"MUG-1","category":"kitchen"}""".formatted(other)), 400, "urn:commerce:problem:validation-failed");
        api.problem(api.post("/api/v1/promotions", """
                {"code":"%s","kind":"PERCENTAGE","percentOff":10,"validFrom":"2026-01-01T00:00:00Z",
                 "category":"Kitchen/../etc"}""".formatted(other)), 400, "urn:commerce:problem:validation-failed");
        api.problem(api.post("/api/v1/promotions", """
                {"code":"no spaces allowed","kind":"PERCENTAGE","percentOff":10,"validFrom":"2026-01-01T00:00:00Z"}"""),
                400, "urn:commerce:problem:validation-failed");
        api.problem(api.post("/api/v1/promotions", """
                {"code":"%s","kind":"PERCENTAGE","percentOff":10,"validFrom":"2026-01-01T00:00:00Z","redemptions":-5}"""
                .formatted(other)), 400, "urn:commerce:problem:malformed-request");
        api.problem(api.post("/api/v1/promotions", """
                {"code":"%s","kind":"BOGOF","validFrom":"2026-01-01T00:00:00Z"}""".formatted(other)), 400,
                "urn:commerce:problem:malformed-request");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM promotion WHERE code = ?", Integer.class,
                other.toUpperCase())).isZero();
    }

    @Test
    void badUpdatesAreProblemsAndLeaveThePromotionAsItWas() {
        CatalogProductMother mug = api.listed(euros(2000));
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        for (UUID customer : List.of(first, second, third)) {
            api.add(customer, mug.sku(), 1);
        }
        String taken = created(percentOff(uniqueCode(), 5, null));
        String code = uniqueCode().toUpperCase();
        String id = api.json(api.post("/api/v1/promotions", limited(code, 3))).get("id").asString();
        api.applyPromo(first, code);
        api.applyPromo(second, code);

        api.problem(api.put("/api/v1/promotions/" + UUID.randomUUID(), limited(uniqueCode(), 3)), 404,
                "urn:commerce:problem:not-found");
        api.problem(api.put("/api/v1/promotions/" + id, limited(taken, 3)), 409, "urn:commerce:problem:promo-code-taken");
        api.problem(api.put("/api/v1/promotions/" + id, limited(code, 0)), 400, "urn:commerce:problem:validation-failed");
        api.problem(api.put("/api/v1/promotions/" + id, limited(code, 1)), 422,
                "urn:commerce:problem:redemption-limit-below-redemptions");
        JsonNode unchanged = api.json(api.get("/api/v1/promotions/" + id));
        assertThat(unchanged.get("code").asString()).isEqualTo(code);
        assertThat(unchanged.get("redemptionLimit").asInt()).isEqualTo(3);
        assertThat(unchanged.get("redemptions").asInt()).isEqualTo(2);

        assertThat(api.put("/api/v1/promotions/" + id, limited(code, 2)).statusCode()).as("limit = redemptions")
                .isEqualTo(200);
        api.problem(api.applyPromo(third, code), 422, "urn:commerce:problem:promo-code-redemption-limit-reached");
    }

    @Test
    void overHttpManagingPromotionsNeedsAValidTokenWithPromotionsWrite() {
        String body = percentOff(uniqueCode(), 10, null);
        api.problem(api.sendAs("/api/v1/promotions", null, "POST", body), 401, "urn:commerce:problem:unauthorized");
        api.problem(api.sendAs("/api/v1/promotions", TestTokens.customer(UUID.randomUUID()), "POST", body), 403,
                "urn:commerce:problem:forbidden");
        api.problem(api.sendAs("/api/v1/promotions", TestTokens.client("support-console", "carts:read"), "GET", null),
                403, "urn:commerce:problem:forbidden");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM promotion WHERE code = ?", Integer.class,
                api.json(api.sendAs("/api/v1/promotions", CartApi.PROMOTIONS_TOKEN, "POST", body)).get("code").asString()))
                .as("the same request with the scope").isOne();
    }

    @Test
    void managingPromotionsNeedsPromotionsWrite() {
        Caller customer = new Caller(UUID.randomUUID().toString(), Set.of("carts:read"));
        assertThatThrownBy(() -> catalog.list(0, 20, customer)).isInstanceOf(PromotionCatalog.NotAllowedException.class);
        assertThatThrownBy(() -> catalog.create(new PromotionTerms(uniqueCode(), null, Promotion.Kind.PERCENTAGE, 10,
                null, null, Instant.now(), null, null, null, null), customer))
                .isInstanceOf(PromotionCatalog.NotAllowedException.class);
        assertThat(catalog.list(0, 20, new Caller("ops-console", Set.of("promotions:write"))).size()).isEqualTo(20);
    }

    @Test
    void aPercentageCodeDiscountsTheCartAndCountsARedemption() {
        UUID customer = UUID.randomUUID();
        CatalogProductMother mug = api.listed(euros(2000));
        api.add(customer, mug.sku(), 2);
        String code = created(percentOff(uniqueCode(), 10, null));

        HttpResponse<String> applied = api.applyPromo(customer, code.toLowerCase());

        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        JsonNode cart = api.json(applied);
        assertThat(cart.get("promo").get("code").asString()).isEqualTo(code);
        assertThat(cart.get("promo").get("applied").asBoolean()).isTrue();
        assertThat(cart.get("totals").get("lines").get("amountMinor").asLong()).isEqualTo(4000);
        assertThat(cart.get("totals").get("discount").get("amountMinor").asLong()).isEqualTo(400);
        assertThat(cart.get("totals").get("total").get("amountMinor").asLong()).isEqualTo(3600);
        assertThat(redemptions(code)).isOne();
        assertThat(api.applyPromo(customer, code).statusCode()).as("the same code again").isEqualTo(200);
        assertThat(redemptions(code)).isOne();

        HttpResponse<String> dropped = api.removePromo(customer);
        assertThat(dropped.statusCode()).isEqualTo(200);
        assertThat(api.json(dropped).get("promo").isNull()).isTrue();
        assertThat(api.json(dropped).get("totals").get("total").get("amountMinor").asLong()).isEqualTo(4000);
        assertThat(redemptions(code)).as("given back").isZero();
    }

    @Test
    void aFixedAmountCodeWithAMinimumOrderValueAppliesOnlyAboveIt() {
        UUID customer = UUID.randomUUID();
        CatalogProductMother mug = api.listed(euros(2000));
        api.add(customer, mug.sku(), 1);
        String code = created("""
                {"code":"%s","kind":"FIXED_AMOUNT","amountOff":{"amountMinor":500,"currency":"EUR"},
                 "minimumOrderValue":{"amountMinor":3000,"currency":"EUR"},"validFrom":"2026-01-01T00:00:00Z"}"""
                .formatted(uniqueCode()));

        JsonNode below = api.problem(api.applyPromo(customer, code), 422, "urn:commerce:problem:promo-code-minimum-not-met");
        assertThat(below.get("reason").asString()).isEqualTo("MINIMUM_NOT_MET");
        assertThat(below.get("detail").asString()).contains("minimum order value");
        assertThat(api.cartJson(customer).get("promo").isNull()).isTrue();

        api.add(customer, mug.sku(), 1);
        JsonNode cart = api.json(api.applyPromo(customer, code));
        assertThat(cart.get("totals").get("discount").get("amountMinor").asLong()).isEqualTo(500);
        assertThat(cart.get("totals").get("total").get("amountMinor").asLong()).isEqualTo(3500);

        api.changeQuantity(customer, mug.sku(), "{\"quantity\":1}", null);
        JsonNode fallen = api.cartJson(customer);
        assertThat(fallen.get("promo").get("applied").asBoolean()).as("below the minimum again").isFalse();
        assertThat(fallen.get("promo").get("rejection").asString()).isEqualTo("MINIMUM_NOT_MET");
        assertThat(fallen.get("totals").get("discount").get("amountMinor").asLong()).isZero();
    }

    @Test
    void aCodeOutsideItsValidityWindowIsRefusedSayingWhy() {
        UUID customer = UUID.randomUUID();
        api.add(customer, api.listed(euros(2000)).sku(), 1);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String future = created(window(uniqueCode(), now.plus(1, ChronoUnit.DAYS), now.plus(2, ChronoUnit.DAYS)));
        String past = created(window(uniqueCode(), now.minus(2, ChronoUnit.DAYS), now.minus(1, ChronoUnit.DAYS)));

        api.problem(api.applyPromo(customer, future), 422, "urn:commerce:problem:promo-code-not-yet-valid");
        api.problem(api.applyPromo(customer, past), 422, "urn:commerce:problem:promo-code-expired");
        api.problem(api.applyPromo(customer, "NO-SUCH-" + uniqueCode()), 422, "urn:commerce:problem:promo-code-unknown-code");
        assertThat(api.cartJson(customer).get("promo").isNull()).isTrue();
    }

    @Test
    void aSkuRestrictedCodeDiscountsOnlyThatLineAndIsRefusedWithoutIt() {
        UUID customer = UUID.randomUUID();
        CatalogProductMother mug = api.listed(euros(2000));
        CatalogProductMother tee = api.listed(euros(1000));
        String code = created(percentOff(uniqueCode(), 50, tee.sku()));
        api.add(customer, mug.sku(), 1);

        api.problem(api.applyPromo(customer, code), 422, "urn:commerce:problem:promo-code-not-applicable");

        api.add(customer, tee.sku(), 1);
        JsonNode cart = api.json(api.applyPromo(customer, code));
        assertThat(cart.get("totals").get("discount").get("amountMinor").asLong()).isEqualTo(500);
        assertThat(cart.get("totals").get("total").get("amountMinor").asLong()).isEqualTo(2500);
    }

    @Test
    void aCategoryRestrictedCodeDiscountsTheLinesOfThatCategoryAndItsSubCategoriesOnly() {
        UUID customer = UUID.randomUUID();
        CatalogProductMother pan = api.listedIn("kitchen/cookware/pans", euros(4000));
        CatalogProductMother tee = api.listedIn("clothing/shirts", euros(1000));
        awaitCategorised(pan.sku(), "kitchen/cookware/pans");
        awaitCategorised(tee.sku(), "clothing/shirts");
        String kitchen = created(inCategory(uniqueCode(), "kitchen"));
        String garden = created(inCategory(uniqueCode(), "garden"));
        api.add(customer, tee.sku(), 1);

        api.problem(api.applyPromo(customer, kitchen), 422, "urn:commerce:problem:promo-code-not-applicable");

        api.add(customer, pan.sku(), 1);
        api.problem(api.applyPromo(customer, garden), 422, "urn:commerce:problem:promo-code-not-applicable");
        JsonNode cart = api.json(api.applyPromo(customer, kitchen));
        assertThat(cart.get("totals").get("discount").get("amountMinor").asLong()).as("25% of the pan").isEqualTo(1000);
        assertThat(cart.get("totals").get("total").get("amountMinor").asLong()).isEqualTo(4000);
    }

    @Test
    void aRecategorisedProductQualifiesByItsNewCategory() {
        UUID customer = UUID.randomUUID();
        CatalogProductMother pan = api.listedIn("garden/tools", euros(4000));
        api.add(customer, pan.sku(), 1);
        String kitchen = created(inCategory(uniqueCode(), "kitchen"));
        api.problem(api.applyPromo(customer, kitchen), 422, "urn:commerce:problem:promo-code-not-applicable");

        api.feed().publish(new com.example.commerce.events.catalog.ProductUpdated(pan.productId(), pan.sku(),
                "Pan", null, null, "kitchen/cookware", pan.listedAt().plusSeconds(60)));

        org.awaitility.Awaitility.await().atMost(CartApi.PATIENCE)
                .until(() -> api.applyPromo(customer, kitchen).statusCode() == 200);
        assertThat(api.cartJson(customer).get("totals").get("discount").get("amountMinor").asLong()).isEqualTo(1000);
    }

    @Test
    void oneCodePerCart() {
        UUID customer = UUID.randomUUID();
        api.add(customer, api.listed(euros(2000)).sku(), 1);
        String first = created(percentOff(uniqueCode(), 10, null));
        String second = created(percentOff(uniqueCode(), 20, null));
        api.applyPromo(customer, first);

        api.problem(api.applyPromo(customer, second), 422, "urn:commerce:problem:promo-code-another-code-applied");

        assertThat(api.cartJson(customer).get("promo").get("code").asString()).isEqualTo(first);
        assertThat(redemptions(second)).isZero();
    }

    @Test
    void aCodeRedeemedUpToItsLimitIsRefusedAndAnExpiredCartGivesItsRedemptionBack() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        CatalogProductMother mug = api.listed(euros(2000));
        api.add(first, mug.sku(), 1);
        api.add(second, mug.sku(), 1);
        String code = created(limited(uniqueCode(), 1));
        assertThat(api.applyPromo(first, code).statusCode()).isEqualTo(200);

        api.problem(api.applyPromo(second, code), 422, "urn:commerce:problem:promo-code-redemption-limit-reached");
        assertThat(redemptions(code)).isOne();

        UUID firstCart = UUID.fromString(api.cartJson(first).get("cartId").asString());
        jdbc.update("UPDATE cart SET updated_at = now() - interval '2 hours' WHERE id = ?", firstCart);
        org.awaitility.Awaitility.await().atMost(CartApi.PATIENCE).until(() -> redemptions(code) == 0);
        assertThat(api.applyPromo(second, code).statusCode()).isEqualTo(200);
    }

    @Test
    void twoCartsRacingForTheLastRedemptionCannotBothHaveIt() throws Exception {
        CatalogProductMother mug = api.listed(euros(2000));
        int racers = 4;
        List<UUID> customers = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            UUID customer = UUID.randomUUID();
            api.add(customer, mug.sku(), 1);
            customers.add(customer);
        }
        String code = created(limited(uniqueCode(), 1));
        CyclicBarrier together = new CyclicBarrier(racers);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (UUID customer : customers) {
                answers.add(pool.submit(() -> {
                    together.await();
                    return api.applyPromo(customer, code).statusCode();
                }));
            }
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(statuses).containsOnly(200, 422).filteredOn(status -> status == 200).hasSize(1);
        assertThat(redemptions(code)).isOne();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM cart WHERE promo_code = ?", Integer.class, code)).isOne();
    }

    @Test
    void aDeletedPromotionGivesTheCartHoldingItNothing() {
        UUID customer = UUID.randomUUID();
        api.add(customer, api.listed(euros(2000)).sku(), 1);
        HttpResponse<String> created = api.post("/api/v1/promotions", percentOff(uniqueCode(), 10, null));
        String code = api.json(created).get("code").asString();
        api.applyPromo(customer, code);

        api.delete("/api/v1/promotions/" + api.json(created).get("id").asString());

        JsonNode cart = api.cartJson(customer);
        assertThat(cart.get("promo").get("applied").asBoolean()).isFalse();
        assertThat(cart.get("promo").get("rejection").asString()).isEqualTo("UNKNOWN_CODE");
        assertThat(cart.get("totals").get("discount").get("amountMinor").asLong()).isZero();
    }

    private void awaitCategorised(String sku, String categoryPath) {
        org.awaitility.Awaitility.await().atMost(CartApi.PATIENCE).until(() -> categoryPath.equals(
                jdbc.query("SELECT category_path FROM catalog_price WHERE sku = ?",
                        rows -> rows.next() ? rows.getString(1) : null, sku)));
    }

    private String created(String body) {
        HttpResponse<String> created = api.post("/api/v1/promotions", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return api.json(created).get("code").asString();
    }

    private int redemptions(String code) {
        return jdbc.queryForObject("SELECT redemptions FROM promotion WHERE code = ?", Integer.class, code);
    }

    private static String uniqueCode() {
        return "Save-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String percentOff(String code, int percent, String sku) {
        return """
                {"code":"%s","description":"%d%% off","kind":"PERCENTAGE","percentOff":%d,
                 "validFrom":"2026-01-01T00:00:00Z"%s}""".formatted(code, percent, percent,
                sku == null ? "" : ",\"sku\":\"" + sku + "\"");
    }

    private static String window(String code, Instant from, Instant until) {
        return """
                {"code":"%s","kind":"PERCENTAGE","percentOff":10,"validFrom":"%s","validUntil":"%s"}"""
                .formatted(code, from, until);
    }

    private static String inCategory(String code, String category) {
        return """
                {"code":"%s","kind":"PERCENTAGE","percentOff":25,"validFrom":"2026-01-01T00:00:00Z","category":"%s"}"""
                .formatted(code, category);
    }

    private static String limited(String code, int limit) {
        return """
                {"code":"%s","kind":"PERCENTAGE","percentOff":10,"validFrom":"2026-01-01T00:00:00Z","redemptionLimit":%d}"""
                .formatted(code, limit);
    }
}
