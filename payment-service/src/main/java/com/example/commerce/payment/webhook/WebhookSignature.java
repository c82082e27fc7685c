package com.example.commerce.payment.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks {@code X-Signature: t=<epochSeconds>,v1=<hex>}: HMAC-SHA256 over {@code "<t>.<body>"} with the
 * shared secret, compared in constant time, and {@code t} within the tolerance of now.
 */
final class WebhookSignature {

    private WebhookSignature() {
    }

    enum Verdict { VALID, BAD_SIGNATURE, STALE }

    static Verdict check(String header, byte[] body, String secret, Instant now, Duration tolerance) {
        if (header == null) {
            return Verdict.BAD_SIGNATURE;
        }
        Long timestamp = null;
        String signature = null;
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                try {
                    timestamp = Long.parseLong(pair[1]);
                } catch (NumberFormatException e) {
                    return Verdict.BAD_SIGNATURE;
                }
            } else if (pair.length == 2 && pair[0].equals("v1")) {
                signature = pair[1];
            }
        }
        if (timestamp == null || signature == null) {
            return Verdict.BAD_SIGNATURE;
        }
        byte[] expected = sign(secret, timestamp + "." + new String(body, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.BAD_SIGNATURE;
        }
        long age = now.getEpochSecond() - timestamp;
        return Math.abs(age) > tolerance.toSeconds() ? Verdict.STALE : Verdict.VALID;
    }

    static String sign(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
