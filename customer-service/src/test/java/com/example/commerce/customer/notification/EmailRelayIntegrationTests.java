package com.example.commerce.customer.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.customer.account.Customer;
import com.example.commerce.events.order.OrderEndReasons;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import tools.jackson.databind.JsonNode;

/**
 * The relay's promises against the real mail server: at most one email per (order, kind) whatever the broker
 * redelivers, every email exactly once after the server was away, a refusal for good recorded and not tried again,
 * nothing for an erased customer and their address nowhere in the notification table, and timeouts that free a
 * worker from a server that never answers.
 */
class EmailRelayIntegrationTests extends MailIntegrationTest {

    @Autowired
    JavaMailSenderImpl sender;

    @Test
    void aRedeliveredEventSendsNothingTwice() {
        Customer ann = customer("en", "Ann");
        OrderEmailsMother order = new OrderEmailsMother(ann.id());
        String messageId = order.messageId(NotificationKind.CONFIRMED);
        assertThat(mail.withMessageId(messageId)).as("baseline").isEmpty();
        UUID confirmedId = UUID.randomUUID();
        feed.publish(order.placed());
        feed.publish(confirmedId, order.confirmed());
        awaitMailbox(ann.email(), 1);

        feed.publish(confirmedId, order.confirmed()); // the same event again: the inbox drops it
        feed.publish(order.confirmed()); // the same fact under a new event id: the (order, kind) key drops it
        feed.publish(order.delivered()); // a later email of the order, which the redeliveries precede

        List<JsonNode> box = awaitMailbox(ann.email(), 2);
        assertThat(box).extracting(m -> m.get("messageId").asString())
                .containsExactly(messageId, order.messageId(NotificationKind.DELIVERED));
        assertThat(mail.withMessageId(messageId)).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM notification WHERE order_id = ? AND kind = 'CONFIRMED'",
                Long.class, order.orderId)).isEqualTo(1);
    }

    @Test
    void anEmailWhoseOrderPlacedComesLaterOnItsOwnTopicWaitsForItAndSaysEverything() {
        Customer ann = customer("en", "Ann");
        OrderEmailsMother order = new OrderEmailsMother(ann.id());
        publish(List.of(order.shipmentCreated(), order.dispatched())); // shipping.events overtakes order.events

        await("the relay asking again for the unknown order").atMost(PATIENCE)
                .until(() -> (int) workItem(order, NotificationKind.SHIPPED).get("attempts") >= 2);
        assertThat(mail.withMessageId(order.messageId(NotificationKind.SHIPPED))).as("nothing sent meanwhile").isEmpty();
        assertThat(status(order, NotificationKind.SHIPPED)).isEqualTo("PENDING");
        feed.publish(order.placed());

        JsonNode shipped = only(awaitMailbox(ann.email(), 1), order.messageId(NotificationKind.SHIPPED));
        assertThat(shipped.get("text").asString()).contains("Hello Ann", "with SimCourier",
                "Tracking number: " + order.shipmentCreated().trackingNumber());
    }

    @Test
    void sendsEveryEmailExactlyOnceAfterTheMailServerWasDown() {
        Customer ann = customer("en", "Ann");
        List<OrderEmailsMother> orders = List.of(new OrderEmailsMother(ann.id()), new OrderEmailsMother(ann.id()),
                new OrderEmailsMother(ann.id()));
        mail.down();
        for (OrderEmailsMother order : orders) {
            publish(List.of(order.placed(), order.confirmed()));
        }

        await("every email tried more than once while the server is away").atMost(PATIENCE)
                .until(() -> orders.stream().allMatch(order -> attempts(order, NotificationKind.CONFIRMED) >= 2));
        assertThat(orders).allSatisfy(order -> assertThat(status(order, NotificationKind.CONFIRMED)).isEqualTo("PENDING"));
        assertThat(lastError(orders.getFirst(), NotificationKind.CONFIRMED)).contains("Connection refused");
        mail.up();

        List<JsonNode> box = awaitMailbox(ann.email(), 3);
        for (OrderEmailsMother order : orders) {
            only(box, order.messageId(NotificationKind.CONFIRMED));
        }
        await("each recorded sent").atMost(PATIENCE).until(() -> orders.stream()
                .allMatch(order -> "SENT".equals(status(order, NotificationKind.CONFIRMED))));
        // A later email of the first order arrives after them: none of the three came twice meanwhile.
        feed.publish(orders.getFirst().delivered());
        box = awaitMailbox(ann.email(), 4);
        for (OrderEmailsMother order : orders) {
            assertThat(mail.withMessageId(order.messageId(NotificationKind.CONFIRMED))).hasSize(1);
        }
    }

    @Test
    void anEmailWhoseAttemptsRunOutWhileTheServerIsAwayEndsFailedAndIsNotSentLater() {
        Customer ann = customer("en", "Ann");
        OrderEmailsMother order = new OrderEmailsMother(ann.id());
        mail.down();
        publish(List.of(order.placed(), order.confirmed()));
        await("a first failed attempt").atMost(PATIENCE).until(() -> attempts(order, NotificationKind.CONFIRMED) >= 1);
        // The bound of this one row, lowered to what it has used plus one (max-attempts is 500 here).
        jdbc.update("UPDATE work_item SET max_attempts = attempts + 1 WHERE kind = ? AND work_key = ?",
                OrderNotifications.WORK_KIND, OrderNotifications.workKey(order.orderId, NotificationKind.CONFIRMED));

        await("the row given up").atMost(PATIENCE).until(() -> "FAILED".equals(status(order, NotificationKind.CONFIRMED)));
        assertThat(workItem(order, NotificationKind.CONFIRMED)).containsEntry("status", "FAILED");
        int attempts = attempts(order, NotificationKind.CONFIRMED);
        mail.up();
        feed.publish(order.delivered()); // a later email of the order goes out; the given-up one does not follow it

        only(awaitMailbox(ann.email(), 1), order.messageId(NotificationKind.DELIVERED));
        assertThat(mail.withMessageId(order.messageId(NotificationKind.CONFIRMED))).isEmpty();
        assertThat(attempts(order, NotificationKind.CONFIRMED)).isEqualTo(attempts);
    }

    @Test
    void recordsAnAddressRefusedForGoodAndStopsTryingIt() {
        Customer gone = customer("en", "Gone");
        Customer kept = customer("en", "Kept");
        mail.refuse(gone.email());
        OrderEmailsMother refused = new OrderEmailsMother(gone.id());
        publish(List.of(refused.placed(), refused.confirmed()));

        await("the refusal recorded").atMost(PATIENCE)
                .until(() -> "REFUSED".equals(status(refused, NotificationKind.CONFIRMED)));
        assertThat(lastError(refused, NotificationKind.CONFIRMED)).contains("550").doesNotContain(gone.email());
        assertThat(workItem(refused, NotificationKind.CONFIRMED)).containsEntry("status", "FAILED")
                .containsEntry("attempts", 1);

        // Another email goes out after it: the relay is alive, and the refused one was not tried again meanwhile.
        OrderEmailsMother other = new OrderEmailsMother(kept.id());
        publish(List.of(other.placed(), other.confirmed()));
        awaitMailbox(kept.email(), 1);
        assertThat(attempts(refused, NotificationKind.CONFIRMED)).isEqualTo(1);
        assertThat(workItem(refused, NotificationKind.CONFIRMED)).containsEntry("attempts", 1);
        assertThat(mail.mailbox(gone.email())).isEmpty();
    }

    @Test
    void anErasedCustomerGetsNothingAndTheirAddressIsNowhereInTheNotifications() {
        Customer erased = customer("de", "Erika");
        Customer other = customer("en", "Other");
        OrderEmailsMother order = new OrderEmailsMother(erased.id());
        publish(List.of(order.placed(), order.confirmed()));
        awaitMailbox(erased.email(), 1);
        String address = erased.email();
        // A refusal quoting the address, kept on a row until the erasure.
        mail.refuse(address);
        OrderEmailsMother refused = new OrderEmailsMother(erased.id());
        publish(List.of(refused.placed(), refused.confirmed()));
        await().atMost(PATIENCE).until(() -> "REFUSED".equals(status(refused, NotificationKind.CONFIRMED)));
        mail.refuse();

        accounts.erase(erased.id());
        publish(List.of(order.shipmentCreated(), order.dispatched(), order.cancelled(OrderEndReasons.CUSTOMER_REQUEST)));
        OrderEmailsMother marker = new OrderEmailsMother(other.id());
        publish(List.of(marker.placed(), marker.confirmed()));

        awaitMailbox(other.email(), 1);
        await("the erased customer's emails suppressed").atMost(PATIENCE)
                .until(() -> "SUPPRESSED".equals(status(order, NotificationKind.SHIPPED))
                        && "SUPPRESSED".equals(status(order, NotificationKind.CANCELLED)));
        assertThat(mail.mailbox(address)).as("only the email from before the erasure").hasSize(1);
        assertThat(mail.withMessageId(order.messageId(NotificationKind.SHIPPED))).as("to no address at all").isEmpty();
        assertThat(mail.withMessageId(order.messageId(NotificationKind.CANCELLED))).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM notification n WHERE n::text ILIKE ?", Long.class,
                "%" + address + "%")).as("the address in any column of any notification row").isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM work_item w WHERE w::text ILIKE ?", Long.class,
                "%" + address + "%")).as("nor in the relay's work rows").isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM customer_order o WHERE o::text ILIKE ?", Long.class,
                "%" + address + "%")).isZero();
    }

    @Test
    void aMailServerThatNeverAnswersTimesOutWithinTheConfiguredBound() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (!silent.isClosed()) {
                        held.add(silent.accept()); // takes the connection, never greets
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            JavaMailSenderImpl towardsSilence = new JavaMailSenderImpl();
            towardsSilence.setHost("127.0.0.1");
            towardsSilence.setPort(silent.getLocalPort());
            towardsSilence.setJavaMailProperties(sender.getJavaMailProperties());
            assertThat(sender.getJavaMailProperties()).containsEntry("mail.smtp.timeout", "1500")
                    .containsKey("mail.smtp.connectiontimeout").containsKey("mail.smtp.writetimeout");

            long started = System.nanoTime();
            Throwable failure = null;
            try {
                towardsSilence.send(towardsSilence.createMimeMessage());
            } catch (MailSendException | org.springframework.mail.MailPreparationException e) {
                failure = e;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(failure).as("a silent server is a failure").isNotNull();
            assertThat(SmtpFailures.permanent(failure)).as("and a transient one").isFalse();
            assertThat(took).isBetween(Duration.ofMillis(1_000), Duration.ofSeconds(5));
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    private String status(OrderEmailsMother order, NotificationKind kind) {
        return jdbc.query("SELECT status FROM notification WHERE order_id = ? AND kind = ?",
                (rs, i) -> rs.getString(1), order.orderId, kind.name()).stream().findFirst().orElse(null);
    }

    private int attempts(OrderEmailsMother order, NotificationKind kind) {
        return jdbc.query("SELECT attempts FROM notification WHERE order_id = ? AND kind = ?",
                (rs, i) -> rs.getInt(1), order.orderId, kind.name()).stream().findFirst().orElse(0);
    }

    private String lastError(OrderEmailsMother order, NotificationKind kind) {
        return jdbc.queryForObject("SELECT last_error FROM notification WHERE order_id = ? AND kind = ?",
                String.class, order.orderId, kind.name());
    }

    private Map<String, Object> workItem(OrderEmailsMother order, NotificationKind kind) {
        return jdbc.queryForMap("SELECT status, attempts FROM work_item WHERE kind = ? AND work_key = ?",
                OrderNotifications.WORK_KIND, OrderNotifications.workKey(order.orderId, kind));
    }
}
