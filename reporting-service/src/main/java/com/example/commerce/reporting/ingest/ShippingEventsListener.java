package com.example.commerce.reporting.ingest;

import com.example.commerce.events.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Hands every poll of {@value Topics#SHIPPING_EVENTS} to the {@link LiveModel}, one inbox transaction per poll. */
@Component
class ShippingEventsListener {

    private final LiveModel model;

    ShippingEventsListener(LiveModel model) {
        this.model = model;
    }

    @KafkaListener(id = LiveModel.LISTENER_PREFIX + "shipping", idIsGroup = false, topics = Topics.SHIPPING_EVENTS,
            clientIdPrefix = "reporting-service.shipping-events", batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        model.receive(records);
    }
}
