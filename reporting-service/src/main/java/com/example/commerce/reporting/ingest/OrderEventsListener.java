package com.example.commerce.reporting.ingest;

import com.example.commerce.events.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Hands every poll of {@value Topics#ORDER_EVENTS} to the {@link LiveModel}, one inbox transaction per poll. */
@Component
class OrderEventsListener {

    private final LiveModel model;

    OrderEventsListener(LiveModel model) {
        this.model = model;
    }

    @KafkaListener(id = LiveModel.LISTENER_PREFIX + "order", idIsGroup = false, topics = Topics.ORDER_EVENTS,
            clientIdPrefix = "reporting-service.order-events", batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        model.receive(records);
    }
}
