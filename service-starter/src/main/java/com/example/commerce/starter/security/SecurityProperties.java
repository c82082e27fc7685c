package com.example.commerce.starter.security;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whom a service trusts to vouch for its callers.
 *
 * @param issuerUri  the token issuer (customer-service): a token's {@code iss} must equal it exactly
 * @param jwkSetUri  where the issuer's public keys are, fetched on the first token and cached; by default
 *                   the issuer's {@code /oauth2/jwks}
 * @param audience   the API audience a token's {@code aud} must contain
 * @param clockSkew  how far {@code exp} and {@code nbf} may be off the service's clock
 * @param jwksTimeout connect and read timeout of one fetch of the key set
 * @param jwksCacheTtl how long the key set is kept before it is fetched again (a key id it lacks makes it
 *                    fetch at once); bounds how long a key the issuer withdrew is still trusted
 * @param jwksMinRefetchInterval the least time between two fetches for unknown key ids (made-up key ids
 *                    cannot make a service hammer the issuer)
 */
@ConfigurationProperties("commerce.security")
public record SecurityProperties(@DefaultValue("http://localhost:8082") URI issuerUri,
                                 URI jwkSetUri,
                                 @DefaultValue("commerce-api") String audience,
                                 @DefaultValue("30s") Duration clockSkew,
                                 @DefaultValue("3s") Duration jwksTimeout,
                                 @DefaultValue("5m") Duration jwksCacheTtl,
                                 @DefaultValue("1s") Duration jwksMinRefetchInterval) {

    /** The issuer as it appears in a token's {@code iss}, without a trailing slash. */
    public String issuer() {
        String issuer = issuerUri.toString();
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }

    public URI effectiveJwkSetUri() {
        return jwkSetUri != null ? jwkSetUri : URI.create(issuer() + "/oauth2/jwks");
    }
}
