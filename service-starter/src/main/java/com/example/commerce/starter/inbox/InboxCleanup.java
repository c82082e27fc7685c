package com.example.commerce.starter.inbox;

import com.example.commerce.starter.BackgroundLoop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletes inbox rows older than {@link InboxProperties#retention()}, in bounded batches, once per
 * {@link InboxProperties#cleanupInterval()}: without it the inbox grows by one row per event for ever.
 * Several instances of a service may clean at once; they delete disjoint or already-deleted rows, which
 * costs nothing.
 */
public class InboxCleanup extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(InboxCleanup.class);

    private static final String DELETE_BATCH = """
            DELETE FROM inbox_message WHERE ctid = ANY(ARRAY(
                SELECT ctid FROM inbox_message WHERE processed_at < now() - make_interval(secs => ?) LIMIT ?))""";

    private final JdbcTemplate jdbc;
    private final InboxProperties properties;
    private final Counter deleted;

    public InboxCleanup(JdbcTemplate jdbc, InboxProperties properties, MeterRegistry meters) {
        super("inbox-cleanup");
        this.jdbc = jdbc;
        this.properties = properties;
        this.deleted = Counter.builder("commerce.inbox.cleaned")
                .description("Inbox rows deleted after their retention").register(meters);
    }

    /**
     * Deletes every row past its retention, a batch per statement.
     *
     * @return how many rows were deleted
     */
    public long cleanUp() {
        long total = 0;
        int batch;
        do {
            batch = jdbc.update(DELETE_BATCH, (double) properties.retention().toSeconds(), properties.cleanupBatch());
            total += batch;
            deleted.increment(batch);
        } while (batch == properties.cleanupBatch() && !Thread.currentThread().isInterrupted());
        if (total > 0) {
            log.info("Inbox cleanup deleted {} rows older than {}", total, properties.retention());
        }
        return total;
    }

    @Override
    protected void runUntilStopped() {
        while (isRunning()) {
            try {
                if (pause(properties.cleanupInterval())) {
                    cleanUp();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Inbox cleanup failed ({}); trying again in {}", e.getMessage(), properties.cleanupInterval());
            }
        }
    }
}
