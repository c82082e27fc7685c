package com.example.commerce.starter.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.catalog.ProductUpdated;
import com.example.commerce.testing.ServiceInfrastructureInitializer;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A commit that recorded events wakes this instance's relay, so they go out at once rather than at its next look.
 * The relay here looks only every 20 s: a row committed without the outbox (as another instance's would be) waits
 * for that look, while an event published through the outbox goes out within moments, and takes the waiting row
 * with it.
 */
@SpringBootTest(classes = OutboxIntegrationTests.OutboxTestApplication.class, properties = {
        "spring.application.name=outbox-wake-test", "commerce.service.schema=catalog",
        "commerce.outbox.poll-interval=20s", "commerce.outbox.max-backoff=40s"})
@ContextConfiguration(initializers = ServiceInfrastructureInitializer.class)
class OutboxWakeIntegrationTests {

    @Autowired
    private Outbox outbox;

    @Autowired
    private TransactionTemplate transactions;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void aCommitWakesTheRelayInsteadOfWaitingForItsNextLook() {
        UUID quiet = aRowCommittedWithoutTheOutboxWhileTheRelayIsIdle();
        await("a row committed without the outbox stays unsent until the relay's next look")
                .during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !sent(quiet));

        Instant committed = Instant.now();
        UUID woken = transactions.execute(status -> outbox.publish(updated(UUID.randomUUID())));
        await().atMost(Duration.ofSeconds(5)).until(() -> sent(woken) && sent(quiet));
        assertThat(Duration.between(committed, Instant.now())).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aRolledBackTransactionWakesNothing() {
        UUID quiet = aRowCommittedWithoutTheOutboxWhileTheRelayIsIdle();

        transactions.executeWithoutResult(status -> {
            outbox.publish(updated(UUID.randomUUID()));
            status.setRollbackOnly();
        });
        await("nothing woke the relay").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> !sent(quiet));
    }

    /**
     * Makes the relay lead and go idle (a first event went out, and it sleeps until its next look), then commits a
     * row without the outbox, as another instance would: no wake. @return that row's event id
     */
    private UUID aRowCommittedWithoutTheOutboxWhileTheRelayIsIdle() {
        UUID first = transactions.execute(status -> outbox.publish(updated(UUID.randomUUID())));
        await().atMost(Duration.ofSeconds(30)).until(() -> sent(first));
        UUID quiet = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO outbox_event (event_id, topic, event_type, aggregate_id, payload, occurred_at)
                VALUES (?, 'catalog.events', 'catalog.ProductUpdated.v1', ?, ?, ?)""",
                quiet, UUID.randomUUID().toString(), "{}".getBytes(), Timestamp.from(Instant.now()));
        return quiet;
    }

    private boolean sent(UUID eventId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT sent_at IS NOT NULL FROM outbox_event WHERE event_id = ?", Boolean.class, eventId));
    }

    private static ProductUpdated updated(UUID productId) {
        return OutboxIntegrationTests.updated(productId, 1);
    }
}
