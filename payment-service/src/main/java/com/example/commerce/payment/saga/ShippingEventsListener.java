package com.example.commerce.payment.saga;

import com.example.commerce.events.Topics;
import com.example.commerce.events.shipping.ShipmentDispatched;
import com.example.commerce.payment.payment.PaymentLedger;
import com.example.commerce.starter.inbox.Inbox;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** ShipmentDispatched from shipping.events into the payments ledger; every other event of the topic is passed over. */
@Component
class ShippingEventsListener {

    static final String CONSUMER = "payment.shipping-events";

    private final Inbox inbox;
    private final PaymentLedger ledger;

    ShippingEventsListener(Inbox inbox, PaymentLedger ledger) {
        this.inbox = inbox;
        this.ledger = ledger;
    }

    @KafkaListener(topics = Topics.SHIPPING_EVENTS, clientIdPrefix = "payment-service.shipping-events", batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        inbox.receiveAll(CONSUMER, records, event -> {
            if (event.payload() instanceof ShipmentDispatched dispatched) {
                ledger.shipmentDispatched(dispatched);
            }
        });
    }
}
