package com.example.commerce.starter.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaUtils;

/** Which group takes a redriven record, also when the group's name was cut to fit the dead letter's column. */
class RedriveFilterTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RedriveFilter filter = new RedriveFilter(meters);

    @AfterEach
    void clearGroup() {
        KafkaUtils.clearConsumerGroupId();
    }

    @Test
    void theGroupARecordWasRedrivenForTakesItAndOthersSkipIt() {
        ConsumerRecord<Object, Object> redriven = redrivenFor("cart-service");

        assertThat(skippedBy("cart-service", redriven)).isFalse();
        assertThat(skippedBy("order-service", redriven)).isTrue();
        assertThat(meters.get("commerce.kafka.redrives.skipped").tag("group", "order-service").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void aGroupWhoseNameWasCutToTheColumnStillTakesItsRedrivenRecord() {
        String longGroup = "g".repeat(255) + "-and-then-some";
        ConsumerRecord<Object, Object> redriven = redrivenFor("g".repeat(255));

        assertThat(skippedBy(longGroup, redriven)).isFalse();
        assertThat(skippedBy("g".repeat(254), redriven)).isTrue();
        assertThat(skippedBy("h".repeat(255) + "-and-then-some", redriven)).isTrue();
    }

    @Test
    void aRecordThatWasNeverRedrivenIsTakenByEveryGroup() {
        ConsumerRecord<Object, Object> plain = new ConsumerRecord<>("shipping.events", 0, 0L, "k", "v");

        assertThat(skippedBy("cart-service", plain)).isFalse();
    }

    private boolean skippedBy(String group, ConsumerRecord<Object, Object> record) {
        KafkaUtils.setConsumerGroupId(group);
        return filter.filter(record);
    }

    private static ConsumerRecord<Object, Object> redrivenFor(String group) {
        ConsumerRecord<Object, Object> record = new ConsumerRecord<>("shipping.events", 0, 0L, "k", "v");
        record.headers().add(RedriveFilter.REDRIVE_GROUP, group.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
