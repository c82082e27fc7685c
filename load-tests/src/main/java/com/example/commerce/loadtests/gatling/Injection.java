package com.example.commerce.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.incrementUsersPerSec;

import io.gatling.javaapi.core.OpenInjectionStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Open-model arrival rates from a system property: {@code -Dbench.phases=30@60,90@60,30@30} offers 30 users a
 * second for 60 s, then 90/s for 60 s, then 30/s for 30 s (each phase a {@code constantUsersPerSec}, randomized
 * off so arrivals are evenly spaced); {@code -Dbench.stairs=10,10,4,30} (start, step, levels, seconds a level)
 * climbs stairs with {@code incrementUsersPerSec}.
 */
public final class Injection {

    /** One phase: {@code rate} users a second for {@code seconds}. */
    public record Phase(double rate, int seconds) {
        public Phase {
            if (rate <= 0 || seconds <= 0) {
                throw new IllegalArgumentException("a phase needs a positive rate and duration: " + rate + "@" + seconds);
            }
        }
    }

    private Injection() {
    }

    /** Parses {@code rate@seconds,rate@seconds,...}. */
    public static List<Phase> phases(String text) {
        List<Phase> phases = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] rateAndSeconds = part.strip().split("@");
            if (rateAndSeconds.length != 2) {
                throw new IllegalArgumentException("expected rate@seconds, got '" + part + "' in '" + text + "'");
            }
            phases.add(new Phase(Double.parseDouble(rateAndSeconds[0]), Integer.parseInt(rateAndSeconds[1])));
        }
        return phases;
    }

    /** The injection steps {@code -Dbench.stairs} or {@code -Dbench.phases} ask for ({@code fallback} if neither). */
    public static OpenInjectionStep[] fromProperties(String fallback) {
        String stairs = System.getProperty("bench.stairs");
        if (stairs != null) {
            String[] p = stairs.split(",");
            return new OpenInjectionStep[] {incrementUsersPerSec(Double.parseDouble(p[1])).times(Integer.parseInt(p[2]))
                    .eachLevelLasting(Duration.ofSeconds(Integer.parseInt(p[3])))
                    .separatedByRampsLasting(Duration.ofSeconds(2)).startingFrom(Double.parseDouble(p[0]))};
        }
        return phases(System.getProperty("bench.phases", fallback)).stream()
                .map(phase -> (OpenInjectionStep) constantUsersPerSec(phase.rate())
                        .during(Duration.ofSeconds(phase.seconds())))
                .toArray(OpenInjectionStep[]::new);
    }
}
