package com.example.commerce.loadtests.benchmark;

/**
 * When a step of the step-up breaks: its client-side placed -> CONFIRMED p99 is over the limit, or too many of
 * its orders were refused or failed, or it confirmed clearly less than it was offered. The sustained maximum is
 * the confirmation rate of the last step that did not break.
 *
 * @param p99LimitMillis     p99 of placed -> CONFIRMED (client side) above which a step breaks
 * @param maxErrorShare      share of arrivals not confirmed (refused, failed, or not confirmed in time) above which a step breaks
 * @param minConfirmedShare  confirmations per second as a share of the offered rate below which a step breaks
 */
public record StepRule(long p99LimitMillis, double maxErrorShare, double minConfirmedShare) {

    /** What one step measured. */
    public record Step(double offeredRate, int seconds, long offered, long confirmed, long p99Millis, double confirmedRate) {

        public double errorShare() {
            return Ratios.share(offered - confirmed, offered);
        }
    }

    /** Why a step breaks, or null when it holds. */
    public String breaks(Step step) {
        if (step.confirmed() == 0) {
            return "nothing confirmed";
        }
        if (step.p99Millis() > p99LimitMillis) {
            return "p99 " + step.p99Millis() + " ms > " + p99LimitMillis + " ms";
        }
        if (step.errorShare() > maxErrorShare) {
            return String.format(java.util.Locale.ROOT, "%.1f%% not confirmed > %.1f%%", 100 * step.errorShare(),
                    100 * maxErrorShare);
        }
        if (step.confirmedRate() < minConfirmedShare * step.offeredRate()) {
            return String.format(java.util.Locale.ROOT, "confirmed %.1f/s < %.0f%% of offered %.1f/s", step.confirmedRate(),
                    100 * minConfirmedShare, step.offeredRate());
        }
        return null;
    }

    /** The next offered rate: {@code factor} times this one, at least one more a second. */
    public static double next(double rate, double factor) {
        return Math.max(rate + 1, Math.round(rate * factor * 10) / 10.0);
    }
}
