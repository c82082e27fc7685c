package com.example.commerce.events;

import com.example.commerce.events.backorder.BackorderCreated;
import com.example.commerce.events.backorder.BackorderFailed;
import com.example.commerce.events.backorder.BackorderFulfilled;
import com.example.commerce.events.backorder.PurchaseOrderPlaced;
import com.example.commerce.events.backorder.SupplierShipmentReceived;
import com.example.commerce.events.cart.CartAbandoned;
import com.example.commerce.events.cart.CartCheckedOut;
import com.example.commerce.events.cart.ItemAddedToCart;
import com.example.commerce.events.catalog.PriceChanged;
import com.example.commerce.events.catalog.ProductCreated;
import com.example.commerce.events.catalog.ProductDiscontinued;
import com.example.commerce.events.catalog.ProductUpdated;
import com.example.commerce.events.customer.CustomerErased;
import com.example.commerce.events.customer.CustomerRegistered;
import com.example.commerce.events.customer.CustomerRegisteredV2;
import com.example.commerce.events.customer.CustomerUpdated;
import com.example.commerce.events.customer.CustomerUpdatedV2;
import com.example.commerce.events.inventory.StockCommitted;
import com.example.commerce.events.inventory.StockLevelChanged;
import com.example.commerce.events.inventory.StockReleased;
import com.example.commerce.events.inventory.StockReplenished;
import com.example.commerce.events.inventory.StockReservationFailed;
import com.example.commerce.events.inventory.StockReserved;
import com.example.commerce.events.order.OrderBackordered;
import com.example.commerce.events.order.OrderCancellationRequested;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.order.OrderCompleted;
import com.example.commerce.events.order.OrderConfirmed;
import com.example.commerce.events.order.OrderPlaced;
import com.example.commerce.events.order.OrderRejected;
import com.example.commerce.events.payment.PaymentAuthorized;
import com.example.commerce.events.payment.PaymentCaptured;
import com.example.commerce.events.payment.PaymentDeclined;
import com.example.commerce.events.payment.PaymentRefunded;
import com.example.commerce.events.payment.PaymentSettlementFailed;
import com.example.commerce.events.payment.PaymentVoided;
import com.example.commerce.events.shipping.ShipmentCreated;
import com.example.commerce.events.shipping.ShipmentDelivered;
import com.example.commerce.events.shipping.ShipmentDispatched;
import com.example.commerce.events.shipping.ShipmentCancelled;
import com.example.commerce.events.shipping.ShipmentFailed;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The registry of wire type names: each event record class has exactly one logical, versioned type name
 * such as {@code order.OrderPlaced.v1}, written as {@code <context>.<EventName>.v<version>}.
 *
 * <p>The type name travels with every published record (for instance in a record header) and tells a
 * consumer which record class to read the payload into. Each name is written out here, not derived from
 * the class, so renaming or moving a Java class never changes the wire. A type name holds no Java package
 * or class name; its event name is a contract name that merely starts out equal to the record's name.
 *
 * <p>Versioning: within a version a producer may only add nullable fields, and consumers must ignore fields
 * they do not know. Any other change (removing, renaming or retyping a field, or making it required) is a
 * new version with its own record class and type name, e.g. {@code order.OrderPlaced.v2}, published
 * beside the old one until every consumer has moved. The record class of a later version carries the
 * version as a suffix ({@code CustomerRegisteredV2} for {@code customer.CustomerRegistered.v2}), in the same
 * context package as v1.
 */
public final class EventTypes {

    /** The shape of every type name: context, event name, version. */
    private static final Pattern TYPE_NAME = Pattern.compile("^([a-z]+)\\.([A-Z][A-Za-z]+)\\.v([0-9]+)$");

    private static final Map<String, Class<? extends IntegrationEvent>> CLASSES_BY_TYPE = new LinkedHashMap<>();
    private static final Map<Class<?>, String> TYPES_BY_CLASS = new LinkedHashMap<>();

    private static final Map<String, String> TOPICS_BY_CONTEXT = Map.of(
            "catalog", Topics.CATALOG_EVENTS,
            "customer", Topics.CUSTOMER_EVENTS,
            "cart", Topics.CART_EVENTS,
            "order", Topics.ORDER_EVENTS,
            "inventory", Topics.INVENTORY_EVENTS,
            "payment", Topics.PAYMENT_EVENTS,
            "shipping", Topics.SHIPPING_EVENTS,
            "backorder", Topics.BACKORDER_EVENTS);

