package com.example.commerce.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.commerce.events.cart.CartAbandoned;
import com.example.commerce.events.catalog.ProductCreated;
import com.example.commerce.events.inventory.StockReserved;
import com.example.commerce.events.order.OrderConfirmed;
import com.example.commerce.events.catalog.ProductUpdated;
import com.example.commerce.events.inventory.StockLevelChanged;
import com.example.commerce.events.order.OrderCompleted;
import com.example.commerce.events.order.OrderPlaced;
import com.example.commerce.events.shipping.ShipmentCreated;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Evolution within a version. Consumers must read events with a mapper that ignores unknown properties
 * ({@link GoldenFixtures#CONSUMER_MAPPER}), because the rule is: within a version only add nullable fields.
 * A consumer built against the older record then skips the new field, and one built against the newer
 * record reads {@code null} from an older producer's payload. Anything else is a new version.
 */
class ForwardCompatibilityTests {

    @ParameterizedTest
    @MethodSource("com.example.commerce.events.GoldenFixtures#types")
    void aFieldAddedByANewerProducerIsIgnoredByTheConsumerMapper(String type) {
        ObjectNode payload = (ObjectNode) GoldenFixtures.CONSUMER_MAPPER.readTree(GoldenFixtures.json(type));
        payload.put("addedInALaterRelease", "anything");
        payload.putObject("anotherNewField").put("nested", 42);

        IntegrationEvent event = GoldenFixtures.CONSUMER_MAPPER.readValue(
                GoldenFixtures.CONSUMER_MAPPER.writeValueAsString(payload), GoldenFixtures.classOf(type));

        assertThat(event).isEqualTo(GoldenFixtures.event(type));
    }

    @Test
    void aFieldAddedInsideANestedValueIsIgnoredByTheConsumerMapper() {
        ObjectNode payload = (ObjectNode) GoldenFixtures.CONSUMER_MAPPER.readTree(
                GoldenFixtures.json("order.OrderPlaced.v1"));
        ((ObjectNode) payload.get("shippingAddress")).put("region", "Berlin");
        ((ObjectNode) payload.get("total")).put("displayAmount", "50.97 EUR");

        OrderPlaced event = GoldenFixtures.CONSUMER_MAPPER.readValue(
                GoldenFixtures.CONSUMER_MAPPER.writeValueAsString(payload), OrderPlaced.class);

        assertThat(event).isEqualTo(GoldenFixtures.event("order.OrderPlaced.v1"));
    }

    @Test
    void aMapperThatFailsOnUnknownFieldsRefusesANewerPayloadSoConsumersMustNotUseOne() {
        String json = withAnUnknownField("order.OrderCompleted.v1");

        assertThatThrownBy(() -> GoldenFixtures.STRICT_MAPPER.readValue(json, OrderCompleted.class))
                .isInstanceOf(UnrecognizedPropertyException.class);
    }

    @Test
    void jackson3DefaultsAlreadyIgnoreUnknownFields() {
        // Pins the Jackson 3 default (Jackson 2 failed here); consumers still disable the feature explicitly.
        assertThat(GoldenFixtures.PLAIN_MAPPER.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)).isFalse();
        String json = withAnUnknownField("order.OrderCompleted.v1");

        assertThat(GoldenFixtures.PLAIN_MAPPER.readValue(json, OrderCompleted.class))
                .isEqualTo(GoldenFixtures.event("order.OrderCompleted.v1"));
    }

    @Test
    void aNullableFieldMissingFromAnOlderPayloadReadsAsNull() {
        ObjectNode payload = (ObjectNode) GoldenFixtures.CONSUMER_MAPPER.readTree(
                GoldenFixtures.json("catalog.ProductUpdated.v1"));
        payload.remove("description");

        ProductUpdated event = GoldenFixtures.CONSUMER_MAPPER.readValue(
                GoldenFixtures.CONSUMER_MAPPER.writeValueAsString(payload), ProductUpdated.class);

        assertThat(event.description()).isNull();
        assertThat(event.name()).isEqualTo("Ceramic mug, 350 ml, matt white");
    }

    @Test
    void aStockLevelFromAProducerBeforeOnHandAvailabilityAndVersionReadsThemAsNull() {
        // The payload inventory-service wrote before those three fields were added to v1.
        String older = """
                {"sku": "MUG-CERAMIC-350", "available": 46, "reserved": 2, "occurredAt": "2026-11-22T10:15:31Z"}""";

        StockLevelChanged event = GoldenFixtures.CONSUMER_MAPPER.readValue(older, StockLevelChanged.class);

        assertThat(event).isEqualTo(new StockLevelChanged("MUG-CERAMIC-350", 46, 2,
                java.time.Instant.parse("2026-11-22T10:15:31Z")));
        assertThat(event.onHand()).isNull();
        assertThat(event.availability()).isNull();
        assertThat(event.version()).isNull();
    }

    @Test
    void anAbandonedCartFromAProducerBeforeItemsAndValueReadsThemAsNull() {
        String older = """
                {"cartId":"1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5","customerId":"c2d4e6f8-1a3b-4c5d-8e9f-0a1b2c3d4e5f",
                 "occurredAt":"2026-11-24T02:00:00Z"}""";

        CartAbandoned event = GoldenFixtures.CONSUMER_MAPPER.readValue(older, CartAbandoned.class);

        assertThat(event.items()).isNull();
        assertThat(event.value()).isNull();
        assertThat(event.cartId()).hasToString("1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5");
    }

    @Test
    void catalogueEventsFromBeforeBrandAndCategoryPathReadWithBothNull() {
        // The v1 payloads as they were published before brand and categoryPath were added.
        String created = """
                {"productId":"7b1e4c2a-5d3f-4a8b-9c6e-1f2a3b4c5d6e","sku":"MUG-CERAMIC-350","name":"Ceramic mug, 350 ml",
                 "price":{"amountMinor":1299,"currency":"EUR"},"occurredAt":"2026-11-02T08:30:00Z"}""";
        String updated = """
                {"productId":"7b1e4c2a-5d3f-4a8b-9c6e-1f2a3b4c5d6e","sku":"MUG-CERAMIC-350","name":"Ceramic mug",
                 "description":"Stoneware.","occurredAt":"2026-11-05T14:02:11Z"}""";

        ProductCreated oldCreated = GoldenFixtures.CONSUMER_MAPPER.readValue(created, ProductCreated.class);
        ProductUpdated oldUpdated = GoldenFixtures.CONSUMER_MAPPER.readValue(updated, ProductUpdated.class);

        assertThat(oldCreated.brand()).isNull();
        assertThat(oldCreated.categoryPath()).isNull();
        assertThat(oldCreated.price().amountMinor()).isEqualTo(1299);
        assertThat(oldUpdated.brand()).isNull();
        assertThat(oldUpdated.categoryPath()).isNull();
        assertThat(oldUpdated.description()).isEqualTo("Stoneware.");
    }

    @Test
    void sagaEventsFromBeforeTheirCarriedFieldsReadThemAsNull() {
        // The v1 payloads as they were before the saga added what the next service needs.
        String placed = """
                {"orderId":"5f0c3d2e-8b7a-4c69-9d1e-2a3b4c5d6e7f","customerId":"c2d4e6f8-1a3b-4c5d-8e9f-0a1b2c3d4e5f",
                 "lines":[{"sku":"MUG-CERAMIC-350","quantity":1,"unitPrice":{"amountMinor":1299,"currency":"EUR"}}],
                 "total":{"amountMinor":1299,"currency":"EUR"},
                 "shippingAddress":{"line1":"Lindenstrasse 12","city":"Berlin","postalCode":"10969","country":"DE"},
                 "backorderAllowed":false,"occurredAt":"2026-11-22T10:15:30Z"}""";
        String reserved = """
                {"orderId":"5f0c3d2e-8b7a-4c69-9d1e-2a3b4c5d6e7f",
                 "lines":[{"sku":"MUG-CERAMIC-350","quantity":1,"unitPrice":{"amountMinor":1299,"currency":"EUR"}}],
                 "expiresAt":"2026-11-22T10:30:31Z","occurredAt":"2026-11-22T10:15:31Z"}""";
        String confirmed = """
                {"orderId":"5f0c3d2e-8b7a-4c69-9d1e-2a3b4c5d6e7f","customerId":"c2d4e6f8-1a3b-4c5d-8e9f-0a1b2c3d4e5f",
                 "total":{"amountMinor":1299,"currency":"EUR"},"occurredAt":"2026-11-22T10:15:34Z"}""";

        OrderPlaced oldPlaced = GoldenFixtures.CONSUMER_MAPPER.readValue(placed, OrderPlaced.class);
        StockReserved oldReserved = GoldenFixtures.CONSUMER_MAPPER.readValue(reserved, StockReserved.class);
        OrderConfirmed oldConfirmed = GoldenFixtures.CONSUMER_MAPPER.readValue(confirmed, OrderConfirmed.class);

        assertThat(oldPlaced.cartId()).isNull();
        assertThat(oldPlaced.paymentMethodId()).isNull();
        assertThat(oldPlaced.discount()).isNull();
        assertThat(oldPlaced.promoCode()).isNull();
        assertThat(oldPlaced.total().amountMinor()).isEqualTo(1299);
        assertThat(oldReserved.customerId()).isNull();
        assertThat(oldReserved.total()).isNull();
        assertThat(oldReserved.paymentMethodId()).isNull();
        assertThat(oldConfirmed.lines()).isNull();
        assertThat(oldConfirmed.shippingAddress()).isNull();
        assertThat(oldConfirmed.total().amountMinor()).isEqualTo(1299);
    }

    @Test
    void aNullableFieldWrittenAsNullReadsAsNull() {
        ObjectNode payload = (ObjectNode) GoldenFixtures.CONSUMER_MAPPER.readTree(
                GoldenFixtures.json("shipping.ShipmentCreated.v1"));
        payload.putNull("trackingNumber");

        ShipmentCreated event = GoldenFixtures.CONSUMER_MAPPER.readValue(
                GoldenFixtures.CONSUMER_MAPPER.writeValueAsString(payload), ShipmentCreated.class);

        assertThat(event.trackingNumber()).isNull();
    }

    @Test
    void aPayloadWithoutARequiredFieldIsRefused() {
        ObjectNode payload = (ObjectNode) GoldenFixtures.CONSUMER_MAPPER.readTree(
                GoldenFixtures.json("order.OrderPlaced.v1"));
        payload.remove("customerId");
        String json = GoldenFixtures.CONSUMER_MAPPER.writeValueAsString(payload);

        assertThatThrownBy(() -> GoldenFixtures.CONSUMER_MAPPER.readValue(json, OrderPlaced.class))
                .isInstanceOf(JacksonException.class)
                .hasRootCauseInstanceOf(NullPointerException.class)
                .hasStackTraceContaining("customerId");
    }

    @Test
    void aPayloadBreakingAValueRuleIsRefused() {
        ObjectNode payload = (ObjectNode) GoldenFixtures.CONSUMER_MAPPER.readTree(
                GoldenFixtures.json("order.OrderPlaced.v1"));
        ((ObjectNode) payload.get("total")).put("currency", "eur");
        String json = GoldenFixtures.CONSUMER_MAPPER.writeValueAsString(payload);

        assertThatThrownBy(() -> GoldenFixtures.CONSUMER_MAPPER.readValue(json, OrderPlaced.class))
                .isInstanceOf(JacksonException.class)
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
    }

    private static String withAnUnknownField(String type) {
        ObjectNode payload = (ObjectNode) GoldenFixtures.CONSUMER_MAPPER.readTree(GoldenFixtures.json(type));
        payload.put("addedInALaterRelease", "anything");
        return GoldenFixtures.CONSUMER_MAPPER.writeValueAsString(payload);
    }
}
