package com.example.commerce.cart.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.inventory.StockLevelChanged;
import com.example.commerce.testing.EventFeed;
import com.example.commerce.testing.InboxCounts;
import com.example.commerce.testing.Redeliveries;
import com.example.commerce.testing.Redeliveries.Delivery;
import com.example.commerce.testing.ServiceIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The cart's stock levels, fed by real StockLevelChanged records through the inbox. */
@ServiceIntegrationTest
class CartStockLevelsIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    private final EventFeed inventory = new EventFeed();

    @Autowired
    private StockBook stockBook;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private MeterRegistry meters;

    @AfterEach
    void closeFeed() {
        inventory.close();
    }

    @Test
    void everyLevelDeliveredThreeTimesInRandomOrderLeavesTheNewestLevelOfEachSku() {
        long seed = Redeliveries.seed();
        String replay = Redeliveries.replayHint(seed);
        Random random = new Random(seed);
        List<IntegrationEvent> stream = new ArrayList<>();
        Map<String, String> lastAvailability = new java.util.HashMap<>();
        for (int s = 0; s < 10; s++) {
            String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 13).toUpperCase();
            int changes = 2 + random.nextInt(4);
            for (int version = 1; version <= changes; version++) {
                int available = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(20);
                String availability = available == 0 ? "OUT_OF_STOCK" : available <= 5 ? "LOW" : "IN_STOCK";
                stream.add(new StockLevelChanged(sku, available, 0, available, availability, (long) version,
                        T0.plusSeconds(version)));
                lastAvailability.put(sku, availability);
            }
        }
        List<Delivery<IntegrationEvent>> deliveries = Redeliveries.shuffled(stream, IntegrationEvent::aggregateId, 3,
                random);
        InboxCounts before = InboxCounts.of(meters, InventoryEventsListener.CONSUMER);

        inventory.publishAll(deliveries);

        await("all %d deliveries received, %s".formatted(deliveries.size(), replay)).atMost(PATIENCE)
                .until(() -> InboxCounts.of(meters, InventoryEventsListener.CONSUMER).since(before).received()
                        >= deliveries.size());
        assertThat(InboxCounts.of(meters, InventoryEventsListener.CONSUMER).since(before)).as(replay)
                .isEqualTo(new InboxCounts(stream.size(), 2L * stream.size()));
        assertThat(stockBook.availabilityOf(lastAvailability.keySet())).as(replay).isEqualTo(lastAvailability);
    }

    @Test
    void anOlderLevelDeliveredAfterANewerOneChangesNothing() {
        String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 13).toUpperCase();
        inventory.publish(new StockLevelChanged(sku, 0, 0, 0, "OUT_OF_STOCK", 7L, T0.plusSeconds(7)));
        UUID older = inventory.publish(new StockLevelChanged(sku, 30, 0, 30, "IN_STOCK", 6L, T0.plusSeconds(60)));

        await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox_message WHERE consumer = ? AND event_id = ?", Integer.class,
                InventoryEventsListener.CONSUMER, older) == 1);
        assertThat(stockBook.availabilityOf(List.of(sku))).containsEntry(sku, "OUT_OF_STOCK");
        assertThat(jdbc.queryForObject("SELECT version FROM stock_level WHERE sku = ?", Long.class, sku)).isEqualTo(7L);
    }

    @Test
    void aLevelFromAnOlderProducerWithoutVersionOrAvailabilityIsOrderedByTime() {
        String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 13).toUpperCase();
        inventory.publish(new StockLevelChanged(sku, 4, 1, T0.plusSeconds(10)));
        UUID older = inventory.publish(new StockLevelChanged(sku, 0, 0, T0.plusSeconds(5)));

        await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox_message WHERE consumer = ? AND event_id = ?", Integer.class,
                InventoryEventsListener.CONSUMER, older) == 1);
        assertThat(stockBook.availabilityOf(List.of(sku, "SKU-NEVER-HEARD-OF"))).isEqualTo(Map.of(sku, "IN_STOCK",
                "SKU-NEVER-HEARD-OF", "UNKNOWN"));
    }
}
