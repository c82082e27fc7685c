package com.example.commerce.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.commerce.events.EventTypes;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.inventory.stock.StockLedger;
import com.example.commerce.starter.inbox.Inbox;
import com.example.commerce.testing.ServiceIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import tools.jackson.databind.json.JsonMapper;

/** A poll that meets a lock conflict is handed to the real inbox again; nothing runs twice, nothing else is retried. */
@ServiceIntegrationTest
class SagaEventsIntegrationTests {

    private static final String CONSUMER = "inventory.test-lock-conflicts";

    private final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    private Inbox inbox;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private StockLedger ledger;

    @Test
    void aPollThatMeetsADeadlockIsTriedAgainAndEachEventTakesEffectOnce() {
        List<ConsumerRecord<String, byte[]>> records = IntStream.range(0, 5).mapToObj(this::record).toList();
        UUID unlucky = eventId(records.get(2));
        AtomicInteger conflicts = new AtomicInteger();
        String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 13).toUpperCase();
        jdbc.update("INSERT INTO stock_item (sku, on_hand, reserved, shipped, updated_at, version) "
                + "VALUES (?, 100, 0, 0, now(), 0)", sku);

        // The effect reserves a unit per event (a real write in the inbox's transaction); the third event meets a
        // deadlock three times: in the batch, one by one, and once more on the second pass.
        SagaEvents.receiveAll(inbox, CONSUMER, records, event -> {
            if (event.eventId().equals(unlucky) && conflicts.getAndIncrement() < 3) {
                throw new CannotAcquireLockException("deadlock detected");
            }
            ledger.reserve(sku, 1, ((OrderCancelled) event.payload()).orderId(), Instant.now());
        });

        assertThat(conflicts.get()).as("the conflicts were met, then it went through").isEqualTo(4);
        assertThat(jdbc.queryForObject("SELECT reserved FROM stock_item WHERE sku = ?", Integer.class, sku))
                .as("every event took effect once").isEqualTo(5);
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT order_id) FROM stock_movement WHERE sku = ?",
                Integer.class, sku)).isEqualTo(5);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox_message WHERE consumer = ? AND event_id = ANY(?::uuid[])",
                Integer.class, CONSUMER, records.stream().map(r -> eventId(r).toString()).toArray(String[]::new)))
                .isEqualTo(5);
    }

    @Test
    void anyOtherFailureReachesTheContainerAfterOnePass() {
        List<ConsumerRecord<String, byte[]>> records = List.of(record(0), record(1));
        AtomicInteger attempts = new AtomicInteger();
        UUID failing = eventId(records.get(1));

        assertThatThrownBy(() -> SagaEvents.receiveAll(inbox, CONSUMER, records, event -> {
            if (event.eventId().equals(failing)) {
                attempts.incrementAndGet();
                throw new DataIntegrityViolationException("a real bug");
            }
        })).isInstanceOf(BatchListenerFailedException.class);
        assertThat(attempts.get()).as("in the batch, then one by one; not again").isEqualTo(2);
    }

    @Test
    void deadlocksAndSerializationFailuresAreLockConflictsOthersAreNot() {
        assertThat(SagaEvents.isLockConflict(new BatchListenerFailedException("x",
                new RuntimeException(new SQLException("deadlock detected", "40P01")), record(0)))).isTrue();
        assertThat(SagaEvents.isLockConflict(new RuntimeException(new SQLException("could not serialize", "40001"))))
                .isTrue();
        assertThat(SagaEvents.isLockConflict(new CannotAcquireLockException("lock"))).isTrue();
        assertThat(SagaEvents.isLockConflict(new RuntimeException(new SQLException("check violated", "23514"))))
                .isFalse();
        assertThat(SagaEvents.isLockConflict(new IllegalStateException("bug"))).isFalse();
    }

    private ConsumerRecord<String, byte[]> record(int offset) {
        UUID orderId = UUID.randomUUID();
        OrderCancelled cancelled = new OrderCancelled(orderId, "CUSTOMER_REQUEST", Instant.now());
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("order.events", 0, offset, orderId.toString(),
                json.writeValueAsBytes(cancelled));
        record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", EventTypes.typeOf(OrderCancelled.class).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static UUID eventId(ConsumerRecord<String, byte[]> record) {
        return UUID.fromString(new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8));
    }
}
