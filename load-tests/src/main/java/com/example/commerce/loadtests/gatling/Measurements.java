package com.example.commerce.loadtests.gatling;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the scenarios saw, request by request, kept in this JVM beside Gatling's own statistics so the step-up
 * benchmark (which runs Gatling in the same JVM) can apply its stop rule and compute its figures from the same
 * responses Gatling timed. Gatling's HTML report shows the same requests; nothing here is estimated.
 */
public final class Measurements {

    /** One HTTP call: its name, when it started, how long the answer took, its status (0: no answer) and Retry-After. */
    public record Call(String name, long startEpochMillis, long millis, int status, boolean retryAfter) {
    }

    /**
     * One checkout: when the user arrived (the POST started), the POST's answer and time, the order id when it was
     * accepted, the last status the long poll saw and when it saw a confirmation (-1: none).
     */
    public record Checkout(long arrivalEpochMillis, int placeStatus, long placeMillis, boolean retryAfter, String orderId,
                           String finalStatus, long confirmedEpochMillis) {

        public boolean accepted() {
            return placeStatus == 202 && orderId != null;
        }

        public boolean confirmed() {
            return confirmedEpochMillis >= 0;
        }

        /** Placed -> CONFIRMED as the client saw it: from arrival to the long poll's confirmation. */
        public long placedToConfirmedMillis() {
            return confirmed() ? confirmedEpochMillis - arrivalEpochMillis : -1;
        }
    }

    private static final ConcurrentLinkedQueue<Call> CALLS = new ConcurrentLinkedQueue<>();
    private static final ConcurrentLinkedQueue<Checkout> CHECKOUTS = new ConcurrentLinkedQueue<>();

    private Measurements() {
    }

    static void call(Call call) {
        CALLS.add(call);
    }

    static void checkout(Checkout checkout) {
        CHECKOUTS.add(checkout);
    }

    /** Everything recorded since the last drain, and forgets it (one Gatling run at a time). */
    public static List<Call> drainCalls() {
        List<Call> drained = new ArrayList<>();
        for (Call call; (call = CALLS.poll()) != null; ) {
            drained.add(call);
        }
        return drained;
    }

    public static List<Checkout> drainCheckouts() {
        List<Checkout> drained = new ArrayList<>();
        for (Checkout checkout; (checkout = CHECKOUTS.poll()) != null; ) {
            drained.add(checkout);
        }
        return drained;
    }
}
