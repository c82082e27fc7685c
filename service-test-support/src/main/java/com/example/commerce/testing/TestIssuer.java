package com.example.commerce.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token issuer for tests: an RSA key pair, its public key set served over real HTTP on 127.0.0.1 (at
 * {@code /oauth2/jwks}, where customer-service serves its own, plus a discovery document), and real
 * signed JWTs. One per test JVM, started on first use; every Spring test context is pointed at it
 * ({@link TestIssuerContextCustomizerFactory}), so a service under test checks these tokens exactly as
 * it checks customer-service's in production.
 *
 * <p>Tests mint tokens through {@link TestTokens}; this class also signs the bad ones: with a key the
 * key set does not list ({@link Signer#UNKNOWN_KEY}), with another key under the listed key id
 * ({@link Signer#IMPOSTOR}), or not at all ({@link Signer#NONE}, {@code alg: none}).
 */
public final class TestIssuer {

    /** How a token is signed. */
    public enum Signer {
        /** The issuer's key, listed in its key set. */
        ISSUER,
        /** A key the key set does not list (an unknown {@code kid}). */
        UNKNOWN_KEY,
        /** Another key that claims the issuer's {@code kid}: the signature does not verify. */
        IMPOSTOR,
        /** No signature: {@code alg: none}. */
        NONE,
        /** The issuer's next key, listed only between {@link #publishNextKey()} and {@link #withdrawNextKey()}. */
        NEXT
    }

    private static TestIssuer instance;

    private final HttpServer server;
    private final String issuer;
    private final RSAKey key;
    private final RSAKey unknownKey;
    private final RSAKey impostorKey;
    private final RSAKey nextKey;
    private volatile boolean nextKeyPublished;
    private final AtomicInteger keySetFetches = new AtomicInteger();

    private TestIssuer() {
        try {
            key = new RSAKeyGenerator(2048).keyID("test-issuer-key").keyUse(KeyUse.SIGNATURE).generate();
            unknownKey = new RSAKeyGenerator(2048).keyID("not-listed-key").keyUse(KeyUse.SIGNATURE).generate();
            impostorKey = new RSAKeyGenerator(2048).keyID(key.getKeyID()).keyUse(KeyUse.SIGNATURE).generate();
            nextKey = new RSAKeyGenerator(2048).keyID("test-issuer-next-key").keyUse(KeyUse.SIGNATURE).generate();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not make the test issuer's keys", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/oauth2/jwks", exchange -> {
            keySetFetches.incrementAndGet();
            respond(exchange, (nextKeyPublished ? new JWKSet(java.util.List.of(key.toPublicJWK(), nextKey.toPublicJWK()))
                    : new JWKSet(key.toPublicJWK())).toString());
        });
        server.createContext("/.well-known/openid-configuration", exchange -> respond(exchange,
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/oauth2/jwks\"}"));
        server.start();
    }

    /** The shared issuer, started on the first call and stopped when the JVM exits. */
    public static synchronized TestIssuer get() {
        if (instance == null) {
            instance = new TestIssuer();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> instance.server.stop(0), "test-issuer-stop"));
        }
        return instance;
    }

    /** The issuer's name, a token's {@code iss}: {@code http://127.0.0.1:<port>}. */
    public String issuer() {
        return issuer;
    }

    public URI jwkSetUri() {
        return URI.create(issuer + "/oauth2/jwks");
    }

    /** How often the key set has been fetched (services cache it). */
    public int keySetFetches() {
        return keySetFetches.get();
    }

    /** A rotation: the key set lists the next key beside the current one from now on. */
    public void publishNextKey() {
        nextKeyPublished = true;
    }

    /** The next key is withdrawn from the key set again. */
    public void withdrawNextKey() {
        nextKeyPublished = false;
    }

    /** The compact serialisation of a JWT with these claims, signed as asked. */
    public String sign(JWTClaimsSet claims, Signer signer) {
        if (signer == Signer.NONE) {
            return new PlainJWT(claims).serialize();
        }
        RSAKey signingKey = switch (signer) {
            case ISSUER -> key;
            case UNKNOWN_KEY -> unknownKey;
            case IMPOSTOR -> impostorKey;
            case NEXT -> nextKey;
            case NONE -> throw new IllegalStateException();
        };
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(signingKey));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a test token", e);
        }
        return jwt.serialize();
    }

    private static void respond(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
