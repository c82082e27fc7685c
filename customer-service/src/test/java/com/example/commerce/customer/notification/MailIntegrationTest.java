package com.example.commerce.customer.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.customer.IssuerIntegrationTest;
import com.example.commerce.customer.account.Customer;
import com.example.commerce.customer.account.CustomerAccounts;
import com.example.commerce.customer.account.CustomerRegistration;
import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.testing.EventFeed;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * customer-service on the shared PostgreSQL and Kafka, sending over SMTP to the partner simulators' real mail server
 * (GreenMail, {@link MailSimulator}), read back through its mailbox view. One application context for every mail
 * test class (they share these properties). The relay's backoff is short here (200ms doubling to 1s).
 */
@IssuerIntegrationTest
abstract class MailIntegrationTest {

    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final MailSimulator mail = MailSimulator.get();
    static final EventFeed feed = new EventFeed(); // one producer for the test JVM, shared by the mail tests

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", mail::smtpPort);
        registry.add("commerce.customer.notifications.message-id-domain", () -> "notifications.test");
        registry.add("commerce.customer.notifications.backorder-eta-wait", () -> "500ms");
        registry.add("commerce.customer.notifications.unknown-order-retry", () -> "200ms");
        registry.add("commerce.work.initial-backoff", () -> "200ms");
        registry.add("commerce.work.max-backoff", () -> "1s");
        registry.add("spring.mail.properties[mail.smtp.connectiontimeout]", () -> "1500");
        registry.add("spring.mail.properties[mail.smtp.timeout]", () -> "1500");
    }

    @Autowired
    CustomerRegistration registration;

    @Autowired
    CustomerAccounts accounts;

    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void serverUpAndTakingEveryone() {
        mail.up();
        mail.refuse();
    }

    Customer customer(String language, String name) {
        String email = "c-" + UUID.randomUUID() + "@example.com";
        Customer customer = registration.register(new CustomerRegistration.Registration(email, "correct horse 42", name));
        accounts.update(customer.id(), name, new Customer.Preferences(false, language, "EUR"));
        return customer;
    }

    static void publish(List<? extends IntegrationEvent> events) {
        events.forEach(feed::publish);
    }

    static List<JsonNode> awaitMailbox(String address, int count) {
        await("%d emails to %s".formatted(count, address)).atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> mail.mailbox(address).size() >= count);
        List<JsonNode> box = mail.mailbox(address);
        assertThat(box).as("no more than the %d emails asked for", count).hasSize(count);
        return box;
    }

    static JsonNode only(List<JsonNode> box, String messageId) {
        List<JsonNode> matching = box.stream().filter(m -> messageId.equals(m.get("messageId").asString())).toList();
        assertThat(matching).as("emails with Message-ID " + messageId).hasSize(1);
        return matching.getFirst();
    }

    Map<String, Long> statuses(UUID customerId) {
        Map<String, Long> statuses = new java.util.TreeMap<>();
        jdbc.query("SELECT status, count(*) FROM notification WHERE customer_id = ? GROUP BY status",
                rs -> {
                    statuses.put(rs.getString(1), rs.getLong(2));
                }, customerId);
        return statuses;
    }
}
