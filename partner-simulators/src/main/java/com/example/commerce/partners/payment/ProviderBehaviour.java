package com.example.commerce.partners.payment;

/**
 * The provider simulator's knobs, changed at run time through {@code PUT /provider/admin/behaviour}. In a
 * request every field is optional: an absent (null) field leaves the knob as it is.
 *
 * @param declineRate     share of authorisations declined at random (0..1), on top of cards ending in 0002
 * @param latencyMs       added before every API answer
 * @param ambiguousRate   share of operations that are performed and then answered 504 after {@code ambiguousHoldMs}
 * @param ambiguousHoldMs how long an ambiguous answer is withheld
 * @param outage          true: every API call answers 503 and performs nothing
 * @param webhooks        true: signed callbacks go to the callbackUrl of each intent
 * @param refuseSettlements true: every capture and refund is refused for good (402 {@code settlement_refused}), performing nothing
 */
public record ProviderBehaviour(Double declineRate, Long latencyMs, Double ambiguousRate, Long ambiguousHoldMs,
                                Boolean outage, Boolean webhooks, Boolean refuseSettlements) {

    static ProviderBehaviour defaults() {
        return new ProviderBehaviour(0.0, 0L, 0.0, 10_000L, false, true, false);
    }

    /** This behaviour with every knob {@code change} sets replaced. */
    ProviderBehaviour with(ProviderBehaviour change) {
        return new ProviderBehaviour(
                change.declineRate != null ? change.declineRate : declineRate,
                change.latencyMs != null ? change.latencyMs : latencyMs,
                change.ambiguousRate != null ? change.ambiguousRate : ambiguousRate,
                change.ambiguousHoldMs != null ? change.ambiguousHoldMs : ambiguousHoldMs,
                change.outage != null ? change.outage : outage,
                change.webhooks != null ? change.webhooks : webhooks,
                change.refuseSettlements != null ? change.refuseSettlements : refuseSettlements);
    }

    /** Null when the change is acceptable, else what is wrong with it. */
    static String problemOf(ProviderBehaviour change) {
        if (change.declineRate != null && (change.declineRate < 0 || change.declineRate > 1)) {
            return "declineRate must be within 0..1";
        }
        if (change.ambiguousRate != null && (change.ambiguousRate < 0 || change.ambiguousRate > 1)) {
            return "ambiguousRate must be within 0..1";
        }
        if (change.latencyMs != null && (change.latencyMs < 0 || change.latencyMs > 120_000)) {
            return "latencyMs must be within 0..120000";
        }
        if (change.ambiguousHoldMs != null && (change.ambiguousHoldMs < 0 || change.ambiguousHoldMs > 120_000)) {
            return "ambiguousHoldMs must be within 0..120000";
        }
        return null;
    }
}
