package com.example.commerce.customer.identity;

import com.example.commerce.starter.outbox.Uuids;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The keys customer-service signs tokens with, kept in {@code signing_key} so a restart (or a second
 * instance) signs and verifies with the same ones. One key is active; {@link #rotate()} retires it and
 * makes a new one, and the retired key stays in the published key set (JWKS) for
 * {@code commerce.identity.retired-key-retention}, so tokens it signed keep verifying until they expire.
 *
 * <p>The key set is read from the table at most every {@value #RELOAD_SECONDS} s (and at once after a
 * rotation here), so another instance's rotation shows within that time. The first use on an empty
 * table creates the first key.
 */
@Component
public class SigningKeys implements JWKSource<SecurityContext> {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    static final int RELOAD_SECONDS = 10;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Duration retention;
    private final Clock clock;
    private volatile Snapshot snapshot;

    private record Snapshot(JWKSet keys, String activeKeyId, Instant loadedAt) {
    }

    /** What a rotation did. */
    public record Rotation(String activeKeyId, String retiredKeyId, List<String> published) {
    }

    SigningKeys(JdbcTemplate jdbc, TransactionTemplate transactions, IdentityProperties properties, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.retention = properties.retiredKeyRetention();
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        return selector.select(current().keys());
    }

    /** The key id new tokens are signed with. */
    public String activeKeyId() {
        return current().activeKeyId();
    }

    /** The key ids of the published key set, the active one first. */
    public List<String> publishedKeyIds() {
        return current().keys().getKeys().stream().map(JWK::getKeyID).toList();
    }

    /** Retires the active key (it stays published for the retention) and signs from now on with a new one. */
    public Rotation rotate() {
        String retired = transactions.execute(status -> {
            List<String> active = jdbc.queryForList(
                    "SELECT kid FROM signing_key WHERE retired_at IS NULL FOR UPDATE", String.class);
            Instant now = clock.instant();
            jdbc.update("UPDATE signing_key SET retired_at = ? WHERE retired_at IS NULL", Timestamp.from(now));
            jdbc.update("DELETE FROM signing_key WHERE retired_at < ?", Timestamp.from(now.minus(retention)));
            insert(generate(), now);
            return active.isEmpty() ? null : active.getFirst();
        });
        Snapshot fresh = load();
        log.info("Rotated the signing key: {} retired, {} active", retired, fresh.activeKeyId());
        return new Rotation(fresh.activeKeyId(), retired, publishedKeyIds());
    }

    private Snapshot current() {
        Snapshot now = snapshot;
        if (now == null || now.loadedAt().isBefore(clock.instant().minusSeconds(RELOAD_SECONDS))) {
            now = load();
        }
        return now;
    }

    private synchronized Snapshot load() {
        Instant now = clock.instant();
        List<Row> rows = rows(now);
        if (rows.stream().noneMatch(Row::active)) {
            transactions.executeWithoutResult(status -> {
                // Two instances starting together: the partial unique index lets one active key win.
                jdbc.update("""
                        INSERT INTO signing_key (kid, algorithm, public_key, private_key, created_at)
                        VALUES (?, 'RS256', ?, ?, ?) ON CONFLICT ((true)) WHERE retired_at IS NULL DO NOTHING""",
                        args(generate(), now));
            });
            rows = rows(now);
        }
        List<JWK> keys = rows.stream().map(Row::key).map(JWK.class::cast).toList();
        String active = rows.stream().filter(Row::active).map(row -> row.key().getKeyID()).findFirst().orElseThrow();
        Snapshot loaded = new Snapshot(new JWKSet(keys), active, now);
        snapshot = loaded;
        return loaded;
    }

    private record Row(RSAKey key, boolean active) {
    }

    /** The active key first, then retired keys still within their retention, newest first. */
    private List<Row> rows(Instant now) {
        return jdbc.query("""
                SELECT kid, public_key, private_key, retired_at IS NULL AS active FROM signing_key
                WHERE retired_at IS NULL OR retired_at >= ?
                ORDER BY retired_at IS NULL DESC, retired_at DESC""",
                (rs, i) -> new Row(decode(rs.getString("kid"), rs.getString("public_key"), rs.getString("private_key")),
                        rs.getBoolean("active")),
                Timestamp.from(now.minus(retention)));
    }

    private void insert(KeyPair pair, Instant now) {
        jdbc.update("INSERT INTO signing_key (kid, algorithm, public_key, private_key, created_at) VALUES (?, 'RS256', ?, ?, ?)",
                args(pair, now));
    }

    private static Object[] args(KeyPair pair, Instant now) {
        Base64.Encoder base64 = Base64.getEncoder();
        return new Object[] {Uuids.v7().toString(), base64.encodeToString(pair.getPublic().getEncoded()),
                base64.encodeToString(pair.getPrivate().getEncoded()), Timestamp.from(now)};
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    private static RSAKey decode(String kid, String publicKey, String privateKey) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPublicKey pub = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey)));
            RSAPrivateKey priv = (RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKey)));
            return new RSAKey.Builder(pub).privateKey(priv).keyID(kid).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing key " + kid + " cannot be read", e);
        }
    }
}
