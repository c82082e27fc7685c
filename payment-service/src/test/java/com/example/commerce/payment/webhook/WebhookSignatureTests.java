package com.example.commerce.payment.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTests {

    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final byte[] BODY = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);
    private final Instant now = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void acceptsTheSecretsSignatureOfAFreshTimestamp() {
        assertThat(check(header(now.minusSeconds(299), "s"), "s")).isEqualTo(WebhookSignature.Verdict.VALID);
    }

    @Test
    void refusesAnotherSecretAnAlteredBodyAndNonsense() {
        assertThat(check(header(now, "other"), "s")).isEqualTo(WebhookSignature.Verdict.BAD_SIGNATURE);
        String signed = header(now, "s");
        assertThat(WebhookSignature.check(signed, "{\"id\":\"evt_2\"}".getBytes(StandardCharsets.UTF_8), "s", now, TOLERANCE))
                .isEqualTo(WebhookSignature.Verdict.BAD_SIGNATURE);
        assertThat(check(null, "s")).isEqualTo(WebhookSignature.Verdict.BAD_SIGNATURE);
        assertThat(check("t=abc,v1=00", "s")).isEqualTo(WebhookSignature.Verdict.BAD_SIGNATURE);
        assertThat(check("v1=" + WebhookSignature.sign("s", "." + new String(BODY, StandardCharsets.UTF_8)), "s"))
                .isEqualTo(WebhookSignature.Verdict.BAD_SIGNATURE);
    }

    @Test
    void refusesATimestampOutsideTheTolerance() {
        assertThat(check(header(now.minusSeconds(301), "s"), "s")).isEqualTo(WebhookSignature.Verdict.STALE);
        assertThat(check(header(now.plusSeconds(301), "s"), "s")).isEqualTo(WebhookSignature.Verdict.STALE);
    }

    private WebhookSignature.Verdict check(String header, String secret) {
        return WebhookSignature.check(header, BODY, secret, now, TOLERANCE);
    }

    private static String header(Instant at, String secret) {
        long t = at.getEpochSecond();
        return "t=" + t + ",v1=" + WebhookSignature.sign(secret, t + "." + new String(BODY, StandardCharsets.UTF_8));
    }
}
