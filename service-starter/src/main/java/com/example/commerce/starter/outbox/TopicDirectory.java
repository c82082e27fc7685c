package com.example.commerce.starter.outbox;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * Tells the relay whether a topic exists when a send gave up waiting for its metadata: a topic that the
 * broker says is not there is a permanent failure (the row is parked), while a broker that does not
 * answer is a transient one (the row waits).
 */
public interface TopicDirectory extends AutoCloseable {

    /** No answers: every missing-metadata failure counts as transient. */
    TopicDirectory UNKNOWN = new TopicDirectory() {
        @Override
        public boolean isMissing(String topic) {
            return false;
        }

        @Override
        public void close() {
        }
    };

    /** True only when the broker answered and has no such topic. */
    boolean isMissing(String topic);

    @Override
    void close();

    /** Asks the broker through an admin client, lazily created from {@code adminConfig} and closed with the relay. */
    static TopicDirectory ofAdmin(Map<String, Object> adminConfig, Duration timeout) {
        return new TopicDirectory() {
            private Admin admin;

            @Override
            public synchronized boolean isMissing(String topic) {
                try {
                    if (admin == null) {
                        admin = Admin.create(adminConfig);
                    }
                    return !admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).contains(topic);
                } catch (ExecutionException | TimeoutException | RuntimeException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }

            @Override
            public synchronized void close() {
                if (admin != null) {
                    admin.close(Duration.ofSeconds(2));
                }
            }
        };
    }
}
