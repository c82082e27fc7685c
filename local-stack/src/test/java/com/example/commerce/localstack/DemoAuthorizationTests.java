package com.example.commerce.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.stack.DemoIdentity;
import com.example.commerce.stack.TokenClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DemoAuthorizationTests {

    private final AtomicInteger fetched = new AtomicInteger();
    private Instant now = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void reusesTheTokenUntilShortlyBeforeItExpiresThenFetchesAnother() {
        Supplier<String> header = DemoAuthorization.caching(
                () -> new TokenClient.Tokens("token-" + fetched.incrementAndGet(), null, null, "catalog:write", 300),
                clock());

        assertThat(header.get()).isEqualTo("Bearer token-1");
        now = now.plusSeconds(300).minus(DemoAuthorization.MARGIN).minusSeconds(1);
        assertThat(header.get()).isEqualTo("Bearer token-1");
        now = now.plusSeconds(1);
        assertThat(header.get()).isEqualTo("Bearer token-2");
        assertThat(fetched).hasValue(2);
    }

    @Test
    void theDemoIntegratorMayWriteTheCatalogueAndTheStock() {
        assertThat(DemoIdentity.client(DemoAuthorization.CLIENT)).hasValueSatisfying(client ->
                assertThat(client.scopes()).contains("catalog:write", "inventory:write"));
    }

    private Clock clock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
    }
}
