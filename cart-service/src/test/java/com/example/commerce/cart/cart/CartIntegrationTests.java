package com.example.commerce.cart.cart;

import static com.example.commerce.testing.CatalogProductMother.euros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.example.commerce.cart.CartApi;
import com.example.commerce.starter.security.Caller;
import com.example.commerce.events.EventTypes;
import com.example.commerce.events.Topics;
import com.example.commerce.events.cart.ItemAddedToCart;
import com.example.commerce.events.inventory.StockLevelChanged;
import com.example.commerce.events.shared.Money;
import com.example.commerce.testing.CatalogProductMother;
import com.example.commerce.testing.ServiceIntegrationTest;
import com.example.commerce.testing.TestTokens;
import com.example.commerce.testing.TopicRecords;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Carts over HTTP, priced from read models fed by real catalog.events and inventory.events. */
@ServiceIntegrationTest
class CartIntegrationTests {

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private ShoppingCarts shoppingCarts;

    private CartApi api;
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void client() {
        api = new CartApi(port);
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void aCustomerWithoutACartSeesAnEmptyOne() {
        UUID customer = UUID.randomUUID();

        HttpResponse<String> response = api.cart(customer);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag")).isPresent();
        JsonNode cart = api.json(response);
        assertThat(cart.get("lines").size()).isZero();
        assertThat(cart.get("totals").get("total").get("amountMinor").asLong()).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM cart WHERE customer_id = ?", Integer.class, customer))
                .as("reading creates no cart").isZero();

        assertThat(api.acknowledge(customer, null).statusCode()).isEqualTo(200);
        assertThat(api.removePromo(customer).statusCode()).isEqualTo(200);
        api.problem(api.remove(customer, "{\"sku\":\"MUG-1\"}", null), 404, "urn:commerce:problem:not-found");
        api.problem(api.changeQuantity(customer, "MUG-1", "{\"quantity\":2}", null), 404, "urn:commerce:problem:not-found");
        api.problem(api.applyPromo(customer, "NO-SUCH-CODE"), 422, "urn:commerce:problem:promo-code-unknown-code");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM cart WHERE customer_id = ?", Integer.class, customer))
                .as("only adding opens a cart").isZero();
    }

    @Test
    void addedItemsArePricedByTheServerFromTheCatalogueAndPublished() {
        UUID customer = UUID.randomUUID();
        CatalogProductMother mug = api.listed(euros(1299));
        CatalogProductMother tee = api.listed(euros(2499));

        assertThat(api.add(customer, mug.sku(), 2).statusCode()).isEqualTo(200);
        HttpResponse<String> added = api.add(customer, tee.sku(), 1);
        assertThat(api.add(customer, mug.sku(), 1).statusCode()).as("to its line").isEqualTo(200);

        assertThat(added.headers().firstValue("ETag")).isPresent();
        JsonNode cart = api.cartJson(customer);
        assertThat(cart.get("customerId").asString()).isEqualTo(customer.toString());
        assertThat(cart.get("currency").asString()).isEqualTo("EUR");
        JsonNode lines = cart.get("lines");
        assertThat(lines.size()).isEqualTo(2);
        assertThat(lines.get(0).get("sku").asString()).isEqualTo(mug.sku());
        assertThat(lines.get(0).get("quantity").asInt()).isEqualTo(3);
        assertThat(lines.get(0).get("unitPrice").get("amountMinor").asLong()).isEqualTo(1299);
        assertThat(lines.get(0).get("lineTotal").get("amountMinor").asLong()).isEqualTo(3897);
        assertThat(lines.get(0).get("availability").asString()).isEqualTo("UNKNOWN");
        assertThat(lines.get(0).get("notices").size()).isZero();
        assertThat(lines.get(1).get("lineTotal").get("amountMinor").asLong()).isEqualTo(2499);
        JsonNode totals = cart.get("totals");
        assertThat(totals.get("lines").get("amountMinor").asLong()).isEqualTo(6396);
        assertThat(totals.get("discount").get("amountMinor").asLong()).isZero();
        assertThat(totals.get("total").get("amountMinor").asLong()).isEqualTo(6396);
        assertThat(totals.get("items").asInt()).isEqualTo(4);

        UUID cartId = UUID.fromString(cart.get("cartId").asString());
        List<ItemAddedToCart> published = new ArrayList<>();
        TopicRecords.awaitRecord(Topics.CART_EVENTS, record -> {
            if (cartId.toString().equals(record.key())) {
                assertThat(TopicRecords.header(record, "ce_type")).isEqualTo(EventTypes.typeOf(ItemAddedToCart.class));
                published.add(json.readValue(record.value(), ItemAddedToCart.class));
            }
            return published.size() == 3;
        }, CartApi.PATIENCE);
        assertThat(published).extracting(ItemAddedToCart::sku, ItemAddedToCart::quantity, ItemAddedToCart::unitPrice)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(mug.sku(), 2, euros(1299)),
                        org.assertj.core.groups.Tuple.tuple(tee.sku(), 1, euros(2499)),
                        org.assertj.core.groups.Tuple.tuple(mug.sku(), 1, euros(1299)));
        assertThat(published).allSatisfy(event -> assertThat(event.customerId()).isEqualTo(customer));
    }

