package com.example.commerce.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class TopicsTests {

    @Test
    void everyContextHasAnEventTopicAndADeadLetterTopic() {
        assertThat(Topics.all()).hasSize(16)
                .contains("order.events", "order.events.DLT", "backorder.events", "backorder.events.DLT")
                .doesNotHaveDuplicates();
    }

    @Test
    void refusesADeadLetterTopicForAnUnknownTopic() {
        assertThatIllegalArgumentException().isThrownBy(() -> Topics.deadLetterTopicOf("orders"));
    }
}
