package com.example.commerce.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusScrapeTests {

    private final PrometheusScrape scrape = new PrometheusScrape("""
            # HELP commerce_outbox_pending Outbox events not yet acknowledged by the broker
            # TYPE commerce_outbox_pending gauge
            commerce_outbox_pending{application="catalog-service"} 3.0
            commerce_outbox_pending_extra{application="catalog-service"} 99.0
            commerce_kafka_dead_letters_total{application="cart-service",topic="catalog.events"} 2.0
            commerce_kafka_dead_letters_total{application="cart-service",topic="order.events"} 1.0
            up 1.0
            """);

    @Test
    void sumsAMetricOverItsSeriesAndNotOverMetricsThatOnlyShareItsPrefix() {
        assertThat(scrape.sum("commerce_kafka_dead_letters_total")).isEqualTo(3.0);
        assertThat(scrape.sum("commerce_outbox_pending")).isEqualTo(3.0);
        assertThat(scrape.sum("up")).isEqualTo(1.0);
        assertThat(scrape.sum("absent")).isZero();
    }

    @Test
    void findsTheSeriesWithALabel() {
        assertThat(scrape.value("commerce_kafka_dead_letters_total", "topic", "order.events")).hasValue(1.0);
        assertThat(scrape.value("commerce_kafka_dead_letters_total", "topic", "shipping.events")).isEmpty();
    }
}