    @Test
    void aLineQuantityIsChangedAndALineRemoved() {
        UUID customer = UUID.randomUUID();
        CatalogProductMother mug = api.listed(euros(1000));
        CatalogProductMother tee = api.listed(euros(500));
        api.add(customer, mug.sku(), 1);
        api.add(customer, tee.sku(), 1);

        HttpResponse<String> changed = api.changeQuantity(customer, mug.sku(), "{\"quantity\":4}", null);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(api.json(changed).get("totals").get("total").get("amountMinor").asLong()).isEqualTo(4500);

        HttpResponse<String> removed = api.remove(customer, "{\"sku\":\"" + tee.sku() + "\"}", null);
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        JsonNode cart = api.cartJson(customer);
        assertThat(cart.get("lines").size()).isOne();
        assertThat(cart.get("totals").get("total").get("amountMinor").asLong()).isEqualTo(4000);

        api.problem(api.remove(customer, "{\"sku\":\"" + tee.sku() + "\"}", null), 404, "urn:commerce:problem:not-found");
        api.problem(api.changeQuantity(customer, tee.sku(), "{\"quantity\":1}", null), 404,
                "urn:commerce:problem:not-found");
        api.problem(api.changeQuantity(customer, mug.sku(), "{\"quantity\":0}", null), 400,
                "urn:commerce:problem:validation-failed");
        api.problem(api.changeQuantity(customer, mug.sku(), "{\"quantity\":11}", null), 422,
                "urn:commerce:problem:line-quantity-limit-exceeded");
        assertThat(api.cartJson(customer).get("lines").get(0).get("quantity").asInt()).isEqualTo(4);
    }

    @Test
    void badAddsAreProblemsAndLeaveTheCartAsItWas() {
        UUID customer = UUID.randomUUID();
        CatalogProductMother mug = api.listed(euros(1000));
        api.add(customer, mug.sku(), 2);
        String before = api.cart(customer).headers().firstValue("ETag").orElseThrow();

        api.problem(api.add(customer, "SKU-NEVER-LISTED-" + UUID.randomUUID().toString().substring(0, 8), 1), 404,
                "urn:commerce:problem:unknown-product");
        api.problem(api.add(customer, mug.sku(), 0), 400, "urn:commerce:problem:validation-failed");
        api.problem(api.add(customer, mug.sku(), -3), 400, "urn:commerce:problem:validation-failed");
        api.problem(api.add(customer, mug.sku(), 9), 422, "urn:commerce:problem:line-quantity-limit-exceeded");
        api.problem(api.add(customer, "{\"sku\":\"" + mug.sku() + "\"}", null), 400,
                "urn:commerce:problem:validation-failed");
        api.problem(api.add(customer, "{\"sku\":\"" + mug.sku() + "\",\"quantity\":1,", null), 400,
                "urn:commerce:problem:malformed-request");
        api.problem(api.add(customer, "{\"sku\":\"" + mug.sku() + "\",\"quantity\":1,"
                + "\"unitPrice\":{\"amountMinor\":1,\"currency\":\"EUR\"}}", null), 400, "urn:commerce:problem:malformed-request");
        api.problem(api.add(customer, "{\"sku\":\"" + mug.sku() + "\",\"quantity\":1,\"total\":1}", null), 400,
                "urn:commerce:problem:malformed-request");
        api.problem(api.get("/api/v1/cart/not-a-uuid"), 400, "urn:commerce:problem:validation-failed");

        HttpResponse<String> after = api.cart(customer);
        assertThat(after.headers().firstValue("ETag")).contains(before);
        assertThat(api.json(after).get("lines").get(0).get("quantity").asInt()).isEqualTo(2);
    }

