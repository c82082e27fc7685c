package com.example.commerce.testing;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Real signed access tokens from the {@link TestIssuer}, shaped like customer-service's: {@code iss}, the
 * API audience in {@code aud}, {@code sub} (a customer id or a client id), {@code scope} (space
 * separated), {@code iat}, {@code nbf}, {@code exp} (5 minutes).
 *
 * <pre>{@code
 * request.header("Authorization", TestTokens.bearer(TestTokens.client("ops-console", "ops:dead-letters")));
 * String expired = TestTokens.builder().expiresAt(Instant.now().minus(Duration.ofHours(1))).build();
 * }</pre>
 */
public final class TestTokens {

    /** The audience the services expect (their default {@code commerce.security.audience}). */
    public static final String AUDIENCE = "commerce-api";
    public static final String AUTHORIZATION = "Authorization";

    private TestTokens() {
    }

    /** A customer's token (authorization code flow): {@code sub} = the customer id. */
    public static String customer(UUID customerId, String... scopes) {
        return builder().subject(customerId.toString()).scopes(scopes).build();
    }

    /** An integrator's or operator tool's token (client credentials): {@code sub} = the client id. */
    public static String client(String clientId, String... scopes) {
        return builder().subject(clientId).scopes(scopes).build();
    }

    /** The operations console: {@code ops:dead-letters}. */
    public static String opsConsole() {
        return client("ops-console", "ops:dead-letters");
    }

    /** The value of an {@code Authorization} header carrying the token. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One token, valid unless a test says otherwise. */
    public static final class Builder {

        private String issuer = TestIssuer.get().issuer();
        private List<String> audience = List.of(AUDIENCE);
        private String subject = "test-client";
        private List<String> scopes = List.of();
        private Instant issuedAt = Instant.now();
        private Instant notBefore = issuedAt;
        private Instant expiresAt = issuedAt.plus(Duration.ofMinutes(5));
        private TestIssuer.Signer signer = TestIssuer.Signer.ISSUER;

        private Builder() {
        }

        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        public Builder audience(String... audience) {
            this.audience = List.of(audience);
            return this;
        }

        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Builder scopes(String... scopes) {
            this.scopes = Arrays.asList(scopes);
            return this;
        }

        public Builder issuedAt(Instant issuedAt) {
            this.issuedAt = issuedAt;
            return this;
        }

        public Builder notBefore(Instant notBefore) {
            this.notBefore = notBefore;
            return this;
        }

        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        public Builder signedBy(TestIssuer.Signer signer) {
            this.signer = signer;
            return this;
        }

        public String build() {
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                    .issuer(issuer)
                    .audience(audience)
                    .subject(subject)
                    .issueTime(Date.from(issuedAt))
                    .notBeforeTime(Date.from(notBefore))
                    .expirationTime(Date.from(expiresAt))
                    .jwtID(UUID.randomUUID().toString());
            if (!scopes.isEmpty()) {
                claims.claim("scope", String.join(" ", scopes));
            }
            return TestIssuer.get().sign(claims.build(), signer);
        }
    }
}
