package com.example.commerce.loadtests.events;

import com.example.commerce.events.Topics;
import com.example.commerce.events.catalog.ProductCreated;
import com.example.commerce.starter.inbox.Inbox;
import java.sql.Timestamp;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;

/** The consuming side: a batch listener as a service writes one, behind the starter's inbox. */
@SpringBootConfiguration
@EnableAutoConfiguration
class BenchmarkConsumerApplication {

    @Bean
    CatalogEventsListener catalogEventsListener(Inbox inbox, JdbcTemplate jdbc) {
        return new CatalogEventsListener(inbox, jdbc);
    }

    /** One effect row per ProductCreated, in the poll's transaction. */
    static class CatalogEventsListener {

        static final String CONSUMER = "benchmark.catalog-products";

        private final Inbox inbox;
        private final JdbcTemplate jdbc;

        CatalogEventsListener(Inbox inbox, JdbcTemplate jdbc) {
            this.inbox = inbox;
            this.jdbc = jdbc;
        }

        @KafkaListener(topics = Topics.CATALOG_EVENTS, batch = "true")
        void on(List<ConsumerRecord<String, byte[]>> records) {
            inbox.receiveAll(CONSUMER, records, event -> {
                if (event.payload() instanceof ProductCreated created) {
                    jdbc.update("INSERT INTO benchmark_effect (product_id, occurred_at) VALUES (?, ?)",
                            created.productId(), Timestamp.from(created.occurredAt()));
                }
            });
        }
    }
}
