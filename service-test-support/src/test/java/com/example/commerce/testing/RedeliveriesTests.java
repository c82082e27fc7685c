package com.example.commerce.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.testing.Redeliveries.Delivery;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RedeliveriesTests {

    private static final int SEEDS = 200;

    /** Event {@code seq} of aggregate {@code key}, published in that order. */
    record Event(String key, int seq) {
    }

    /** Six keys with one to seven events each, published key after key as a batch import would. */
    private static final List<Event> STREAM = IntStream.range(0, 6).boxed()
            .flatMap(key -> IntStream.range(0, 1 + key).mapToObj(seq -> new Event("key-" + key, seq)))
            .toList();

    @Test
    void deliversEveryEventThreeTimesUnderOneId() {
        forEachSeed((seed, deliveries) -> {
            assertThat(deliveries).as("seed %d", seed).hasSize(3 * STREAM.size());
            Map<Event, List<Delivery<Event>>> byEvent = deliveries.stream()
                    .collect(Collectors.groupingBy(Delivery::event));
            assertThat(byEvent.keySet()).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(STREAM);
            byEvent.forEach((event, copies) -> {
                assertThat(copies).extracting(Delivery::copy).as("%s, seed %d", event, seed)
                        .containsExactlyInAnyOrder(1, 2, 3);
                assertThat(copies.stream().map(Delivery::eventId).distinct()).as("%s, seed %d", event, seed)
                        .hasSize(1);
            });
            assertThat(deliveries.stream().map(Delivery::eventId).distinct()).as("one id per event, seed %d", seed)
                    .hasSize(STREAM.size());
        });
    }

    @Test
    void keepsTheFirstCopiesOfOneKeyInPublishingOrder() {
        forEachSeed((seed, deliveries) -> {
            Map<String, List<Integer>> firstsByKey = deliveries.stream().filter(Delivery::first)
                    .collect(Collectors.groupingBy(delivery -> delivery.event().key(),
                            Collectors.mapping(delivery -> delivery.event().seq(), Collectors.toList())));

            assertThat(firstsByKey).as("seed %d", seed).hasSize(6);
            firstsByKey.forEach((key, seqs) -> assertThat(seqs).as("%s, seed %d", key, seed)
                    .containsExactlyElementsOf(IntStream.range(0, seqs.size()).boxed().toList()));
        });
    }

    @Test
    void deliversEveryRepeatAfterTheFirstCopyOfItsEvent() {
        forEachSeed((seed, deliveries) -> {
            Set<UUID> out = new HashSet<>();
            for (int i = 0; i < deliveries.size(); i++) {
                Delivery<Event> delivery = deliveries.get(i);
                if (delivery.first()) {
                    assertThat(out.add(delivery.eventId())).as("one first copy of %s, seed %d", delivery, seed)
                            .isTrue();
                } else {
                    assertThat(out).as("first copy out before repeat %s at %d, seed %d", delivery, i, seed)
                            .contains(delivery.eventId());
                }
            }
        });
    }

    @Test
    void interleavesKeysAndSpreadsRepeatsAmongLaterEvents() {
        int interleaved = 0;
        int repeatsBeforeALaterFirst = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            List<Delivery<Event>> deliveries = shuffle(seed);
            List<String> firstKeys = deliveries.stream().filter(Delivery::first).map(d -> d.event().key()).toList();
            if (!firstKeys.equals(STREAM.stream().map(Event::key).toList())) {
                interleaved++;
            }
            int lastFirst = IntStream.range(0, deliveries.size()).filter(i -> deliveries.get(i).first())
                    .max().orElseThrow();
            int firstRepeat = IntStream.range(0, deliveries.size()).filter(i -> !deliveries.get(i).first())
                    .min().orElseThrow();
            if (firstRepeat < lastFirst) {
                repeatsBeforeALaterFirst++;
            }
        }

        assertThat(interleaved).as("orders whose keys are interleaved").isGreaterThan(SEEDS * 9 / 10);
        assertThat(repeatsBeforeALaterFirst).as("orders with a repeat ahead of a later event")
                .isGreaterThan(SEEDS * 9 / 10);
    }

    @Test
    void sameSeedGivesTheSameOrder() {
        Function<List<Delivery<Event>>, List<String>> order = deliveries -> deliveries.stream()
                .map(d -> d.event() + "#" + d.copy()).toList();

        assertThat(order.apply(shuffle(42))).isEqualTo(order.apply(shuffle(42))).isNotEqualTo(order.apply(shuffle(43)));
    }

    private static void forEachSeed(BiConsumer<Long, List<Delivery<Event>>> check) {
        for (long seed = 0; seed < SEEDS; seed++) {
            check.accept(seed, shuffle(seed));
        }
    }

    private static List<Delivery<Event>> shuffle(long seed) {
        return Redeliveries.shuffled(new ArrayList<>(STREAM), Event::key, 3, new Random(seed));
    }
}
