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
 */
@ConfigurationProperties("commerce.identity")
public record IdentityProperties(@DefaultValue("15m") Duration accessTokenTtl,
                                 @DefaultValue("8h") Duration refreshTokenTtl,
                                 @DefaultValue("5m") Duration authorizationCodeTtl,
                                 @DefaultValue("1h") Duration retiredKeyRetention,
                                 @DefaultValue Storefront storefront,
                                 @DefaultValue List<Client> clients) {

    public IdentityProperties {
        if (retiredKeyRetention.compareTo(accessTokenTtl) < 0) {
            throw new IllegalArgumentException("commerce.identity.retired-key-retention must be at least the access-token TTL");
        }
    }

    /** @param redirectUris where the storefront may receive codes (a loopback address matches any port) */
    public record Storefront(@DefaultValue("http://127.0.0.1:8080/callback") List<String> redirectUris) {
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
