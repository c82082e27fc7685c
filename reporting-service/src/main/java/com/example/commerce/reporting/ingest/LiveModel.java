package com.example.commerce.reporting.ingest;

import com.example.commerce.starter.inbox.Inbox;
import com.example.commerce.starter.inbox.ReceivedEvent;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The live model's way in: a poll of any topic through the inbox into the live tables. The inbox consumer name
 * carries the model's generation ({@code reporting.g<n>}): a rebuild fills the next generation's tables under the
 * next name, and once its tables are swapped in, the live listeners go on under that name, so an event the rebuild
 * already applied is a duplicate to them.
 */
@Component
public class LiveModel {

    /** The listeners' id prefix, which a rebuild pauses them by. */
    public static final String LISTENER_PREFIX = "reporting-live-";

    private final Inbox inbox;
    private final Projection projection;
    private final AtomicLong generation;

    LiveModel(Inbox inbox, Projection projection, JdbcTemplate jdbc) {
        this.inbox = inbox;
        this.projection = projection;
        this.generation = new AtomicLong(jdbc.queryForObject("SELECT generation FROM model_generation", Long.class));
    }

    public static String consumer(long generation) {
        return "reporting.g" + generation;
    }

    public long generation() {
        return generation.get();
    }

    /** Called by a rebuild once the next generation's tables are live (its listeners are paused meanwhile). */
    public void generationSwapped(long next) {
        generation.set(next);
    }

    void receive(List<ConsumerRecord<String, byte[]>> records) {
        FactSession.POLL_ORDERS.set(Projection.ordersOf(records));
        try {
            inbox.receiveAll(consumer(generation.get()), records, this::apply);
        } finally {
            FactSession.POLL_ORDERS.remove();
        }
    }

    private void apply(ReceivedEvent event) {
        projection.apply(ModelTables.LIVE, event);
    }
}
