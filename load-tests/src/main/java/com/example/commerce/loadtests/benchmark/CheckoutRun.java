package com.example.commerce.loadtests.benchmark;

import com.example.commerce.loadtests.gatling.Measurements.Checkout;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;

/** What a run of the checkout scenario measured: counts, client-side latency, confirmation rate, overload figures. */
public record CheckoutRun(List<Checkout> checkouts) {

    public long offered() {
        return checkouts.size();
    }

    public long accepted() {
        return checkouts.stream().filter(Checkout::accepted).count();
    }

    public long confirmed() {
        return checkouts.stream().filter(Checkout::confirmed).count();
    }

    /** Client-side placed -> CONFIRMED of the confirmed orders, ascending. */
    public List<Long> placedToConfirmed() {
        return checkouts.stream().filter(Checkout::confirmed).map(Checkout::placedToConfirmedMillis).sorted().toList();
    }

    public long p99() {
        return Percentiles.of(placedToConfirmed(), 99);
    }

    /** Confirmations per second, from the first arrival to the last confirmation. */
    public double confirmedRate() {
        long first = checkouts.stream().mapToLong(Checkout::arrivalEpochMillis).min().orElse(0);
        long last = checkouts.stream().filter(Checkout::confirmed).mapToLong(Checkout::confirmedEpochMillis).max().orElse(first);
        return confirmed() / Math.max(0.001, (last - first) / 1000.0);
    }

    public StepRule.Step step(double offeredRate, int seconds) {
        return new StepRule.Step(offeredRate, seconds, offered(), confirmed(), p99(), confirmedRate());
    }

    /** Confirmations (by the time the client saw them) within {@code [from, to)} epoch ms. */
    public long confirmedBetween(long from, long to) {
        return checkouts.stream().filter(Checkout::confirmed)
                .filter(c -> c.confirmedEpochMillis() >= from && c.confirmedEpochMillis() < to).count();
    }

    /** Arrivals within {@code [from, to)} that were not accepted (any other answer, or none). */
    public List<Checkout> refusedBetween(long from, long to) {
        return checkouts.stream().filter(c -> !c.accepted())
                .filter(c -> c.arrivalEpochMillis() >= from && c.arrivalEpochMillis() < to).toList();
    }

    /** A refusal as the issue asks for one: 429 or 503, with Retry-After, answered within {@code withinMillis}. */
    public static boolean properRefusal(Checkout refused, long withinMillis) {
        return (refused.placeStatus() == 429 || refused.placeStatus() == 503) && refused.retryAfter()
                && refused.placeMillis() >= 0 && refused.placeMillis() <= withinMillis;
    }

    /** Accepted orders that were neither confirmed nor ended otherwise within the follow limit. */
    public long acceptedButUnfinished() {
        return checkouts.stream().filter(Checkout::accepted).filter(c -> !c.confirmed())
                .filter(c -> !List.of("CANCELLED", "REJECTED", "TIMED_OUT").contains(c.finalStatus())).count();
    }

    /**
     * Seconds from {@code from} (the end of a surge) until the offered rate is carried again: the start of the first
     * one-second bucket of arrivals after which every bucket up to {@code to} had all its arrivals confirmed within
     * {@code latencyMillis}. Empty when the last bucket still fails (not recovered within the window).
     */
    public OptionalInt recoverySeconds(long from, long to, long latencyMillis) {
        int buckets = (int) ((to - from) / 1000);
        boolean[] good = new boolean[buckets];
        java.util.Arrays.fill(good, true);
        boolean[] seen = new boolean[buckets];
        for (Checkout c : checkouts) {
            long at = c.arrivalEpochMillis();
            if (at < from || at >= from + buckets * 1000L) {
                continue;
            }
            int b = (int) ((at - from) / 1000);
            seen[b] = true;
            if (!c.confirmed() || c.placedToConfirmedMillis() > latencyMillis) {
                good[b] = false;
            }
        }
        int recovered = -1;
        for (int b = buckets - 1; b >= 0; b--) {
            if (good[b] && seen[b]) {
                recovered = b;
            } else if (seen[b]) {
                break;
            }
        }
        return recovered < 0 ? OptionalInt.empty() : OptionalInt.of(recovered);
    }

    /** Every id of a confirmed order, in arrival order. */
    public List<String> confirmedOrderIds() {
        return checkouts.stream().filter(Checkout::confirmed).sorted(Comparator.comparingLong(Checkout::arrivalEpochMillis))
                .map(Checkout::orderId).toList();
    }
}
