package com.example.commerce.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.stack.api.Shop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.assertj.core.api.SoftAssertions;
import tools.jackson.databind.JsonNode;

/**
 * The saga's invariants (DESIGN.md §4) over every order a test class placed and every SKU it stocked, checked
 * against each service's own view and the partners' ledgers:
 * I1 available stock never negative; I2 stock conserved (initial = available + reserved + shipped);
 * I3 every order in exactly one terminal state; I4 at most one capture per order, and captured - refunded equals
 * the value of the delivered orders, at the provider and in our ledger alike; I5 every cancelled order
 * compensated (nothing reserved, every authorisation voided or refunded); I7 a delivered order has a capture and
 * a delivered shipment.
 */
final class SagaInvariants {

    private final Shop shop;
    private final Map<String, Integer> initialStock = new ConcurrentHashMap<>();
    private final Set<String> orders = ConcurrentHashMap.newKeySet();
    private final Map<String, JsonNode> views = new ConcurrentHashMap<>();

    SagaInvariants(Shop shop) {
        this.shop = shop;
    }

    /** A new SKU in the catalogue with {@code onHand} units in stock. */
    String stock(int onHand, long priceMinor) {
        String sku = "SAGA-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        shop.stockNewProduct(sku, priceMinor, onHand);
        initialStock.put(sku, onHand);
        return sku;
    }

    /** Places an order of explicit lines (retrying until the order service's catalogue knows the SKUs). */
    String place(String token, Map<String, Integer> lines, String paymentMethodId, String addressJson) {
        String orderId = shop.placeOrderOnceKnown(token, Shop.orderOfLines(lines, paymentMethodId, addressJson));
        track(orderId);
        return orderId;
    }

    void track(String orderId) {
        orders.add(orderId);
    }

    List<String> tracked() {
        return new ArrayList<>(orders);
    }

    /** Whether an order holds the SKU (from its view, read once: lines never change). */
    boolean isOfSku(String orderId, String sku) {
        return view(orderId).path("lines").toString().contains("\"" + sku + "\"");
    }

    /** A delivered order whose charge the test checked itself (kept for the I4 sum). */
    void delivered(String orderId, long total) {
        assertThat(view(orderId).path("total").path("amountMinor").asLong()).isEqualTo(total);
    }

    void assertAllHold(Duration within) {
        String operator = shop.operator();
        // I3: every order ends, in exactly one state (the order service holds one status per order).
        Map<String, JsonNode> ended = new HashMap<>();
        await().atMost(within).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            for (String orderId : orders) {
                if (!ended.containsKey(orderId)) {
                    JsonNode order = shop.order(operator, orderId).expect(200).json();
                    assertThat(Shop.TERMINAL).as("order %s is %s", orderId, order.path("status").asString())
                            .contains(order.path("status").asString());
                    ended.put(orderId, order);
                }
            }
        });
        SoftAssertions soft = new SoftAssertions();
        long deliveredValue = 0;
        long providerNet = 0;
        long ourNet = 0;
        Map<String, Integer> shipped = new HashMap<>();
        for (JsonNode order : ended.values()) {
            String orderId = order.path("id").asString();
            String status = order.path("status").asString();
            List<String> kinds = SagaSystemTests.kinds(shop.providerLedger(orderId));
            long captured = 0;
            long refunded = 0;
            for (JsonNode operation : shop.providerLedger(orderId)) {
                switch (operation.path("kind").asString()) {
                    case "CAPTURE" -> captured += operation.path("amountMinor").asLong();
                    case "REFUND" -> refunded += operation.path("amountMinor").asLong();
                    default -> { }
                }
            }
            providerNet += captured - refunded;
            JsonNode payment = shop.payment(orderId);
            if (payment != null) {
                ourNet += payment.path("capturedAmount").path("amountMinor").asLong()
                        - payment.path("refundedAmount").path("amountMinor").asLong();
            }
            soft.assertThat(kinds.stream().filter("CAPTURE"::equals).count()).as("I4 captures of %s", orderId)
                    .isLessThanOrEqualTo(1);
            soft.assertThat(kinds.stream().filter("AUTHORIZATION"::equals).count()).as("authorisations of %s", orderId)
                    .isLessThanOrEqualTo(1);
            JsonNode reservation = shop.reservation(orderId);
            String reserved = reservation == null ? "NONE" : reservation.path("status").asString();
            soft.assertThat(reserved).as("I5 reservation of %s order %s", status, orderId).isNotEqualTo("RESERVED");
            if ("COMMITTED".equals(reserved)) {
                order.path("lines").forEach(line ->
                        shipped.merge(line.path("sku").asString(), line.path("quantity").asInt(), Integer::sum));
            }
            if (status.equals("DELIVERED")) {
                deliveredValue += order.path("total").path("amountMinor").asLong();
                soft.assertThat(kinds).as("I7 %s delivered has a capture", orderId).contains("CAPTURE");
                soft.assertThat(shop.shipments(orderId).toString()).as("I7 %s has a delivered shipment", orderId)
                        .contains("DELIVERED");
            } else {
                boolean authorised = kinds.contains("AUTHORIZATION");
                boolean undone = kinds.contains("VOID") || (kinds.contains("CAPTURE") && kinds.contains("REFUND"));
                soft.assertThat(!authorised || undone).as("I5 %s %s authorised %s and not undone", status, orderId, kinds)
                        .isTrue();
            }
        }
        soft.assertThat(providerNet).as("I4 captured - refunded at the provider = value delivered").isEqualTo(deliveredValue);
        soft.assertThat(ourNet).as("I4 captured - refunded in payment-service's ledger = the provider's").isEqualTo(providerNet);
        initialStock.forEach((sku, initial) -> {
            JsonNode stock = shop.stock(sku);
            int available = stock.path("available").asInt();
            int reservedUnits = stock.path("reserved").asInt();
            int onHand = stock.path("onHand").asInt();
            soft.assertThat(available).as("I1 available of %s", sku).isGreaterThanOrEqualTo(0);
            soft.assertThat(reservedUnits).as("nothing of %s stays reserved once every order ended", sku).isZero();
            soft.assertThat(available + reservedUnits + shipped.getOrDefault(sku, 0)).as("I2 stock of %s conserved", sku)
                    .isEqualTo(initial);
            soft.assertThat(onHand).as("on hand of %s = available + reserved", sku).isEqualTo(available + reservedUnits);
        });
        soft.assertAll();
    }

    private JsonNode view(String orderId) {
        return views.computeIfAbsent(orderId, id -> shop.order(shop.operator(), id).expect(200).json());
    }
}
