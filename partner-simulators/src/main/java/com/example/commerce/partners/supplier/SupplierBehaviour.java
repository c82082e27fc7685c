package com.example.commerce.partners.supplier;

/**
 * How the simulated supplier behaves right now. Every knob of {@code PUT /supplier/admin/behaviour}; a knob left
 * out of an update keeps its value.
 *
 * @param outcome          what a new purchase order gets: CONFIRM (every line as asked), PARTIAL (each line
 *                         {@code partialShare} of its quantity, rounded down; a line left with nothing is rejected)
 *                         or REJECT (every line refused)
 * @param partialShare     the share of each line confirmed under PARTIAL, 0..1
 * @param etaDays          days from today to the expected ship date of a confirmed line
 * @param delayDays        days added to that date (a supplier running late; the order is still confirmed)
 * @param latencyMs        how long every SOAP call waits before it is handled
 * @param outage           true: every SOAP call answers HTTP 503 and changes nothing
 * @param shipAfterSeconds how long after it was confirmed an order ships by itself; negative: never (ship it by
 *                         hand with {@code POST /supplier/admin/purchase-orders/{poNumber}/ship})
 * @param loseResponses    the next this many SOAP calls are performed, then answered HTTP 503 instead of their
 *                         answer (an answer lost on the way: the caller must ask again with the same poNumber)
 */
public record SupplierBehaviour(String outcome, Double partialShare, Integer etaDays, Integer delayDays,
                                Long latencyMs, Boolean outage, Long shipAfterSeconds, Integer loseResponses) {

    static final String CONFIRM = "CONFIRM";
    static final String PARTIAL = "PARTIAL";
    static final String REJECT = "REJECT";

    /** This behaviour with every knob {@code update} names replaced. */
    SupplierBehaviour with(SupplierBehaviour update) {
        return new SupplierBehaviour(
                update.outcome != null ? update.outcome : outcome,
                update.partialShare != null ? update.partialShare : partialShare,
                update.etaDays != null ? update.etaDays : etaDays,
                update.delayDays != null ? update.delayDays : delayDays,
                update.latencyMs != null ? update.latencyMs : latencyMs,
                update.outage != null ? update.outage : outage,
                update.shipAfterSeconds != null ? update.shipAfterSeconds : shipAfterSeconds,
                update.loseResponses != null ? update.loseResponses : loseResponses);
    }

    /** Null when every knob is within its range, otherwise what is wrong. */
    String invalidity() {
        if (outcome != null && !CONFIRM.equals(outcome) && !PARTIAL.equals(outcome) && !REJECT.equals(outcome)) {
            return "outcome must be CONFIRM, PARTIAL or REJECT";
        }
        if (partialShare != null && (partialShare < 0 || partialShare > 1)) {
            return "partialShare must be within 0..1";
        }
        if (etaDays != null && etaDays < 0 || delayDays != null && delayDays < 0 || latencyMs != null && latencyMs < 0
                || loseResponses != null && loseResponses < 0) {
            return "etaDays, delayDays, latencyMs and loseResponses must not be negative";
        }
        return null;
    }
}
