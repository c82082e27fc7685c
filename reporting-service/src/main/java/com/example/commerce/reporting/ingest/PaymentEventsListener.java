package com.example.commerce.reporting.ingest;

import com.example.commerce.events.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Hands every poll of {@value Topics#PAYMENT_EVENTS} to the {@link LiveModel}, one inbox transaction per poll. */
@Component
class PaymentEventsListener {

    private final LiveModel model;

    PaymentEventsListener(LiveModel model) {
        this.model = model;
    }

    @KafkaListener(id = LiveModel.LISTENER_PREFIX + "payment", idIsGroup = false, topics = Topics.PAYMENT_EVENTS,
            clientIdPrefix = "reporting-service.payment-events", batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        model.receive(records);
    }
}
