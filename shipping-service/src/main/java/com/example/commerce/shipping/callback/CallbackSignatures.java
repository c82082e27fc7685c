package com.example.commerce.shipping.callback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Checks {@code X-Signature: t=<epochSeconds>,v1=<hex>}: HMAC-SHA256 over {@code "<t>.<body>"} with the shared
 * secret, and a timestamp within the tolerance, so a captured callback cannot be replayed later.
 */
@Component
class CallbackSignatures {

    enum Verdict { VALID, MISSING, BAD_SIGNATURE, STALE }

    private final CallbackProperties properties;
    private final Clock clock;

    CallbackSignatures(CallbackProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    Verdict check(String header, String body) {
        if (header == null || header.isBlank()) {
            return Verdict.MISSING;
        }
        Long t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length != 2) {
                continue;
            }
            if (pair[0].equals("t")) {
                try {
                    t = Long.parseLong(pair[1]);
                } catch (NumberFormatException e) {
                    return Verdict.BAD_SIGNATURE;
                }
            } else if (pair[0].equals("v1")) {
                v1 = pair[1];
            }
        }
        if (t == null || v1 == null) {
            return Verdict.BAD_SIGNATURE;
        }
        byte[] expected = sign(properties.secret(), t, body).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, v1.toLowerCase().getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.BAD_SIGNATURE;
        }
        long age = Math.abs(clock.instant().getEpochSecond() - t);
        return age > properties.tolerance().toSeconds() ? Verdict.STALE : Verdict.VALID;
    }

    /** The hex HMAC-SHA256 of {@code "<t>.<body>"} under {@code secret}. */
    static String sign(String secret, long t, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String header(String secret, Instant at, String body) {
        return "t=" + at.getEpochSecond() + ",v1=" + sign(secret, at.getEpochSecond(), body);
    }
}