    @Test
    void aCartHoldsAtMostItsLineLimit() {
        UUID customer = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            assertThat(api.add(customer, api.listed(euros(100)).sku(), 1).statusCode()).isEqualTo(200);
        }
        CatalogProductMother fourth = api.listed(euros(100));

        api.problem(api.add(customer, fourth.sku(), 1), 422, "urn:commerce:problem:cart-line-limit-exceeded");
        assertThat(api.cartJson(customer).get("lines").size()).isEqualTo(3);
    }

    @Test
    void aDiscontinuedProductCannotBeAddedAndShowsOnTheLineOnceDiscontinued() {
        UUID customer = UUID.randomUUID();
        CatalogProductMother gone = api.listed(euros(700));
        CatalogProductMother going = api.listed(euros(800));
        api.add(customer, going.sku(), 1);
        api.feed().publish(gone.discontinued());
        api.feed().publish(going.discontinued());
        await().atMost(CartApi.PATIENCE).until(() -> api.json(api.get("/api/v1/prices/" + gone.sku()))
                .get("discontinued").asBoolean() && api.json(api.get("/api/v1/prices/" + going.sku()))
                .get("discontinued").asBoolean());

        api.problem(api.add(customer, gone.sku(), 1), 422, "urn:commerce:problem:product-discontinued");
        JsonNode line = api.cartJson(customer).get("lines").get(0);
        assertThat(line.get("discontinued").asBoolean()).isTrue();
        assertThat(line.get("notices").toString()).contains("DISCONTINUED");
        assertThat(api.cartJson(customer).get("lines").size()).isOne();
    }

    @Test
    void aPriceChangeInTheCatalogueReachesTheLineWithOldAndNewPriceUntilAcknowledged() {
        UUID customer = UUID.randomUUID();
        CatalogProductMother mug = api.listed(euros(1299));
        api.add(customer, mug.sku(), 2);

        api.feed().publish(mug.priceChanged(euros(1299), euros(999), 5));

        JsonNode line = await().atMost(CartApi.PATIENCE).until(() -> api.cartJson(customer).get("lines").get(0),
                candidate -> candidate.get("unitPrice").get("amountMinor").asLong() == 999);
        assertThat(line.get("notices").toString()).contains("PRICE_CHANGED");
        assertThat(line.get("priceChange").get("oldPrice").get("amountMinor").asLong()).isEqualTo(1299);
        assertThat(line.get("priceChange").get("newPrice").get("amountMinor").asLong()).isEqualTo(999);
        assertThat(line.get("lineTotal").get("amountMinor").asLong()).as("charged at the new price").isEqualTo(1998);
        assertThat(api.cartJson(customer).get("totals").get("total").get("amountMinor").asLong()).isEqualTo(1998);

        HttpResponse<String> seen = api.acknowledge(customer, api.cart(customer).headers().firstValue("ETag").orElseThrow());
        assertThat(seen.statusCode()).as(seen.body()).isEqualTo(200);
        JsonNode after = api.cartJson(customer).get("lines").get(0);
        assertThat(after.get("notices").size()).isZero();
        assertThat(after.get("priceChange").isNull()).isTrue();
        assertThat(after.get("unitPrice").get("amountMinor").asLong()).isEqualTo(999);
    }

    @Test
    void aLineGoingOutOfStockShowsUntilAcknowledgedAndStaysFlagged() {
        UUID customer = UUID.randomUUID();
        CatalogProductMother mug = api.listed(euros(1299));
        api.feed().publish(new StockLevelChanged(mug.sku(), 12, 0, 12, "IN_STOCK", 1L, Instant.now()));
        await().atMost(CartApi.PATIENCE).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM stock_level WHERE sku = ?", Integer.class, mug.sku()) == 1);
        api.add(customer, mug.sku(), 1);
        assertThat(api.cartJson(customer).get("lines").get(0).get("availability").asString()).isEqualTo("IN_STOCK");

        api.feed().publish(new StockLevelChanged(mug.sku(), 0, 0, 0, "OUT_OF_STOCK", 2L, Instant.now()));

        JsonNode line = await().atMost(CartApi.PATIENCE).until(() -> api.cartJson(customer).get("lines").get(0),
                candidate -> candidate.get("availability").asString().equals("OUT_OF_STOCK"));
        assertThat(line.get("notices").toString()).contains("OUT_OF_STOCK");
        api.acknowledge(customer, null);
        JsonNode after = api.cartJson(customer).get("lines").get(0);
        assertThat(after.get("notices").size()).isZero();
        assertThat(after.get("availability").asString()).isEqualTo("OUT_OF_STOCK");
    }

    @Test
    void aChangeWithAStaleETagIsRefusedWith412AndChangesNothing() {
        UUID customer = UUID.randomUUID();
        CatalogProductMother mug = api.listed(euros(1000));
        HttpResponse<String> first = api.add(customer, mug.sku(), 1);
        String firstTag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> second = api.add(customer, "{\"sku\":\"" + mug.sku() + "\",\"quantity\":1}", firstTag);
        assertThat(second.statusCode()).as("the current tag").isEqualTo(200);
        String secondTag = second.headers().firstValue("ETag").orElseThrow();
        assertThat(secondTag).isNotEqualTo(firstTag);

        HttpResponse<String> stale = api.add(customer, "{\"sku\":\"" + mug.sku() + "\",\"quantity\":1}", firstTag);
        api.problem(stale, 412, "urn:commerce:problem:precondition-failed");
        assertThat(stale.headers().firstValue("ETag")).contains(secondTag);
        api.problem(api.remove(customer, "{\"sku\":\"" + mug.sku() + "\"}", firstTag), 412,
                "urn:commerce:problem:precondition-failed");
        api.problem(api.acknowledge(customer, "\"not-the-tag\""), 412, "urn:commerce:problem:precondition-failed");

        assertThat(api.cartJson(customer).get("lines").get(0).get("quantity").asInt()).isEqualTo(2);
        assertThat(api.cart(customer).headers().firstValue("ETag")).contains(secondTag);
    }

    @Test
    void twoTabsChangingTheCartAtOnceWithOneETagCannotBothWin() throws Exception {
        UUID customer = UUID.randomUUID();
        CatalogProductMother mug = api.listed(euros(1000));
        String tag = api.add(customer, mug.sku(), 1).headers().firstValue("ETag").orElseThrow();
        int tabs = 4;
        List<Integer> statuses = atOnce(tabs, () -> api.add(customer, "{\"sku\":\"" + mug.sku() + "\",\"quantity\":1}", tag).statusCode());

        assertThat(statuses).containsOnly(200, 412);
        assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
        assertThat(api.cartJson(customer).get("lines").get(0).get("quantity").asInt()).isEqualTo(2);
    }

    @Test
    void twoFirstAddsAtOnceOpenOneCartHoldingBoth() throws Exception {
        UUID customer = UUID.randomUUID();
        CatalogProductMother mug = api.listed(euros(1000));
        int tabs = 4;
        List<Integer> statuses = atOnce(tabs, () -> api.add(customer, mug.sku(), 1).statusCode());

        assertThat(statuses).containsOnly(200);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM cart WHERE customer_id = ?", Integer.class, customer))
                .isOne();
        assertThat(api.cartJson(customer).get("lines").get(0).get("quantity").asInt()).isEqualTo(tabs);
    }

    /** Runs {@code request} from {@code tabs} threads released together by a barrier; their status codes. */
    private static List<Integer> atOnce(int tabs, Callable<Integer> request) throws Exception {
        CyclicBarrier together = new CyclicBarrier(tabs);
        ExecutorService pool = Executors.newFixedThreadPool(tabs);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < tabs; i++) {
                answers.add(pool.submit(() -> {
                    together.await();
                    return request.call();
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onlyTheCustomerReachesTheCartAndOperatorsWithCartsReadMayReadIt() {
        UUID owner = UUID.randomUUID();
        CatalogProductMother mug = api.listed(euros(1000));
        api.add(owner, mug.sku(), 1);
        Caller stranger = new Caller(UUID.randomUUID().toString(), Set.of());
        Caller support = new Caller("support-console", Set.of("carts:read"));

        assertThat(shoppingCarts.view(owner, new Caller(owner.toString(), Set.of())).lines()).hasSize(1);
        assertThatThrownBy(() -> shoppingCarts.view(owner, stranger)).isInstanceOf(CartNotFoundException.class);
        assertThatThrownBy(() -> shoppingCarts.add(owner, stranger, null, mug.sku(), 1))
                .isInstanceOf(CartNotFoundException.class);
        assertThatThrownBy(() -> shoppingCarts.remove(owner, stranger, null, mug.sku()))
                .isInstanceOf(CartNotFoundException.class);
        assertThat(shoppingCarts.view(owner, support).lines()).hasSize(1);
        assertThatThrownBy(() -> shoppingCarts.add(owner, support, null, mug.sku(), 1))
                .as("carts:read reads, it does not write").isInstanceOf(CartNotFoundException.class);
        assertThatThrownBy(() -> shoppingCarts.view(owner, Caller.anonymous())).isInstanceOf(CartNotFoundException.class);
        assertThat(shoppingCarts.view(owner, new Caller(owner.toString(), Set.of())).lines().get(0).quantity())
                .isEqualTo(1);
    }

    @Test
    void overHttpAnotherCustomersCartIsNotFoundAndOnlyOperatorsWithCartsReadMayReadIt() {
        UUID owner = UUID.randomUUID();
        CatalogProductMother mug = api.listed(euros(1000));
        api.add(owner, mug.sku(), 1);
        String path = "/api/v1/cart/" + owner;
        String add = "{\"sku\":\"" + mug.sku() + "\",\"quantity\":5}";
        String someoneElse = TestTokens.customer(UUID.randomUUID());

        api.problem(api.sendAs(path, someoneElse, "GET", null), 404, "urn:commerce:problem:not-found");
        api.problem(api.sendAs(path + "/add", someoneElse, "POST", add), 404, "urn:commerce:problem:not-found");
        api.problem(api.sendAs(path + "/promo", someoneElse, "DELETE", null), 404, "urn:commerce:problem:not-found");
        api.problem(api.sendAs(path, null, "GET", null), 401, "urn:commerce:problem:unauthorized");
        api.problem(api.sendAs(path + "/add", null, "POST", add), 401, "urn:commerce:problem:unauthorized");
        String support = TestTokens.client("support-console", "carts:read");
        HttpResponse<String> read = api.sendAs(path, support, "GET", null);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(api.json(read).get("lines").size()).isOne();
        api.problem(api.sendAs(path + "/add", support, "POST", add), 404, "urn:commerce:problem:not-found");

        assertThat(api.cartJson(owner).get("lines").get(0).get("quantity").asInt()).isEqualTo(1);
    }

    @Test
    void anIdleCartExpiresAndIsPublishedAsAbandonedAndAnActiveOneStays() {
        UUID idle = UUID.randomUUID();
        UUID active = UUID.randomUUID();
        CatalogProductMother mug = api.listed(euros(1000));
        api.add(idle, mug.sku(), 1);
        api.add(active, mug.sku(), 1);
        UUID idleCart = UUID.fromString(api.cartJson(idle).get("cartId").asString());
        UUID activeCart = UUID.fromString(api.cartJson(active).get("cartId").asString());
        jdbc.update("UPDATE cart SET updated_at = now() - interval '2 hours' WHERE id = ?", idleCart);
        jdbc.update("UPDATE cart SET updated_at = now() - interval '50 minutes' WHERE id = ?", activeCart);

        await().atMost(CartApi.PATIENCE).until(() -> jdbc.queryForObject("SELECT status FROM cart WHERE id = ?",
                String.class, idleCart).equals("ABANDONED"));
        ConsumerRecord<String, byte[]> abandoned = TopicRecords.awaitRecord(Topics.CART_EVENTS,
                record -> idleCart.toString().equals(record.key())
                        && "cart.CartAbandoned.v1".equals(TopicRecords.header(record, "ce_type")), CartApi.PATIENCE);
        com.example.commerce.events.cart.CartAbandoned event = json.readValue(abandoned.value(),
                com.example.commerce.events.cart.CartAbandoned.class);
        assertThat(event.customerId()).isEqualTo(idle);
        assertThat(event.items()).isEqualTo(1);
        assertThat(event.value()).isEqualTo(euros(1000));

        assertThat(jdbc.queryForObject("SELECT status FROM cart WHERE id = ?", String.class, activeCart))
                .as("idle for less than the timeout").isEqualTo("OPEN");
        JsonNode fresh = api.cartJson(idle);
        assertThat(fresh.get("lines").size()).as("the customer starts afresh").isZero();
        assertThat(api.add(idle, mug.sku(), 1).statusCode()).isEqualTo(200);
        assertThat(api.cartJson(idle).get("cartId").asString()).isNotEqualTo(idleCart.toString());
    }
}
