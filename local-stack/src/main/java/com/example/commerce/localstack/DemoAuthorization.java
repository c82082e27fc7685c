package com.example.commerce.localstack;

import com.example.commerce.stack.DemoIdentity;
import com.example.commerce.stack.TokenClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The Authorization header the demo loader sends with its writes: a bearer token of the local stack's
 * demo integrator {@code catalog-importer} ({@code catalog:write inventory:write}), got from
 * customer-service by client credentials like any integrator's, and fetched again shortly before it
 * expires. No backdoor: the same token {@code ./fleet token --client catalog-importer} prints.
 */
final class DemoAuthorization {

    /** Fetch a new token this long before the current one expires. */
    static final Duration MARGIN = Duration.ofSeconds(30);

    static final String CLIENT = "catalog-importer";

    private DemoAuthorization() {
    }

    /** The header of the demo integrator's token from {@code issuer}. */
    static Supplier<String> header(String issuer) {
        DemoIdentity.Client importer = DemoIdentity.client(CLIENT)
                .orElseThrow(() -> new IllegalStateException(CLIENT + " is not a demo client"));
        TokenClient tokens = new TokenClient(issuer);
        return caching(() -> tokens.clientCredentials(importer.clientId(), importer.secret(), "catalog:write",
                "inventory:write"), Clock.systemUTC());
    }

    /** {@code Bearer <token>} from {@code fetch}, the same token until {@link #MARGIN} before it expires. */
    static Supplier<String> caching(Supplier<TokenClient.Tokens> fetch, Clock clock) {
        return new Supplier<>() {
            private String header;
            private Instant renewAt = Instant.MIN;

            @Override
            public synchronized String get() {
                Instant now = clock.instant();
                if (header == null || !now.isBefore(renewAt)) {
                    TokenClient.Tokens fresh = fetch.get();
                    header = "Bearer " + fresh.accessToken();
                    renewAt = now.plusSeconds(fresh.expiresIn()).minus(MARGIN);
                }
                return header;
            }
        };
    }
}
