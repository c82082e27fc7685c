package com.example.commerce.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

/**
 * A stream of events as an at-least-once broker may hand it to a consumer: every event several times
 * under its one id, in an order that is random except for what the broker does guarantee. The first
 * copies of one key's events keep the order in which they were published; every repeat comes somewhere
 * after its first copy; keys are interleaved.
 *
 * <p>Seed the {@link Random} with {@link #seed()} and show the seed in the assertion, so a failing order
 * can be replayed.
 */
public final class Redeliveries {

    /** The system property that replays a given order: {@code -Dredeliveries.seed=<seed of the failure>}. */
    public static final String SEED_PROPERTY = "redeliveries.seed";

    /**
     * One delivery of an event.
     *
     * @param eventId the id every copy of the event carries ({@code ce_id})
     * @param copy    which delivery of the event this is, 1 for the first
     */
    public record Delivery<E>(UUID eventId, E event, int copy) {

        public boolean first() {
            return copy == 1;
        }
    }

    private Redeliveries() {
    }

    /** A fresh seed, or the one given in {@value #SEED_PROPERTY} to replay an order. */
    public static long seed() {
        return Long.getLong(SEED_PROPERTY, System.nanoTime());
    }

    /** How an assertion names the order it saw, so that it can be replayed. */
    public static String replayHint(long seed) {
        return "shuffle seed " + seed + " (replay with -D" + SEED_PROPERTY + "=" + seed + ")";
    }

    /**
     * Every event of {@code stream} {@code copies} times, shuffled within the broker's guarantees.
     *
     * @param stream the events in the order their producer published them
     * @param keyOf  the record key of an event (its aggregate id)
     */
    public static <E> List<Delivery<E>> shuffled(List<E> stream, Function<? super E, String> keyOf, int copies,
                                                 Random random) {
        if (copies < 1) {
            throw new IllegalArgumentException("copies must be at least 1: " + copies);
        }
        Map<String, Deque<Delivery<E>>> byKey = new LinkedHashMap<>();
        for (E event : stream) {
            byKey.computeIfAbsent(keyOf.apply(event), key -> new ArrayDeque<>())
                    .add(new Delivery<>(UUID.randomUUID(), event, 1));
        }
        List<Deque<Delivery<E>>> unsent = new ArrayList<>(byKey.values());
        List<Delivery<E>> repeatsDue = new ArrayList<>();
        List<Delivery<E>> deliveries = new ArrayList<>(stream.size() * copies);
        while (!unsent.isEmpty() || !repeatsDue.isEmpty()) {
            // Any key's next first copy, or any repeat whose first copy is out, is equally likely next.
            int pick = random.nextInt(unsent.size() + repeatsDue.size());
            if (pick < unsent.size()) {
                Delivery<E> first = unsent.get(pick).removeFirst();
                if (unsent.get(pick).isEmpty()) {
                    unsent.remove(pick);
                }
                deliveries.add(first);
                for (int copy = 2; copy <= copies; copy++) {
                    repeatsDue.add(new Delivery<>(first.eventId(), first.event(), copy));
                }
            } else {
                int repeat = pick - unsent.size();
                Collections.swap(repeatsDue, repeat, repeatsDue.size() - 1);
                deliveries.add(repeatsDue.removeLast());
            }
        }
        return deliveries;
    }
}
