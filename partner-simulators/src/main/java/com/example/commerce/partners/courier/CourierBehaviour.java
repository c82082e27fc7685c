package com.example.commerce.partners.courier;

/**
 * How the simulated courier behaves right now. Every knob of {@code PUT /courier/admin/behaviour}; a knob
 * left out of an update keeps its value.
 *
 * @param refuseRate      share of bookings refused for good (422), 0..1
 * @param failureRate     share of dispatched parcels lost in transit (FAILED instead of DELIVERED), 0..1
 * @param latencyMs       how long every API call waits before it answers
 * @param outage          true: every API call answers 503 and changes nothing
 * @param autoAdvance     true: bookings move on to DISPATCHED and DELIVERED (or FAILED) by themselves
 * @param dispatchAfterMs how long after booking a parcel is picked up
 * @param deliverAfterMs  how long after pick-up a parcel is delivered (or lost)
 * @param callbacks       false: status changes are not called back (as if every callback were lost)
 */
public record CourierBehaviour(Double refuseRate, Double failureRate, Long latencyMs, Boolean outage,
                               Boolean autoAdvance, Long dispatchAfterMs, Long deliverAfterMs, Boolean callbacks) {

    /** This behaviour with every knob {@code update} names replaced. */
    CourierBehaviour with(CourierBehaviour update) {
        return new CourierBehaviour(
                update.refuseRate != null ? update.refuseRate : refuseRate,
                update.failureRate != null ? update.failureRate : failureRate,
                update.latencyMs != null ? update.latencyMs : latencyMs,
                update.outage != null ? update.outage : outage,
                update.autoAdvance != null ? update.autoAdvance : autoAdvance,
                update.dispatchAfterMs != null ? update.dispatchAfterMs : dispatchAfterMs,
                update.deliverAfterMs != null ? update.deliverAfterMs : deliverAfterMs,
                update.callbacks != null ? update.callbacks : callbacks);
    }

    /** Null when every knob is within its range, otherwise what is wrong. */
    String invalidity() {
        if (refuseRate != null && (refuseRate < 0 || refuseRate > 1)) {
            return "refuseRate must be within 0..1";
        }
        if (failureRate != null && (failureRate < 0 || failureRate > 1)) {
            return "failureRate must be within 0..1";
        }
        if (latencyMs != null && latencyMs < 0 || dispatchAfterMs != null && dispatchAfterMs < 0
                || deliverAfterMs != null && deliverAfterMs < 0) {
            return "latencyMs, dispatchAfterMs and deliverAfterMs must not be negative";
        }
        return null;
    }
}
