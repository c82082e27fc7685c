package com.example.commerce.payment.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.payment.PaymentIntegrationTest;
import com.example.commerce.payment.TokenisationSpy;
import com.example.commerce.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Card testing (issue 18): every save asks the provider, so the wallet caps the cards a customer keeps, limits how
 * often one saves and how many declines one may collect, and answers a decline without the provider's reason.
 * Defaults of application.yml: 10 cards, 5 saves in 10 minutes, 3 declines in 24 hours.
 */
@ExtendWith(OutputCaptureExtension.class)
class CardTestingIntegrationTests extends PaymentIntegrationTest {

    private static final String PATH = "/api/v1/payment-methods";

    @Autowired
    private MeterRegistry meters;

    @Test
    void aFullWalletRefusesAnotherCardWithAProblemStoresNothingAndDoesNotAskTheProvider() throws Exception {
        UUID customer = UUID.randomUUID();
        List<UUID> cards = storedCards(customer, 10);
        int asked = TokenisationSpy.tokenisations();

        HttpResponse<String> full = post(PATH, TestTokens.customer(customer), card(GOOD_CARD, "123"));

        assertThat(full.statusCode()).as(full.body()).isEqualTo(422);
        assertThat(full.body()).contains("urn:commerce:problem:too-many-payment-methods").contains("\"maxMethods\":10");
        assertThat(cardsOf(customer)).isEqualTo(10);
        assertThat(TokenisationSpy.tokenisations()).isEqualTo(asked);
        assertThat(attemptsOf(customer)).isZero();

        // Deleting one makes room again.
        assertThat(delete(PATH + "/" + cards.getFirst(), TestTokens.customer(customer)).statusCode()).isEqualTo(204);
        assertThat(post(PATH, TestTokens.customer(customer), card(GOOD_CARD, "123")).statusCode()).isEqualTo(201);
        assertThat(cardsOf(customer)).isEqualTo(10);
    }

