package com.example.commerce.starter.deadletter;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * The one idempotent producer ({@code acks=all}) dead letters travel on: to {@code <topic>.DLT} when a
 * consumer gives up on a record, and back to their topic when redriven. Created on first use, so a
 * service that never fails a record opens no connection for it. Deliberately not a {@link KafkaTemplate}
 * bean: that would replace the one Spring Boot configures for the service.
 */
public class DeadLetterProducer implements AutoCloseable {

    private final DefaultKafkaProducerFactory<String, byte[]> factory;
    private final KafkaTemplate<String, byte[]> template;

    /** @param config the producer's configuration; key and value serializers are set here */
    public DeadLetterProducer(Map<String, Object> config) {
        this.factory = new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer());
        this.template = new KafkaTemplate<>(factory);
    }

    KafkaTemplate<String, byte[]> template() {
        return template;
    }

    CompletableFuture<SendResult<String, byte[]>> send(ProducerRecord<String, byte[]> record) {
        return template.send(record);
    }

    /**
     * Waits for the broker's acknowledgement of a send.
     *
     * @throws IllegalStateException when the broker refused the record or did not answer in time; a record
     *                               not acknowledged in time may still arrive, so callers tolerate a copy
     */
    static void awaitAck(CompletableFuture<SendResult<String, byte[]>> ack, Duration timeout) {
        try {
            ack.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker refused the record: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no acknowledgement from the broker in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    @Override
    public void close() {
        factory.destroy();
    }
}
