package com.example.commerce.inventory.reservation;

import com.example.commerce.events.Topics;
import com.example.commerce.events.payment.PaymentDeclined;
import com.example.commerce.starter.inbox.Inbox;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** PaymentDeclined releases the order's stock (reason PAYMENT_DECLINED); other payment events change nothing. */
@Component
class PaymentEventsListener {

    static final String CONSUMER = "inventory.payment-reservations";

    private final Inbox inbox;
    private final StockReservations reservations;

    PaymentEventsListener(Inbox inbox, StockReservations reservations) {
        this.inbox = inbox;
        this.reservations = reservations;
    }

    @KafkaListener(topics = Topics.PAYMENT_EVENTS, clientIdPrefix = "inventory-service.payments", batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        SagaPoll poll = SagaEvents.pollOf(inbox, records);
        SagaEvents.receiveAll(inbox, CONSUMER, records, event -> {
            if (event.payload() instanceof PaymentDeclined declined) {
                reservations.release(declined.orderId(), StockReservations.PAYMENT_DECLINED, poll);
            }
        });
    }
}
