package com.example.commerce.customer.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.commerce.customer.IssuerIntegrationTest;
import com.example.commerce.stack.TokenClient;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Abuse: repeated failed sign-ins lock the account (the right password is refused too, another account
 * is not touched), and sign-ins and sign-ups per client address are rate-limited with a 429 problem and
 * Retry-After, before anything is checked or written.
 */
@IssuerIntegrationTest
@TestPropertySource(properties = {"commerce.identity.lockout.max-failures=3", "commerce.identity.lockout.duration=10m",
        "commerce.identity.rate-limits.sign-in=12", "commerce.identity.rate-limits.sign-up=4",
        "commerce.identity.rate-limits.period=1h"})
class SignInProtectionIntegrationTests {

    private static final String PASSWORD = "correct horse 42";

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    /** A client from another loopback address, which has its own budget (the limits are per address). */
    private static HttpClient from(String address) throws Exception {
        return HttpClient.newBuilder().localAddress(InetAddress.getByName(address)).build();
    }

    @Test
    void repeatedFailuresLockTheAccountAndOnlyThatAccount() throws Exception {
        // From 127.0.0.1, within its budget (12 sign-ins, 4 sign-ups an hour): 3 failures, 1 refused right
        // password, 1 bystander; the limit tests use other loopback addresses.
        TokenClient tokens = new TokenClient(issuer());
        String victim = "locked-" + UUID.randomUUID() + "@example.com";
        String bystander = "free-" + UUID.randomUUID() + "@example.com";
        assertThat(signUp(http, victim).statusCode()).isEqualTo(201);
        assertThat(signUp(http, bystander).statusCode()).isEqualTo(201);

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> tokens.signIn(victim, "wrong horse 42")).hasMessageContaining("sign-in refused");
        }

        assertThat(jdbc.queryForObject("SELECT locked_until > now() FROM customer WHERE email = ?", Boolean.class, victim))
                .isTrue();
        assertThatThrownBy(() -> tokens.signIn(victim, PASSWORD)).as("locked: the right password is refused too")
                .hasMessageContaining("sign-in refused");
        assertThat(tokens.signIn(bystander, PASSWORD).accessToken()).isNotNull();
        assertThat(jdbc.queryForObject("SELECT failed_sign_ins FROM customer WHERE email = ?", Integer.class, bystander))
                .isZero();
    }

    @Test
    void signUpsPerAddressAreLimitedWithRetryAfter() throws Exception {
        HttpClient burst = from("127.0.0.2");
        String prefix = "burst-" + UUID.randomUUID();
        HttpResponse<String> last = null;
        int created = 0;
        for (int i = 0; i < 6; i++) {
            last = signUp(burst, prefix + "-" + i + "@example.com");
            if (last.statusCode() == 201) {
                created++;
            }
        }

        assertThat(created).as("the 4 an hour of this address").isEqualTo(4);
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        assertThat(last.body()).contains("\"type\":\"urn:commerce:problem:too-many-requests\"");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM customer WHERE email LIKE ?", Integer.class, prefix + "%"))
                .as("nothing written for the refused ones").isEqualTo(4);
        assertThat(signUp(from("127.0.0.4"), prefix + "-other@example.com").statusCode())
                .as("another address has its own budget").isEqualTo(201);
    }

    @Test
    void signInsPerAddressAreLimited() throws Exception {
        HttpClient burst = from("127.0.0.3");
        HttpResponse<String> response = null;
        int answered = 0;
        for (int i = 0; i < 13; i++) {
            response = burst.send(HttpRequest.newBuilder(URI.create(issuer() + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=nobody%40example.com&password=x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 429) {
                break;
            }
            answered++;
        }

        assertThat(answered).as("the 12 an hour were answered (a redirect back to the form)").isEqualTo(12);
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
    }

    private String issuer() {
        return "http://127.0.0.1:" + port;
    }

    private HttpResponse<String> signUp(HttpClient client, String email) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(issuer() + "/api/v1/customers"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD
                        + "\",\"displayName\":\"Someone\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
