package com.example.commerce.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.commerce.events.backorder.PurchaseOrderPlaced;
import com.example.commerce.events.catalog.ProductCreated;
import com.example.commerce.events.inventory.StockLevelChanged;
import com.example.commerce.events.order.OrderPlaced;
import com.example.commerce.events.shared.Money;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class EventTypesTests {

    private static final String TYPE_NAME = "^[a-z]+\\.[A-Z][A-Za-z]+\\.v[0-9]+$";

    @Test
    void everyTypeNameIsAContextAnEventNameAndAVersion() {
        assertThat(EventTypes.all()).isNotEmpty().allSatisfy(type -> assertThat(type).matches(TYPE_NAME));
    }

    @Test
    void typeNamesNeverContainJavaPackageOrClassNames() {
        assertThat(EventTypes.all()).allSatisfy(type -> assertThat(type)
                .doesNotContain("com.", "example", "events.", "$", "Event."));
    }

    @Test
    void typeNamesAndClassesCorrespondOneToOne() {
        Set<Class<? extends IntegrationEvent>> classes = EventTypes.all().stream()
                .map(type -> EventTypes.classOf(type).orElseThrow())
                .collect(Collectors.toSet());

        assertThat(classes).hasSameSizeAs(EventTypes.all());
        assertThat(EventTypes.all()).allSatisfy(type ->
                assertThat(EventTypes.typeOf(EventTypes.classOf(type).orElseThrow())).isEqualTo(type));
    }

    @Test
    void knowsTheWholeEventCatalogue() {
        assertThat(EventTypes.all()).hasSize(41)
                .contains("catalog.ProductCreated.v1", "customer.CustomerErased.v1", "cart.CartCheckedOut.v1",
                        "order.OrderPlaced.v1", "inventory.StockReserved.v1", "payment.PaymentAuthorized.v1",
                        "shipping.ShipmentDelivered.v1", "shipping.ShipmentCancelled.v1", "backorder.BackorderFulfilled.v1");
        assertThat(EventTypes.typeOf(OrderPlaced.class)).isEqualTo("order.OrderPlaced.v1");
        assertThat(EventTypes.classOf("catalog.ProductCreated.v1")).contains(ProductCreated.class);
    }

    @Test
    void everyEventRecordOnTheClasspathIsRegistered() throws IOException, URISyntaxException {
        assertThat(eventClassesInThisModule())
                .hasSameSizeAs(EventTypes.all())
                .allSatisfy(eventClass -> assertThat(EventTypes.typeOf(eventClass)).isNotBlank());
    }

    @Test
    void aTypeNameStartsWithTheContextWhosePackageHoldsItsClass() {
        assertThat(EventTypes.all()).allSatisfy(type -> {
            String context = type.substring(0, type.indexOf('.'));
            assertThat(EventTypes.classOf(type).orElseThrow().getPackageName())
                    .isEqualTo("com.example.commerce.events." + context);
        });
    }

    @Test
    void everyTypeGoesToTheEventTopicOfItsContext() {
        assertThat(EventTypes.all()).allSatisfy(type -> assertThat(EventTypes.topicOf(type))
                .isEqualTo(type.substring(0, type.indexOf('.')) + ".events")
                .isIn(Topics.eventTopics()));
        assertThat(EventTypes.topicOf("order.OrderPlaced.v1")).isEqualTo(Topics.ORDER_EVENTS);
        assertThat(EventTypes.topicOf("inventory.StockLevelChanged.v1")).isEqualTo(Topics.INVENTORY_EVENTS);
        assertThat(EventTypes.topicOf("backorder.PurchaseOrderPlaced.v1")).isEqualTo(Topics.BACKORDER_EVENTS);
        assertThat(EventTypes.topicOf(EventTypes.typeOf(PurchaseOrderPlaced.class))).isEqualTo("backorder.events");
    }

    @Test
    void everyEventTopicCarriesAtLeastOneType() {
        assertThat(EventTypes.all().stream().map(EventTypes::topicOf).distinct())
                .containsExactlyInAnyOrderElementsOf(Topics.eventTopics());
    }

    @Test
    void anUnknownTypeHasNoClass() {
        assertThat(EventTypes.classOf("order.OrderPlaced.v99")).isEmpty();
        assertThat(EventTypes.classOf("order.OrderShipped.v1")).isEmpty();
        assertThat(EventTypes.classOf("com.example.commerce.events.order.OrderPlaced")).isEmpty();
        assertThat(EventTypes.classOf("")).isEmpty();
        assertThat(EventTypes.classOf(null)).isEmpty();
    }

    @Test
    void refusesTheTypeOfAClassThatIsNotARegisteredEvent() {
        for (Class<?> notAnEvent : List.of(String.class, Money.class, IntegrationEvent.class)) {
            assertThatIllegalArgumentException().isThrownBy(() -> EventTypes.typeOf(notAnEvent))
                    .withMessageContaining(notAnEvent.getName());
        }
    }

    @Test
    void refusesTheTopicOfAnUnknownType() {
        assertThatIllegalArgumentException().isThrownBy(() -> EventTypes.topicOf("order.OrderPlaced.v99"));
        assertThatIllegalArgumentException().isThrownBy(() -> EventTypes.topicOf("orders"));
        assertThatIllegalArgumentException().isThrownBy(() -> EventTypes.topicOf(null));
    }

    @Test
    void theSetOfTypesCannotBeChanged() {
        assertThatThrownBy(() -> EventTypes.all().add("order.Sneaky.v1"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(EventTypes.classOf(EventTypes.typeOf(StockLevelChanged.class))).contains(StockLevelChanged.class);
    }

    /** The concrete {@link IntegrationEvent} classes compiled from this module's main sources. */
    static List<Class<?>> eventClassesInThisModule() throws IOException, URISyntaxException {
        Path classes = Path.of(IntegrationEvent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(classes)) {
            return files.map(classes::relativize)
                    .map(Path::toString)
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .map(name -> name.substring(0, name.length() - ".class".length()))
                    .map(name -> name.replace('/', '.').replace('\\', '.'))
                    .map(EventTypesTests::load)
                    .filter(type -> IntegrationEvent.class.isAssignableFrom(type) && !type.isInterface())
                    .toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
