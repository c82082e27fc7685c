package com.example.commerce.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KafkaBrokerTests {

    @Test
    void clusterIdsAreUuidsThatTheStorageToolCannotMistakeForAnOption() {
        // Without the redraw, about 1 in 64 ids starts with '-': 10,000 draws would hold ~156 of them.
        IntStream.range(0, 10_000).mapToObj(i -> KafkaBroker.newClusterId()).forEach(id -> {
            assertThat(id).hasSize(22).doesNotStartWith("-");
            assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16);
        });
    }
}
