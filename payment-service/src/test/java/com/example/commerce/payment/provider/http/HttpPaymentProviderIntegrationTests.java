package com.example.commerce.payment.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.events.shared.Money;
import com.example.commerce.payment.ProviderSimulator;
import com.example.commerce.payment.provider.CardDetails;
import com.example.commerce.payment.provider.ProviderPayment;
import com.example.commerce.payment.provider.ProviderProperties;
import com.example.commerce.payment.provider.ProviderResult;
import com.example.commerce.starter.partner.PartnerCalls;
import com.example.commerce.starter.resilience.Resilience;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The adapter alone, wired by hand with small Resilience4j settings, against the provider simulator over
 * real HTTP (no Spring context, no database).
 */
class HttpPaymentProviderIntegrationTests {

    private final ProviderSimulator simulator = ProviderSimulator.get();
    private final JsonMapper json = JsonMapper.builder().build();

    @AfterEach
    void resetSimulator() {
        simulator.reset();
    }

    @Test
    void aCallThatFindsTheBulkheadFullIsNotSent() throws Exception {
        Adapter adapter = adapter(1, Duration.ZERO, Duration.ofSeconds(3));
        String token = adapter.provider.tokenise(card()).token();
        simulator.behave("{\"latencyMs\":800}");
        CyclicBarrier together = new CyclicBarrier(2);
        List<UUID> orders = List.of(UUID.randomUUID(), UUID.randomUUID());
        List<CompletableFuture<ProviderResult>> calls = orders.stream().map(order -> CompletableFuture.supplyAsync(() -> {
            try {
                together.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return adapter.provider.authorise(order + ":authorize", token, new Money(100, "EUR"), order.toString(), null);
        })).toList();
        List<ProviderResult> results = calls.stream().map(CompletableFuture::join).toList();
        assertThat(results).filteredOn(ProviderResult.Done.class::isInstance).hasSize(1);
        assertThat(results).filteredOn(r -> r instanceof ProviderResult.Unresolved unresolved && !unresolved.sent())
                .hasSize(1);
        long charged = orders.stream().filter(order -> simulator.ledger(order.toString()).contains("AUTHORIZATION")).count();
        assertThat(charged).isEqualTo(1);
    }

    @Test
    void aTimedOutCallIsLookedUpAndRetriedUnderTheSameKey() throws Exception {
        Adapter adapter = adapter(4, Duration.ofSeconds(1), Duration.ofMillis(500));
        String token = adapter.provider.tokenise(card()).token();
        simulator.behave("{\"ambiguousRate\":1,\"ambiguousHoldMs\":2000,\"webhooks\":false}");
        UUID order = UUID.randomUUID();
        ProviderResult result = adapter.provider.authorise(order + ":authorize", token, new Money(250, "EUR"),
                order.toString(), null);
        assertThat(result).isInstanceOfSatisfying(ProviderResult.Done.class,
                done -> assertThat(done.payment().state()).isEqualTo(ProviderPayment.State.AUTHORIZED));
        assertThat(json.readTree(simulator.ledger(order.toString())).size()).isEqualTo(1);
        assertThat(adapter.provider.lookup(UUID.randomUUID() + ":authorize")).isInstanceOf(ProviderResult.NotFound.class);
    }

    @Test
    void aRefusalIsAnAnswerThatNeverOpensTheBreakerButAnOutageDoes() throws Exception {
        Adapter adapter = adapter(4, Duration.ofSeconds(1), Duration.ofSeconds(2));
        for (int i = 0; i < 6; i++) {
            assertThat(adapter.provider.capture(UUID.randomUUID() + ":capture", "pi_unknown", new Money(1, "EUR")))
                    .isEqualTo(new ProviderResult.Refused(404, "no_such_intent"));
        }
        assertThat(adapter.breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);

        simulator.behave("{\"outage\":true}");
        ProviderResult first = adapter.provider.voidAuthorisation(UUID.randomUUID() + ":void", "pi_unknown");
        assertThat(first).isInstanceOfSatisfying(ProviderResult.Unresolved.class, u -> assertThat(u.sent()).isTrue());
        for (int i = 0; i < 4 && adapter.breaker.getState() != CircuitBreaker.State.OPEN; i++) {
            adapter.provider.voidAuthorisation(UUID.randomUUID() + ":void", "pi_unknown");
        }
        assertThat(adapter.breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        ProviderResult.Unresolved later = (ProviderResult.Unresolved) adapter.provider.voidAuthorisation(UUID.randomUUID() + ":void", "pi_unknown");
        assertThat(later.sent()).isFalse();
    }

    @Test
    void anAuthorisationWhoseOrderWasCancelledAfterAnAmbiguousAttemptIsNotSentAgainWhenTheProviderIsBack() throws Exception {
        Adapter adapter = adapter(4, Duration.ofSeconds(1), Duration.ofSeconds(2));
        String token = adapter.provider.tokenise(card()).token();
        simulator.behave("{\"outage\":true}");
        UUID order = UUID.randomUUID();
        AtomicInteger asked = new AtomicInteger();
        // The first attempt goes out into the outage (503: ambiguous, and the lookup fails too). Before the
        // resend, the provider is back and the order has been cancelled meanwhile.
        ProviderResult result = adapter.provider.authorise(order + ":authorize", token, new Money(300, "EUR"),
                order.toString(), null, () -> {
                    if (asked.incrementAndGet() == 1) {
                        return true;
                    }
                    simulator.behave("{\"outage\":false}");
                    return false;
                });

        assertThat(asked.get()).isEqualTo(2);
        assertThat(result).isInstanceOfSatisfying(ProviderResult.Unresolved.class, u -> assertThat(u.sent()).isTrue());
        assertThat(json.readTree(simulator.ledger(order.toString())).size()).as("nothing authorised").isZero();
        assertThat(adapter.provider.lookup(order + ":authorize")).isInstanceOf(ProviderResult.NotFound.class);
    }

    @Test
    void anAuthorisationNoLongerWantedBeforeItsFirstAttemptIsNeverSent() throws Exception {
        Adapter adapter = adapter(4, Duration.ofSeconds(1), Duration.ofSeconds(2));
        String token = adapter.provider.tokenise(card()).token();
        UUID order = UUID.randomUUID();
        ProviderResult result = adapter.provider.authorise(order + ":authorize", token, new Money(300, "EUR"),
                order.toString(), null, () -> false);
        assertThat(result).isInstanceOfSatisfying(ProviderResult.Unresolved.class, u -> assertThat(u.sent()).isFalse());
        assertThat(json.readTree(simulator.ledger(order.toString())).size()).isZero();
    }

    private record Adapter(HttpPaymentProvider provider, CircuitBreaker breaker) {
    }

    private Adapter adapter(int bulkhead, Duration bulkheadWait, Duration timeout) {
        ProviderProperties properties = new ProviderProperties(simulator.baseUrl() + "/provider", "http://127.0.0.1:9/unused",
                timeout, Duration.ofSeconds(1), new ProviderProperties.Retry(2, Duration.ofMillis(50)),
                new ProviderProperties.Breaker(50, 4, 4, Duration.ofSeconds(30), 1),
                new ProviderProperties.Bulkhead(bulkhead, bulkheadWait));
        ProviderResilience resilience = new ProviderResilience();
        CircuitBreaker breaker = resilience.paymentProviderCircuitBreaker(properties, Resilience.unmetered(), new SimpleMeterRegistry());
        return new Adapter(new HttpPaymentProvider(properties, json, breaker, resilience.paymentProviderBulkhead(properties),
                resilience.paymentProviderRetry(properties, Resilience.unmetered()), resilience.paymentProviderTimeLimiter(properties),
                PartnerCalls.unobserved()), breaker);
    }

    private static CardDetails card() {
        return new CardDetails("4242424242424242", 12, YearMonth.now().getYear() + 2, "123", "Ada Lovelace");
    }
}
