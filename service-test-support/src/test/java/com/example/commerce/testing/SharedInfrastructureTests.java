package com.example.commerce.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedInfrastructureTests {

    private final String before = System.getProperty(SharedInfrastructure.SOURCE_PROPERTY);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(SharedInfrastructure.SOURCE_PROPERTY);
        } else {
            System.setProperty(SharedInfrastructure.SOURCE_PROPERTY, before);
        }
    }

    @Test
    void choosesContainersOnlyWhenAskedTo() {
        System.setProperty(SharedInfrastructure.SOURCE_PROPERTY, "containers");
        assertThat(SharedInfrastructure.source()).isEqualTo("containers");
        System.setProperty(SharedInfrastructure.SOURCE_PROPERTY, "embedded");
        assertThat(SharedInfrastructure.source()).isEqualTo("embedded");
    }

    @Test
    void refusesAnUnknownSource() {
        System.setProperty(SharedInfrastructure.SOURCE_PROPERTY, "h2");

        assertThatThrownBy(SharedInfrastructure::source).hasMessageContaining("must be embedded or containers, not h2");
    }
}
