package com.example.commerce.customer.notification;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.backorder.PurchaseOrderPlaced;
import com.example.commerce.events.order.OrderBackordered;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.order.OrderConfirmed;
import com.example.commerce.events.order.OrderPlaced;
import com.example.commerce.events.payment.PaymentCaptured;
import com.example.commerce.events.payment.PaymentRefunded;
import com.example.commerce.events.shipping.ShipmentCreated;
import com.example.commerce.events.shipping.ShipmentDelivered;
import com.example.commerce.events.shipping.ShipmentDispatched;
import com.example.commerce.starter.inbox.ReceivedEvent;
import com.example.commerce.starter.work.WorkQueue;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the saga's events into emails to send: in the inbox's transaction of each event it keeps what the emails
 * will need (the order's customer and total, the tracking number, captured money, suppliers' dates) and writes the
 * notification row with its work row for the {@link EmailRelay}. A redelivered event finds its (order, kind) row
 * and writes nothing; an event no email is about changes nothing.
 */
@Service
public class OrderNotifications {

    /** The relay's kind of work. */
    public static final String WORK_KIND = "customer.email";

    private static final Logger log = LoggerFactory.getLogger(OrderNotifications.class);

    private final Notifications notifications;
    private final WorkQueue work;
    private final JsonMapper json;
    private final NotificationProperties properties;
    private final Clock clock;

    OrderNotifications(Notifications notifications, WorkQueue work, JsonMapper json, NotificationProperties properties,
                       Clock clock) {
        this.notifications = notifications;
        this.work = work;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    /** The work key of an order's email of one kind: the same for every redelivery. */
    public static String workKey(UUID orderId, NotificationKind kind) {
        return orderId + ":" + kind.name();
    }

    @Transactional
    public void record(ReceivedEvent received) {
        IntegrationEvent event = received.payload();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        switch (event) {
            case OrderPlaced placed -> notifications.rememberOrder(placed.orderId(), placed.customerId(),
                    placed.total(), placed.occurredAt());
            case OrderConfirmed confirmed -> ask(confirmed.orderId(), NotificationKind.CONFIRMED,
                    new NotificationDetails(confirmed.total(), null, null, null, null, null), now, now);
            case OrderBackordered backordered -> ask(backordered.orderId(), NotificationKind.BACKORDERED,
                    new NotificationDetails(null, backordered.shortages().stream()
                            .map(s -> new NotificationDetails.Short(s.sku(), s.missing())).toList(),
                            null, null, null, null), now, now.plus(properties.backorderEtaWait()));
            case OrderCancelled cancelled -> ask(cancelled.orderId(), NotificationKind.CANCELLED,
                    new NotificationDetails(null, null, null, null, cancelled.reason(), null), now, now);
            case ShipmentCreated created -> notifications.rememberShipment(created.orderId(), created.courier(),
                    created.trackingNumber());
            case ShipmentDispatched dispatched -> {
                Optional<Notifications.Shipment> shipment = notifications.shipment(dispatched.orderId());
                ask(dispatched.orderId(), NotificationKind.SHIPPED, new NotificationDetails(null, null,
                        shipment.map(Notifications.Shipment::courier).orElse(null),
                        shipment.map(Notifications.Shipment::trackingNumber).orElse(null), null, null), now, now);
            }
            case ShipmentDelivered delivered -> ask(delivered.orderId(), NotificationKind.DELIVERED,
                    NotificationDetails.none(), now, now);
            case PaymentCaptured captured -> notifications.rememberCapture(captured.orderId(), captured.amount());
            case PaymentRefunded refunded -> ask(refunded.orderId(), NotificationKind.REFUNDED,
                    new NotificationDetails(null, null, null, null, null, refunded.amount()), now, now);
            case PurchaseOrderPlaced line when line.expectedShipAt() != null
                    && !PurchaseOrderPlaced.REJECTED.equals(line.outcome()) ->
                    notifications.rememberEta(line.sku(), line.expectedShipAt(), line.occurredAt());
            default -> log.debug("No email is about {} {}", received.type(), received.eventId());
        }
    }

    private void ask(UUID orderId, NotificationKind kind, NotificationDetails details, Instant now, Instant due) {
        String messageId = "<" + orderId + "." + kind.template() + "@" + properties.messageIdDomain() + ">";
        boolean added = notifications.add(orderId, kind, json.writeValueAsString(details), messageId, now);
        if (added) {
            work.enqueue(WORK_KIND, workKey(orderId, kind), "{}", due, properties.maxAttempts());
        } else {
            log.info("The {} email of order {} was asked for before; nothing written", kind, orderId);
        }
    }
}
