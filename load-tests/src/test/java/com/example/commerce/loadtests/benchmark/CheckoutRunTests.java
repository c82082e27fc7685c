package com.example.commerce.loadtests.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.loadtests.gatling.Measurements.Checkout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckoutRunTests {

    private static Checkout confirmed(long arrival, long latency) {
        return new Checkout(arrival, 202, 20, false, "order-" + arrival, "CONFIRMED", arrival + latency);
    }

    private static Checkout refused(long arrival, int status, long millis, boolean retryAfter) {
        return new Checkout(arrival, status, millis, retryAfter, null, "", -1);
    }

    @Test
    void countsAndTheClientSideP99ComeFromTheConfirmedOrders() {
        List<Checkout> checkouts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            checkouts.add(confirmed(i * 100L, i + 1));
        }
        checkouts.add(refused(50, 503, 5, true));

        CheckoutRun run = new CheckoutRun(checkouts);

        assertThat(run.offered()).isEqualTo(101);
        assertThat(run.accepted()).isEqualTo(100);
        assertThat(run.confirmed()).isEqualTo(100);
        assertThat(run.p99()).isEqualTo(99);
        // first arrival at 0, last confirmation at 9,900 + 100 ms
        assertThat(run.confirmedRate()).isEqualTo(10.0);
    }

    @Test
    void aProperRefusalIs429Or503WithRetryAfterWithin100Milliseconds() {
        assertThat(CheckoutRun.properRefusal(refused(0, 503, 100, true), 100)).isTrue();
        assertThat(CheckoutRun.properRefusal(refused(0, 429, 3, true), 100)).isTrue();
        assertThat(CheckoutRun.properRefusal(refused(0, 503, 101, true), 100)).isFalse();
        assertThat(CheckoutRun.properRefusal(refused(0, 503, 5, false), 100)).isFalse();
        assertThat(CheckoutRun.properRefusal(refused(0, 500, 5, true), 100)).isFalse();
        assertThat(CheckoutRun.properRefusal(refused(0, 0, 5, false), 100)).isFalse();
    }

    @Test
    void recoveryIsTheFirstSecondAfterWhichEveryArrivalIsConfirmedInTime() {
        List<Checkout> checkouts = new ArrayList<>();
        long end = 60_000;
        for (int second = 0; second < 10; second++) {
            long latency = second < 4 ? 5_000 : 200;   // seconds 0..3 after the surge still late
            checkouts.add(confirmed(end + second * 1000L + 100, latency));
            checkouts.add(confirmed(end + second * 1000L + 600, latency));
        }

        assertThat(new CheckoutRun(checkouts).recoverySeconds(end, end + 10_000, 1000)).hasValue(4);
    }

    @Test
    void aLateSecondAtTheEndMeansNotRecovered() {
        List<Checkout> checkouts = new ArrayList<>();
        long end = 60_000;
        for (int second = 0; second < 10; second++) {
            checkouts.add(confirmed(end + second * 1000L + 100, second == 9 ? 5_000 : 200));
        }

        assertThat(new CheckoutRun(checkouts).recoverySeconds(end, end + 10_000, 1000)).isEmpty();
    }

    @Test
    void anArrivalRefusedAfterTheSurgeHoldsRecoveryBack() {
        List<Checkout> checkouts = new ArrayList<>();
        long end = 0;
        for (int second = 0; second < 5; second++) {
            checkouts.add(confirmed(end + second * 1000L + 100, 200));
        }
        checkouts.add(refused(2_500, 503, 3, true));

        assertThat(new CheckoutRun(checkouts).recoverySeconds(end, end + 5_000, 1000)).hasValue(3);
    }

    @Test
    void acceptedOrdersThatNeitherConfirmedNorEndedAreUnfinished() {
        CheckoutRun run = new CheckoutRun(List.of(confirmed(0, 10),
                new Checkout(1, 202, 10, false, "a", "PENDING", -1),
                new Checkout(2, 202, 10, false, "b", "REJECTED", -1),
                refused(3, 503, 1, true)));

        assertThat(run.acceptedButUnfinished()).isEqualTo(1);
    }
}
