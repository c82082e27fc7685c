package com.example.commerce.starter.deadletter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.listener.adapter.RecordFilterStrategy;
import org.springframework.kafka.support.KafkaUtils;

/**
 * Keeps a redriven record to the consumer group it was redriven for. A redrive goes back to the original
 * topic, which other groups (of this and other services) read too; they must not act on it: they either
 * processed the original already or have dead letters of their own, which their own operators redrive.
 *
 * <p>Spring Boot applies a single {@link RecordFilterStrategy} bean to the listener container factory it
 * configures, for record and batch listeners alike ({@code @KafkaListener(batch = "true")}); a batch
 * whose every record is skipped does not reach the listener. A service that declares a filter of its
 * own replaces this one and must skip these records itself.
 */
public class RedriveFilter implements RecordFilterStrategy<Object, Object> {

    /** The consumer group a redriven record is meant for. */
    public static final String REDRIVE_GROUP = "commerce_redrive_group";

    /** The id of the dead letter a redriven record comes from. */
    public static final String REDRIVE_ID = "commerce_redrive_id";

    private final MeterRegistry meters;

    RedriveFilter(MeterRegistry meters) {
        this.meters = meters;
    }

    /** @return true to skip the record: it was redriven for another group than the one reading it */
    @Override
    public boolean filter(ConsumerRecord<Object, Object> record) {
        Header target = record.headers().lastHeader(REDRIVE_GROUP);
        String group = KafkaUtils.getConsumerGroupId();
        if (target == null || target.value() == null || group == null || isFor(group, target)) {
            return false;
        }
        Counter.builder("commerce.kafka.redrives.skipped")
                .description("Redriven records skipped because they were meant for another consumer group")
                .tag("topic", record.topic())
                .tag("group", group)
                .register(meters).increment();
        return true;
    }

    /** Whether the record is meant for {@code group}, also when its name was cut to fit the dead letter's column. */
    private static boolean isFor(String group, Header target) {
        String meantFor = new String(target.value(), StandardCharsets.UTF_8);
        return group.equals(meantFor) || DeadLetterStore.fit(group, DeadLetterStore.CONSUMER_GROUP_LENGTH).equals(meantFor);
    }
}
