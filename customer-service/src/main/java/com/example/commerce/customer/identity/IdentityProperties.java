package com.example.commerce.customer.identity;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How customer-service issues tokens.
 *
 * @param accessTokenTtl        lifetime of an access token
 * @param refreshTokenTtl       lifetime of a storefront refresh token (each use gives a new one)
 * @param authorizationCodeTtl  lifetime of an authorization code
 * @param retiredKeyRetention   how long a rotated-out signing key stays in the key set (at least the
 *                              lifetime of the tokens it signed)
 * @param storefront            the first-party public client customers sign in with
 * @param clients               confidential clients (integrators, operator tools) registered at start;
 *                              none by default: the local stack and the tests name theirs
 * @param lockout               when repeated failed sign-ins lock an account, and for how long
 * @param rateLimits            sign-ins and sign-ups allowed per client address
 */
@ConfigurationProperties("commerce.identity")
public record IdentityProperties(@DefaultValue("15m") Duration accessTokenTtl,
                                 @DefaultValue("8h") Duration refreshTokenTtl,
                                 @DefaultValue("5m") Duration authorizationCodeTtl,
                                 @DefaultValue("1h") Duration retiredKeyRetention,
                                 @DefaultValue Storefront storefront,
                                 @DefaultValue List<Client> clients,
                                 @DefaultValue Lockout lockout,
                                 @DefaultValue RateLimits rateLimits) {

    public IdentityProperties {
        if (retiredKeyRetention.compareTo(accessTokenTtl) < 0) {
            throw new IllegalArgumentException("commerce.identity.retired-key-retention must be at least the access-token TTL");
        }
    }

    /** @param maxFailures failed sign-ins in a row that lock the account; @param duration how long */
    public record Lockout(@DefaultValue("5") int maxFailures, @DefaultValue("15m") Duration duration) {
    }

    /**
     * @param signIn requests to the login form ({@code POST /login}) per client address and period
     * @param signUp registrations ({@code POST /api/v1/customers}) per client address and period
     * @param period the window the counts refill over
     */
    public record RateLimits(@DefaultValue("10") int signIn, @DefaultValue("5") int signUp,
                             @DefaultValue("1m") Duration period) {
    }

    /**
     * @param redirectUris where the storefront may receive codes (a loopback address matches any port). None by
     *                     default: the local stack and the tests get {@link #LOCAL_REDIRECT_URI}; anywhere else the
     *                     service refuses to start without them, or with a loopback one ({@link StorefrontRedirectGuard})
     */
    public record Storefront(@DefaultValue List<String> redirectUris) {

        /** The local stack's storefront callback, the default only where {@code commerce.environment=local}. */
        public static final String LOCAL_REDIRECT_URI = "http://127.0.0.1:8080/callback";

        /** The redirect URIs in force: the configured ones, or in the local environment its default. */
        List<String> redirectUrisIn(boolean local) {
            if (!redirectUris.isEmpty()) {
                return redirectUris;
            }
            if (!local) {
                throw new IllegalStateException(StorefrontRedirectGuard.PROPERTY + " must be set outside the local stack");
            }
            return List.of(LOCAL_REDIRECT_URI);
        }
    }

    /**
     * @param clientId the client's id, also the {@code sub} of its tokens
     * @param secret   its secret (stored hashed)
     * @param scopes   what it may ask for
     * @param roles    put in its tokens' {@code roles} claim
     */
    public record Client(String clientId, String secret, @DefaultValue List<String> scopes,
                         @DefaultValue List<String> roles) {
    }
}