    static {
        register("catalog.ProductCreated.v1", ProductCreated.class);
        register("catalog.ProductUpdated.v1", ProductUpdated.class);
        register("catalog.PriceChanged.v1", PriceChanged.class);
        register("catalog.ProductDiscontinued.v1", ProductDiscontinued.class);

        register("customer.CustomerRegistered.v1", CustomerRegistered.class);
        register("customer.CustomerUpdated.v1", CustomerUpdated.class);
        register("customer.CustomerErased.v1", CustomerErased.class);
        // v2 carries no personal data; v1 (email, display name) stays registered so old records still read.
        register("customer.CustomerRegistered.v2", CustomerRegisteredV2.class);
        register("customer.CustomerUpdated.v2", CustomerUpdatedV2.class);

        register("cart.ItemAddedToCart.v1", ItemAddedToCart.class);
        register("cart.CartCheckedOut.v1", CartCheckedOut.class);
        register("cart.CartAbandoned.v1", CartAbandoned.class);

        register("order.OrderPlaced.v1", OrderPlaced.class);
        register("order.OrderConfirmed.v1", OrderConfirmed.class);
        register("order.OrderBackordered.v1", OrderBackordered.class);
        register("order.OrderCancellationRequested.v1", OrderCancellationRequested.class);
        register("order.OrderCancelled.v1", OrderCancelled.class);
        register("order.OrderRejected.v1", OrderRejected.class);
        register("order.OrderCompleted.v1", OrderCompleted.class);

        register("inventory.StockReserved.v1", StockReserved.class);
        register("inventory.StockReservationFailed.v1", StockReservationFailed.class);
        register("inventory.StockReleased.v1", StockReleased.class);
        register("inventory.StockCommitted.v1", StockCommitted.class);
        register("inventory.StockLevelChanged.v1", StockLevelChanged.class);
        register("inventory.StockReplenished.v1", StockReplenished.class);

        register("payment.PaymentAuthorized.v1", PaymentAuthorized.class);
        register("payment.PaymentDeclined.v1", PaymentDeclined.class);
        register("payment.PaymentCaptured.v1", PaymentCaptured.class);
        register("payment.PaymentVoided.v1", PaymentVoided.class);
        register("payment.PaymentRefunded.v1", PaymentRefunded.class);
        register("payment.PaymentSettlementFailed.v1", PaymentSettlementFailed.class);

        register("shipping.ShipmentCreated.v1", ShipmentCreated.class);
        register("shipping.ShipmentDispatched.v1", ShipmentDispatched.class);
        register("shipping.ShipmentDelivered.v1", ShipmentDelivered.class);
        register("shipping.ShipmentFailed.v1", ShipmentFailed.class);
        register("shipping.ShipmentCancelled.v1", ShipmentCancelled.class);

        register("backorder.BackorderCreated.v1", BackorderCreated.class);
        register("backorder.PurchaseOrderPlaced.v1", PurchaseOrderPlaced.class);
        register("backorder.SupplierShipmentReceived.v1", SupplierShipmentReceived.class);
        register("backorder.BackorderFulfilled.v1", BackorderFulfilled.class);
        register("backorder.BackorderFailed.v1", BackorderFailed.class);
    }

    private static final Set<String> ALL = Collections.unmodifiableSet(CLASSES_BY_TYPE.keySet());

    private EventTypes() {
    }

    private static void register(String type, Class<? extends IntegrationEvent> eventClass) {
        var matcher = TYPE_NAME.matcher(type);
        if (!matcher.matches() || !TOPICS_BY_CONTEXT.containsKey(matcher.group(1))) {
            throw new IllegalStateException("malformed event type name: " + type);
        }
        if (CLASSES_BY_TYPE.putIfAbsent(type, eventClass) != null) {
            throw new IllegalStateException("event type registered twice: " + type);
        }
        if (TYPES_BY_CLASS.putIfAbsent(eventClass, type) != null) {
            throw new IllegalStateException("event class registered twice: " + eventClass.getName());
        }
    }

    /**
     * The wire type name of an event class.
     *
     * @throws IllegalArgumentException if the class is not a registered event
     */
    public static String typeOf(Class<?> eventClass) {
        Objects.requireNonNull(eventClass, "eventClass");
        String type = TYPES_BY_CLASS.get(eventClass);
        if (type == null) {
            throw new IllegalArgumentException("not a registered event class: " + eventClass.getName());
        }
        return type;
    }

    /** The record class of a wire type name, or empty for a type this build does not know. */
    public static Optional<Class<? extends IntegrationEvent>> classOf(String type) {
        return type == null ? Optional.empty() : Optional.ofNullable(CLASSES_BY_TYPE.get(type));
    }

    /** Every registered type name, grouped by context, in a stable order. */
    public static Set<String> all() {
        return ALL;
    }

    /**
     * The topic an event type is published on: the event topic of its producing context, which is the
     * type name's prefix ({@code order.OrderPlaced.v1} goes to {@value Topics#ORDER_EVENTS}).
     *
     * @throws IllegalArgumentException if the type is not registered
     */
    public static String topicOf(String type) {
        if (type == null || !CLASSES_BY_TYPE.containsKey(type)) {
            throw new IllegalArgumentException("not a registered event type: " + type);
        }
        return TOPICS_BY_CONTEXT.get(type.substring(0, type.indexOf('.')));
    }
}
