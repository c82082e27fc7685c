package com.example.commerce.catalogprices;

import com.example.commerce.events.Topics;
import com.example.commerce.events.catalog.PriceChanged;
import com.example.commerce.events.catalog.ProductCreated;
import com.example.commerce.events.catalog.ProductDiscontinued;
import com.example.commerce.events.catalog.ProductUpdated;
import com.example.commerce.starter.inbox.Inbox;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;

/** Feeds the {@link PriceBook} from catalog.events; every catalogue event type changes it. */
class CatalogEventsListener {

    /** The inbox consumer name: {@code commerce.catalog-prices.consumer}, by default {@code <application>.catalog-prices}. */
    static final String CONSUMER_PROPERTY = "${commerce.catalog-prices.consumer:${spring.application.name}.catalog-prices}";


    private final Inbox inbox;
    private final PriceBook priceBook;
    private final String consumer;

    CatalogEventsListener(Inbox inbox, PriceBook priceBook, @Value(CONSUMER_PROPERTY) String consumer) {
        this.inbox = inbox;
        this.priceBook = priceBook;
        this.consumer = consumer;
    }

    @KafkaListener(topics = Topics.CATALOG_EVENTS, batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        inbox.receiveAll(consumer, records, event -> {
            switch (event.payload()) {
                case ProductCreated created -> priceBook.productCreated(created);
                case ProductUpdated updated -> priceBook.productUpdated(updated);
                case PriceChanged changed -> priceBook.priceChanged(changed);
                case ProductDiscontinued discontinued -> priceBook.productDiscontinued(discontinued);
                default -> { }
            }
        });
    }
}
