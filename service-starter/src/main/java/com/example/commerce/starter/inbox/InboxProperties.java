package com.example.commerce.starter.inbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the inbox remembers processed events.
 *
 * @param retention       how long an inbox row is kept. A redelivery older than this would be applied
 *                        again, so it must outlast the topics' retention (the broker keeps records 7 days)
 *                        and any replay an operator may start by resetting a group's offsets
 * @param cleanupInterval how often old rows are deleted
 * @param cleanupBatch    rows deleted per statement, so a large backlog never holds long locks
 */
@ConfigurationProperties("commerce.inbox")
public record InboxProperties(@DefaultValue("14d") Duration retention,
                              @DefaultValue("1h") Duration cleanupInterval,
                              @DefaultValue("10000") int cleanupBatch) {

    public InboxProperties {
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("commerce.inbox.retention must be at least 1d, not " + retention);
        }
        if (!cleanupInterval.isPositive()) {
            throw new IllegalArgumentException("commerce.inbox.cleanup-interval must be positive, not " + cleanupInterval);
        }
        if (cleanupBatch < 1 || cleanupBatch > 100_000) {
            throw new IllegalArgumentException("commerce.inbox.cleanup-batch must be 1..100000, not " + cleanupBatch);
        }
    }
}
