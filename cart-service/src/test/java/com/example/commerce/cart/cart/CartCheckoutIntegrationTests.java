package com.example.commerce.cart.cart;

import static com.example.commerce.testing.CatalogProductMother.euros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.cart.CartApi;
import com.example.commerce.events.EventTypes;
import com.example.commerce.events.Topics;
import com.example.commerce.events.cart.CartCheckedOut;
import com.example.commerce.events.order.OrderPlaced;
import com.example.commerce.events.shared.Address;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shared.OrderLine;
import com.example.commerce.testing.ServiceIntegrationTest;
import com.example.commerce.testing.TopicRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** OrderPlaced with a cartId (real order.events) takes the ordered lines out of that cart, once. */
@ServiceIntegrationTest
class CartCheckoutIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Address ADDRESS = new Address("1 Main Street", null, "Berlin", "10115", "DE");

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

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
    void theOrderedLinesLeaveTheCartWhichIsCheckedOutOnceEmptyAndCartCheckedOutIsPublished() throws Exception {
        String mug = api.listed(euros(1200)).sku();
        String cup = api.listed(euros(500)).sku();
        UUID customer = UUID.randomUUID();
        api.add(customer, mug, 2);
        api.add(customer, cup, 1);
        UUID cartId = cartIdOf(customer);
        OrderPlaced placed = placed(customer, cartId, null, line(mug, 2, 1200), line(cup, 1, 500));

        awaitProcessed(api.feed().publish(placed));

        assertThat(statusOf(cartId)).isEqualTo("CHECKED_OUT");
        JsonNode shown = api.cartJson(customer);
        assertThat(shown.get("lines").size()).as("the customer's next cart is empty").isZero();
        assertThat(shown.get("cartId").isNull()).isTrue();
        ConsumerRecord<String, byte[]> record = TopicRecords.awaitRecord(Topics.CART_EVENTS,
                candidate -> cartId.toString().equals(candidate.key())
                        && EventTypes.typeOf(CartCheckedOut.class).equals(TopicRecords.header(candidate, "ce_type")),
                PATIENCE);
        CartCheckedOut checkedOut = json.readValue(record.value(), CartCheckedOut.class);
        assertThat(checkedOut.cartId()).isEqualTo(cartId);
        assertThat(checkedOut.customerId()).isEqualTo(customer);
        assertThat(checkedOut.orderId()).isEqualTo(placed.orderId());
        assertThat(checkedOut.lines()).isEqualTo(placed.lines());
        assertThat(checkedOut.total()).isEqualTo(placed.total());
    }

    @Test
    void linesAndUnitsAddedAfterTheOrderWasPlacedStayInTheOpenCart() {
        String mug = api.listed(euros(1200)).sku();
        String cup = api.listed(euros(500)).sku();
        UUID customer = UUID.randomUUID();
        api.add(customer, mug, 2);
        UUID cartId = cartIdOf(customer);
        OrderPlaced placed = placed(customer, cartId, null, line(mug, 2, 1200));
        api.add(customer, mug, 1);
        api.add(customer, cup, 3);

        awaitProcessed(api.feed().publish(placed));

        assertThat(statusOf(cartId)).as("something is left: the cart stays open").isEqualTo("OPEN");
        assertThat(linesOf(customer)).isEqualTo(Map.of(mug, 1, cup, 3));
        assertThat(cartIdOf(customer)).isEqualTo(cartId);
    }

    @Test
    void thePromotionTheOrderUsedStaysRedeemedAndIsNoLongerTheCartsToGiveBack() {
        String mug = api.listed(euros(1200)).sku();
        String cup = api.listed(euros(500)).sku();
        String code = ("Final-" + UUID.randomUUID().toString().substring(0, 8)).toUpperCase();
        assertThat(api.post("/api/v1/promotions", """
                {"code":"%s","kind":"PERCENTAGE","percentOff":10,"validFrom":"2026-01-01T00:00:00Z","redemptionLimit":5}"""
                .formatted(code)).statusCode()).isEqualTo(201);
        UUID customer = UUID.randomUUID();
        api.add(customer, mug, 1);
        assertThat(api.applyPromo(customer, code).statusCode()).isEqualTo(200);
        assertThat(redemptions(code)).as("claimed while the cart holds it").isOne();
        UUID cartId = cartIdOf(customer);
        OrderPlaced placed = placed(customer, cartId, code, line(mug, 1, 1200));
        api.add(customer, cup, 1);

        UUID eventId = api.feed().publish(placed);
        awaitProcessed(eventId);

        assertThat(redemptions(code)).as("redeemed by the order").isOne();
        assertThat(api.cartJson(customer).get("promo").isNull()).as("the open cart no longer holds the code").isTrue();
        assertThat(api.removePromo(customer).statusCode()).isEqualTo(200);
        assertThat(redemptions(code)).as("dropping the code from the cart gives nothing back").isOne();
        jdbc.update("UPDATE cart SET updated_at = now() - interval '2 hours' WHERE id = ?", cartId);
        await().atMost(PATIENCE).until(() -> "ABANDONED".equals(statusOf(cartId)));
        assertThat(redemptions(code)).as("expiry of the cart gives nothing back either").isOne();
        assertThat(jdbc.queryForObject("SELECT promo_code FROM cart_checkout WHERE order_id = ?", String.class,
                placed.orderId())).isEqualTo(code);
    }

    @Test
    void aCodeTheCartDroppedAfterTheOrderWasPlacedIsCountedForTheOrder() {
        String mug = api.listed(euros(1200)).sku();
        String code = ("Late-" + UUID.randomUUID().toString().substring(0, 8)).toUpperCase();
        assertThat(api.post("/api/v1/promotions", """
                {"code":"%s","kind":"PERCENTAGE","percentOff":10,"validFrom":"2026-01-01T00:00:00Z","redemptionLimit":5}"""
                .formatted(code)).statusCode()).isEqualTo(201);
        UUID customer = UUID.randomUUID();
        api.add(customer, mug, 1);
        api.applyPromo(customer, code);
        UUID cartId = cartIdOf(customer);
        OrderPlaced placed = placed(customer, cartId, code, line(mug, 1, 1200));
        assertThat(api.removePromo(customer).statusCode()).isEqualTo(200);
        assertThat(redemptions(code)).isZero();

        awaitProcessed(api.feed().publish(placed));

        assertThat(redemptions(code)).isOne();
        assertThat(statusOf(cartId)).isEqualTo("CHECKED_OUT");
    }

    @Test
    void anOrderDeliveredTwiceTakesItsLinesOnce() {
        String mug = api.listed(euros(1200)).sku();
        UUID customer = UUID.randomUUID();
        api.add(customer, mug, 5);
        UUID cartId = cartIdOf(customer);
        OrderPlaced placed = placed(customer, cartId, null, line(mug, 2, 1200));

        UUID eventId = api.feed().publish(placed);
        api.feed().publish(eventId, placed);
        UUID republished = api.feed().publish(placed);

        awaitProcessed(republished);
        assertThat(linesOf(customer)).isEqualTo(Map.of(mug, 3));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND event_type = ?",
                Integer.class, cartId.toString(), EventTypes.typeOf(CartCheckedOut.class))).isOne();
    }

    @Test
    void anOrderWithoutACartOrForAnotherCustomersCartTakesNothing() {
        String mug = api.listed(euros(1200)).sku();
        UUID customer = UUID.randomUUID();
        api.add(customer, mug, 2);
        UUID cartId = cartIdOf(customer);

        UUID withoutCart = api.feed().publish(placed(customer, null, null, line(mug, 2, 1200)));
        OrderPlaced someoneElses = placed(UUID.randomUUID(), cartId, null, line(mug, 2, 1200));
        UUID foreign = api.feed().publish(someoneElses);

        awaitProcessed(withoutCart);
        awaitProcessed(foreign);
        assertThat(linesOf(customer)).isEqualTo(Map.of(mug, 2));
        assertThat(statusOf(cartId)).isEqualTo("OPEN");
        assertThat(jdbc.queryForObject("SELECT outcome FROM cart_checkout WHERE order_id = ?", String.class,
                someoneElses.orderId())).isEqualTo("NOT_THE_CUSTOMERS");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND event_type = ?",
                Integer.class, cartId.toString(), EventTypes.typeOf(CartCheckedOut.class))).isZero();
    }

    @Test
    void anOrderNamingAnUnknownOrAnAbandonedCartTakesNothing() {
        String mug = api.listed(euros(1200)).sku();
        UUID customer = UUID.randomUUID();
        api.add(customer, mug, 2);
        UUID cartId = cartIdOf(customer);
        jdbc.update("UPDATE cart SET updated_at = now() - interval '2 hours' WHERE id = ?", cartId);
        await().atMost(PATIENCE).until(() -> "ABANDONED".equals(statusOf(cartId)));
        OrderPlaced fromAbandoned = placed(customer, cartId, null, line(mug, 2, 1200));
        OrderPlaced fromUnknown = placed(customer, UUID.randomUUID(), null, line(mug, 2, 1200));

        awaitProcessed(api.feed().publish(fromAbandoned));
        awaitProcessed(api.feed().publish(fromUnknown));

        assertThat(outcomeOf(fromAbandoned)).isEqualTo("CART_CLOSED");
        assertThat(outcomeOf(fromUnknown)).isEqualTo("UNKNOWN_CART");
        assertThat(statusOf(cartId)).isEqualTo("ABANDONED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM cart_line WHERE cart_id = ?", Integer.class, cartId))
                .as("the abandoned cart keeps its lines").isOne();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_type = ? AND aggregate_id IN (?, ?)",
                Integer.class, EventTypes.typeOf(CartCheckedOut.class), cartId.toString(),
                fromUnknown.cartId().toString())).isZero();
    }

    private String outcomeOf(OrderPlaced placed) {
        return jdbc.queryForObject("SELECT outcome FROM cart_checkout WHERE order_id = ?", String.class,
                placed.orderId());
    }

    private static OrderLine line(String sku, int quantity, long unitPrice) {
        return new OrderLine(sku, quantity, new Money(unitPrice, "EUR"));
    }

    private static OrderPlaced placed(UUID customer, UUID cartId, String promoCode, OrderLine... lines) {
        long sum = List.of(lines).stream().mapToLong(line -> line.lineTotal().amountMinor()).sum();
        Money discount = promoCode == null ? null : new Money(sum / 10, "EUR");
        Money total = new Money(sum - (discount == null ? 0 : discount.amountMinor()), "EUR");
        return new OrderPlaced(UUID.randomUUID(), customer, List.of(lines), total, ADDRESS, false, cartId,
                UUID.randomUUID(), discount, promoCode, Instant.now());
    }

    private UUID cartIdOf(UUID customer) {
        return UUID.fromString(api.cartJson(customer).get("cartId").asString());
    }

    private Map<String, Integer> linesOf(UUID customer) {
        JsonNode lines = api.cartJson(customer).get("lines");
        return java.util.stream.StreamSupport.stream(lines.spliterator(), false)
                .collect(Collectors.toMap(line -> line.get("sku").asString(), line -> line.get("quantity").asInt()));
    }

    private String statusOf(UUID cartId) {
        return jdbc.queryForObject("SELECT status FROM cart WHERE id = ?", String.class, cartId);
    }

    private int redemptions(String code) {
        return jdbc.queryForObject("SELECT redemptions FROM promotion WHERE code = ?", Integer.class, code);
    }

    private void awaitProcessed(UUID eventId) {
        await("order event %s processed".formatted(eventId)).atMost(PATIENCE).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox_message WHERE consumer = ? AND event_id = ?", Integer.class,
                OrderEventsListener.CONSUMER, eventId) == 1);
    }
}