    @Test
    void twoSavesAtOnceIntoTheLastPlaceStoreOneCard() throws Exception {
        UUID customer = UUID.randomUUID();
        storedCards(customer, 9);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                answers.add(two.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return post(PATH, TestTokens.customer(customer), card(GOOD_CARD, "123")).statusCode();
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(30, TimeUnit.SECONDS));
            }
            assertThat(statuses).containsExactlyInAnyOrder(201, 422);
        } finally {
            two.shutdownNow();
        }
        assertThat(cardsOf(customer)).isEqualTo(10);
        // The one that lost: refused before the provider (no attempt), or after it (an attempt kept as REFUSED).
        assertThat(jdbc().queryForList("SELECT coalesce(outcome, 'OPEN') FROM payment_method_attempt WHERE customer_id = ?"
                + " ORDER BY outcome", String.class, customer)).isIn(List.of("SAVED"), List.of("REFUSED", "SAVED"));
    }

    @Test
    void savingTooOftenIsRefusedWith429AndRetryAfterWithoutAskingTheProvider() throws Exception {
        UUID customer = UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            assertThat(post(PATH, TestTokens.customer(customer), card(GOOD_CARD, "123")).statusCode()).isEqualTo(201);
        }
        int asked = TokenisationSpy.tokenisations();

        HttpResponse<String> sixth = post(PATH, TestTokens.customer(customer), card(GOOD_CARD, "123"));

        assertThat(sixth.statusCode()).as(sixth.body()).isEqualTo(429);
        assertThat(sixth.body()).contains("urn:commerce:problem:too-many-requests");
        assertThat(sixth.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Long.parseLong(seconds)).isBetween(1L, 601L));
        assertThat(TokenisationSpy.tokenisations()).isEqualTo(asked);
        assertThat(cardsOf(customer)).isEqualTo(5);
        // The limit is the customer's: another one saves as before.
        assertThat(post(PATH, TestTokens.customer(UUID.randomUUID()), card(GOOD_CARD, "123")).statusCode()).isEqualTo(201);
    }

    @Test
    void aDeclinedCardIsRefusedWithoutTheProvidersReasonWhichOnlyTheLogAndAMetricKeep(CapturedOutput output)
            throws Exception {
        UUID customer = UUID.randomUUID();
        double before = declines("stolen_card");
        TokenisationSpy.declineWith("stolen_card");

        HttpResponse<String> declined = post(PATH, TestTokens.customer(customer), card(GOOD_CARD, "123"));

        assertThat(declined.statusCode()).as(declined.body()).isEqualTo(422);
        assertThat(declined.body()).contains("urn:commerce:problem:card-rejected")
                .doesNotContain("stolen").doesNotContain("\"code\"");
        assertThat(cardsOf(customer)).isZero();
        assertThat(output.getAll()).contains("stolen_card");
        assertThat(declines("stolen_card")).isEqualTo(before + 1);
    }

    @Test
    void aCustomerWithTooManyDeclinedCardsIsRefusedForAWhileWithoutAskingTheProvider() throws Exception {
        UUID customer = UUID.randomUUID();
        TokenisationSpy.declineWith("do_not_honor");
        for (int i = 0; i < 3; i++) {
            assertThat(post(PATH, TestTokens.customer(customer), card(GOOD_CARD, "123")).statusCode()).isEqualTo(422);
        }
        TokenisationSpy.declineWith(null);
        int asked = TokenisationSpy.tokenisations();

        HttpResponse<String> refused = post(PATH, TestTokens.customer(customer), card(GOOD_CARD, "123"));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(refused.body()).contains("urn:commerce:problem:too-many-declined-cards").doesNotContain("do_not_honor");
        // Refused until the oldest of the three declines is a day old.
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Long.parseLong(seconds)).isBetween(23 * 3600L, 24 * 3600L + 1));
        assertThat(TokenisationSpy.tokenisations()).isEqualTo(asked);
        assertThat(cardsOf(customer)).isZero();
        assertThat(post(PATH, TestTokens.customer(UUID.randomUUID()), card(GOOD_CARD, "123")).statusCode()).isEqualTo(201);
    }

    @Test
    void savesAndDeclinesOlderThanTheirPeriodNoLongerCount() throws Exception {
        UUID customer = UUID.randomUUID();
        // Three declines a little over a day ago and five saves a little over ten minutes ago.
        for (int i = 0; i < 3; i++) {
            attempt(customer, Instant.now().minusSeconds(24 * 3600 + 60), "DECLINED");
        }
        for (int i = 0; i < 5; i++) {
            attempt(customer, Instant.now().minusSeconds(11 * 60), "SAVED");
        }
        assertThat(post(PATH, TestTokens.customer(customer), card(GOOD_CARD, "123")).statusCode()).isEqualTo(201);

        // The same three declines within the day refuse the next save (the baseline for the one above).
        UUID another = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            attempt(another, Instant.now().minusSeconds(23 * 3600), "DECLINED");
        }
        HttpResponse<String> refused = post(PATH, TestTokens.customer(another), card(GOOD_CARD, "123"));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Long.parseLong(seconds)).isBetween(3500L, 3601L));
    }

    private void attempt(UUID customer, Instant at, String outcome) {
        jdbc().update("INSERT INTO payment_method_attempt (customer_id, attempted_at, outcome) VALUES (?, ?, ?)",
                customer, Timestamp.from(at), outcome);
    }

    /** Cards written straight into the table (as if saved over weeks), so that the save limit plays no part. */
    private List<UUID> storedCards(UUID customer, int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            jdbc().update("""
                    INSERT INTO payment_method (id, customer_id, provider_token, brand, last4, expiry_month, expiry_year,
                    created_at) VALUES (?, ?, 'dev-1:not-a-token', 'VISA', '4242', 12, 2099, ?)""",
                    id, customer, Timestamp.from(Instant.now().minusSeconds(86_400L * (count - i))));
            ids.add(id);
        }
        return ids;
    }

    private int cardsOf(UUID customer) {
        return jdbc().queryForObject("SELECT count(*) FROM payment_method WHERE customer_id = ? AND deleted_at IS NULL",
                Integer.class, customer);
    }

    private int attemptsOf(UUID customer) {
        return jdbc().queryForObject("SELECT count(*) FROM payment_method_attempt WHERE customer_id = ?", Integer.class,
                customer);
    }

    private double declines(String code) {
        var counter = meters.find("commerce.payment.wallet.declines").tag("code", code).counter();
        return counter == null ? 0 : counter.count();
    }
}
