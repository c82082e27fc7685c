package com.example.commerce.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.commerce.events.cart.ItemAddedToCart;
import com.example.commerce.events.customer.CustomerRegisteredV2;
import com.example.commerce.events.customer.CustomerUpdated;
import com.example.commerce.events.customer.CustomerUpdatedV2;
import com.example.commerce.events.inventory.StockLevelChanged;
import com.example.commerce.events.order.OrderBackordered;
import com.example.commerce.events.order.OrderPlaced;
import com.example.commerce.events.shared.Address;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shared.OrderLine;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shape every event record shares, checked against its golden fixture. */
class EventRecordsTests {

    /** The only components an event may leave null. */
    private static final Map<String, Set<String>> NULLABLE = Map.ofEntries(
            Map.entry("catalog.ProductCreated.v1", Set.of("brand", "categoryPath")),
            Map.entry("catalog.ProductUpdated.v1", Set.of("description", "brand", "categoryPath")),
            Map.entry("shipping.ShipmentCreated.v1", Set.of("trackingNumber")),
            Map.entry("payment.PaymentSettlementFailed.v1", Set.of("reason")),
            Map.entry("inventory.StockLevelChanged.v1", Set.of("onHand", "availability", "version")),
            Map.entry("cart.CartAbandoned.v1", Set.of("items", "value")),
            Map.entry("order.OrderPlaced.v1", Set.of("cartId", "paymentMethodId", "discount", "promoCode")),
            Map.entry("inventory.StockReserved.v1", Set.of("customerId", "total", "paymentMethodId")),
            Map.entry("order.OrderConfirmed.v1", Set.of("lines", "shippingAddress")),
            Map.entry("order.OrderBackordered.v1", Set.of("lines")),
            Map.entry("backorder.PurchaseOrderPlaced.v1", Set.of("poNumber", "outcome", "confirmedQuantity", "expectedShipAt")));

    private static final Instant NOW = Instant.parse("2026-11-22T10:15:30Z");
    private static final Money PRICE = new Money(1299, "EUR");
    private static final Address ADDRESS = new Address("Lindenstrasse 12", null, "Berlin", "10969", "DE");

    @ParameterizedTest
    @MethodSource("com.example.commerce.events.GoldenFixtures#types")
    void startsWithItsKeyAndEndsWithWhenItOccurred(String type) {
        Class<? extends IntegrationEvent> eventClass = GoldenFixtures.classOf(type);
        RecordComponent[] components = eventClass.getRecordComponents();

        assertThat(eventClass.isRecord()).isTrue();
        assertThat(eventClass.getSimpleName()).doesNotEndWith("Event");
        assertThat(components[0].getName()).isEqualTo(GoldenFixtures.keyPropertyOf(type));
        assertThat(components[components.length - 1].getName()).isEqualTo("occurredAt");
        assertThat(components[components.length - 1].getType()).isEqualTo(Instant.class);
    }

