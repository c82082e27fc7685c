package com.example.commerce.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command's refusals; the flows themselves are proven over a real fleet (FleetStartupSystemTests). */
class TokenCommandTests {

    private static final Map<String, String> NO_ISSUER = Map.of("COMMERCE_ISSUER", "http://127.0.0.1:9");

    @Test
    void needsEitherACustomerOrAClient() {
        assertThat(TokenCommand.run(List.of(), NO_ISSUER)).isEqualTo(2);
        assertThat(TokenCommand.run(List.of("--customer", "alice@example.com", "--client", "ops-console"), NO_ISSUER))
                .isEqualTo(2);
        assertThat(TokenCommand.run(List.of("--customer"), NO_ISSUER)).isEqualTo(2);
    }

    @Test
    void needsThePasswordOrSecretOfAnyoneNotInTheDemoSet() {
        assertThat(TokenCommand.run(List.of("--customer", "stranger@example.com"), NO_ISSUER)).isEqualTo(2);
        assertThat(TokenCommand.run(List.of("--client", "stranger"), NO_ISSUER)).isEqualTo(2);
    }

    @Test
    void saysSoWhenTheIssuerIsNotRunning() {
        assertThat(TokenCommand.run(List.of("--client", "ops-console"), NO_ISSUER)).isEqualTo(1);
        assertThat(TokenCommand.run(List.of("--customer=alice@example.com"), NO_ISSUER)).isEqualTo(1);
    }

    @Test
    void printsItsUsage() {
        assertThat(TokenCommand.run(List.of("--help"), NO_ISSUER)).isZero();
        assertThat(TokenCommand.USAGE).contains("alice@example.com").contains("ops-console");
    }
}
