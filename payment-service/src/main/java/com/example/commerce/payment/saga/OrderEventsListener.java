package com.example.commerce.payment.saga;

import com.example.commerce.events.Topics;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.payment.payment.PaymentLedger;
import com.example.commerce.starter.inbox.Inbox;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** OrderCancelled from order.events into the payments ledger; every other event of the topic is passed over. */
@Component
class OrderEventsListener {

    static final String CONSUMER = "payment.order-events";

    private final Inbox inbox;
    private final PaymentLedger ledger;

    OrderEventsListener(Inbox inbox, PaymentLedger ledger) {
        this.inbox = inbox;
        this.ledger = ledger;
    }

    @KafkaListener(topics = Topics.ORDER_EVENTS, clientIdPrefix = "payment-service.order-events", batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        inbox.receiveAll(CONSUMER, records, event -> {
            if (event.payload() instanceof OrderCancelled cancelled) {
                ledger.orderCancelled(cancelled);
            }
        });
    }
}