    @ParameterizedTest
    @MethodSource("com.example.commerce.events.GoldenFixtures#types")
    void refusesNullForEveryRequiredComponent(String type) throws ReflectiveOperationException {
        IntegrationEvent event = GoldenFixtures.event(type);
        RecordComponent[] components = event.getClass().getRecordComponents();
        Constructor<?> canonical = canonicalConstructorOf(event.getClass());

        for (int i = 0; i < components.length; i++) {
            if (components[i].getType().isPrimitive()) {
                continue;
            }
            Object[] arguments = valuesOf(event);
            arguments[i] = null;
            String name = components[i].getName();
            if (NULLABLE.getOrDefault(type, Set.of()).contains(name)) {
                assertThat(canonical.newInstance(arguments)).as("%s without %s", type, name).isNotNull();
            } else {
                assertThatThrownBy(() -> canonical.newInstance(arguments))
                        .as("%s with %s null", type, name)
                        .isInstanceOf(InvocationTargetException.class)
                        .cause().isInstanceOf(NullPointerException.class).hasMessage(name);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("com.example.commerce.events.GoldenFixtures#types")
    void holdsItsListsAsUnmodifiableCopies(String type) throws ReflectiveOperationException {
        IntegrationEvent event = GoldenFixtures.event(type);
        for (RecordComponent component : event.getClass().getRecordComponents()) {
            if (component.getType() == List.class) {
                List<?> list = (List<?>) component.getAccessor().invoke(event);
                assertThatThrownBy(() -> list.add(null)).isInstanceOf(UnsupportedOperationException.class);
            }
        }
    }

    @Test
    void changingTheListItWasBuiltFromDoesNotChangeAnEvent() {
        List<OrderLine> lines = new ArrayList<>(List.of(new OrderLine("MUG-CERAMIC-350", 2, PRICE)));
        OrderPlaced placed = new OrderPlaced(UUID.randomUUID(), UUID.randomUUID(), lines, PRICE.times(2), ADDRESS,
                false, NOW);

        lines.add(new OrderLine("TEE-ORG-M-BLK", 1, PRICE));

        assertThat(placed.lines()).hasSize(1);
    }

    @Test
    void theSecondCustomerEventsCarryNoPersonalData() {
        for (Class<?> v2 : List.of(CustomerRegisteredV2.class, CustomerUpdatedV2.class)) {
            assertThat(Arrays.stream(v2.getRecordComponents()).map(RecordComponent::getName))
                    .as(v2.getSimpleName())
                    .doesNotContain("email", "displayName", "password", "address", "name");
        }
        // The first versions did carry them: v2 is the change, not an accident of naming.
        assertThat(Arrays.stream(CustomerUpdated.class.getRecordComponents()).map(RecordComponent::getName))
                .contains("email", "displayName");
    }

    @Test
    void aCustomerUpdateNamesAtLeastOneChangedFieldEachOnce() {
        UUID id = UUID.randomUUID();
        assertThatIllegalArgumentException().isThrownBy(() -> new CustomerUpdatedV2(id, List.of(), false, "en", "EUR", NOW));
        assertThatIllegalArgumentException().isThrownBy(() -> new CustomerUpdatedV2(id, List.of(" "), false, "en", "EUR", NOW));
        assertThatIllegalArgumentException().isThrownBy(() -> new CustomerUpdatedV2(
                id, List.of("language", "language"), false, "en", "EUR", NOW));
        assertThatIllegalArgumentException().isThrownBy(() -> new CustomerUpdatedV2(
                id, List.of("language"), false, "en", "euro", NOW));
        assertThatIllegalArgumentException().isThrownBy(() -> new CustomerRegisteredV2(id, false, "", "EUR", NOW));
        assertThat(new CustomerUpdatedV2(id, List.of("language"), false, "de-CH", "EUR", NOW).aggregateId())
                .isEqualTo(id.toString());
    }

    @Test
    void anOrderNeedsAtLeastOneLine() {
        assertThatIllegalArgumentException().isThrownBy(() -> new OrderPlaced(
                UUID.randomUUID(), UUID.randomUUID(), List.of(), PRICE, ADDRESS, false, NOW));
    }

    @Test
    void aBackorderNeedsAtLeastOneShortage() {
        assertThatIllegalArgumentException().isThrownBy(() -> new OrderBackordered(UUID.randomUUID(), List.of(), NOW));
    }

    @Test
    void aListMustNotHoldNull() {
        List<OrderLine> lines = Arrays.asList(new OrderLine("MUG-CERAMIC-350", 1, PRICE), null);
        assertThatThrownBy(() -> new OrderPlaced(UUID.randomUUID(), UUID.randomUUID(), lines, PRICE, ADDRESS, true,
                NOW)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void anItemAddedToACartHasAPositiveQuantity() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ItemAddedToCart(
                UUID.randomUUID(), UUID.randomUUID(), "MUG-CERAMIC-350", 0, PRICE, NOW));
    }

    @Test
    void stockLevelsAreNeverNegative() {
        assertThatIllegalArgumentException().isThrownBy(() -> new StockLevelChanged("MUG-CERAMIC-350", -1, 0, NOW));
        assertThatIllegalArgumentException().isThrownBy(() -> new StockLevelChanged("MUG-CERAMIC-350", 0, -1, NOW));
        assertThat(new StockLevelChanged("MUG-CERAMIC-350", 0, 0, NOW).aggregateId()).isEqualTo("MUG-CERAMIC-350");
    }

    @Test
    void aStockLevelKeepsOnHandEqualToAvailablePlusReservedAndNamesAKnownAvailability() {
        assertThatIllegalArgumentException().isThrownBy(() -> new StockLevelChanged("MUG-CERAMIC-350", 3, 1, 5, "IN_STOCK", 1L, NOW))
                .withMessageContaining("onHand must be available + reserved");
        assertThatIllegalArgumentException().isThrownBy(() -> new StockLevelChanged("MUG-CERAMIC-350", 3, 1, 4, "PLENTY", 1L, NOW))
                .withMessageContaining("availability");
        assertThat(new StockLevelChanged("MUG-CERAMIC-350", 3, 1, 4, "LOW", 1L, NOW).onHand()).isEqualTo(4);
    }

    @Test
    void aBlankSkuIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new StockLevelChanged(" ", 1, 0, NOW));
    }

    @Test
    void theAggregateIdOfASagaEventIsTheOrderId() {
        UUID orderId = UUID.fromString("5f0c3d2e-8b7a-4c69-9d1e-2a3b4c5d6e7f");
        OrderPlaced placed = new OrderPlaced(orderId, UUID.randomUUID(),
                List.of(new OrderLine("MUG-CERAMIC-350", 1, PRICE)), PRICE, ADDRESS, false, NOW);

        assertThat(placed.aggregateId()).isEqualTo("5f0c3d2e-8b7a-4c69-9d1e-2a3b4c5d6e7f");
    }

    private static Constructor<?> canonicalConstructorOf(Class<?> recordClass) throws NoSuchMethodException {
        Class<?>[] types = Arrays.stream(recordClass.getRecordComponents())
                .map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
        return recordClass.getDeclaredConstructor(types);
    }

    private static Object[] valuesOf(Record event) throws ReflectiveOperationException {
        RecordComponent[] components = event.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = components[i].getAccessor().invoke(event);
        }
        return values;
    }

    private static Object[] valuesOf(IntegrationEvent event) throws ReflectiveOperationException {
        return valuesOf((Record) event);
    }
}
