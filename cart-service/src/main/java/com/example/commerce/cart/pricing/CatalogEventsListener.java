package com.example.commerce.cart.pricing;

import com.example.commerce.events.Topics;
import com.example.commerce.events.catalog.PriceChanged;
import com.example.commerce.events.catalog.ProductCreated;
import com.example.commerce.events.catalog.ProductDiscontinued;
import com.example.commerce.starter.inbox.Inbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Feeds the {@link PriceBook} from catalog.events; other catalogue events are accepted and change nothing. */
@Component
class CatalogEventsListener {

    static final String CONSUMER = "cart.catalog-prices";

    private final Inbox inbox;
    private final PriceBook priceBook;

    CatalogEventsListener(Inbox inbox, PriceBook priceBook) {
        this.inbox = inbox;
        this.priceBook = priceBook;
    }

    @KafkaListener(topics = Topics.CATALOG_EVENTS)
    void on(ConsumerRecord<String, byte[]> record) {
        inbox.receive(CONSUMER, record, event -> {
            switch (event.payload()) {
                case ProductCreated created -> priceBook.productCreated(created);
                case PriceChanged changed -> priceBook.priceChanged(changed);
                case ProductDiscontinued discontinued -> priceBook.productDiscontinued(discontinued);
                default -> { }
            }
        });
    }
}
