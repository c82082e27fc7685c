package com.example.commerce.customer.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.customer.account.Customer;
import com.example.commerce.events.order.OrderEndReasons;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Each email a customer gets, in English and in German, with what it must say: the saga's events in, real emails
 * out through the real mail server.
 */
class CustomerEmailsIntegrationTests extends MailIntegrationTest {

    @Test
    void tellsAnEnglishCustomerEachStepOfAnOrderInEnglish() {
        Customer ann = customer("en", "Ann Example");
        OrderEmailsMother shipped = new OrderEmailsMother(ann.id());
        OrderEmailsMother waiting = new OrderEmailsMother(ann.id());
        OrderEmailsMother cancelled = new OrderEmailsMother(ann.id());

        publish(shipped.shippedAndDelivered());
        publish(List.of(waiting.placed(), waiting.supplierAnswered(), waiting.backordered()));
        publish(List.of(cancelled.placed(), cancelled.captured(), cancelled.cancelled(OrderEndReasons.SHIPPING_FAILED),
                cancelled.refunded()));

        List<JsonNode> box = awaitMailbox(ann.email(), 6);
        JsonNode confirmed = only(box, shipped.messageId(NotificationKind.CONFIRMED));
        assertThat(confirmed.get("subject").asString()).isEqualTo("Your order " + shipped.orderId + " is confirmed");
        assertThat(confirmed.get("from").asString()).contains("orders@commerce.local");
        assertThat(confirmed.get("contentType").asString()).startsWith("multipart/alternative");
        assertThat(confirmed.get("text").asString()).contains("Hello Ann Example", "€49.98", shipped.orderId.toString());
        assertThat(confirmed.get("html").asString()).contains("<strong>€49.98</strong>", "Ann Example");

        JsonNode dispatched = only(box, shipped.messageId(NotificationKind.SHIPPED));
        assertThat(dispatched.get("subject").asString()).isEqualTo("Your order " + shipped.orderId + " is on its way");
        assertThat(dispatched.get("text").asString()).contains("with SimCourier", "Tracking number: TRK-");
        assertThat(dispatched.get("html").asString()).contains(shipped.shipmentCreated().trackingNumber());

        JsonNode delivered = only(box, shipped.messageId(NotificationKind.DELIVERED));
        assertThat(delivered.get("subject").asString()).endsWith("has been delivered");
        assertThat(delivered.get("text").asString()).contains("your parcel has been delivered");

        JsonNode backordered = only(box, waiting.messageId(NotificationKind.BACKORDERED));
        assertThat(backordered.get("subject").asString()).endsWith("waits for items from our supplier");
        assertThat(backordered.get("text").asString())
                .contains("- " + waiting.sku + ": 2 missing, expected from the supplier: March 14, 2030");
        assertThat(backordered.get("html").asString()).contains("<td>" + waiting.sku + "</td>", "March 14, 2030");

        JsonNode cancel = only(box, cancelled.messageId(NotificationKind.CANCELLED));
        assertThat(cancel.get("subject").asString()).endsWith("has been cancelled");
        assertThat(cancel.get("text").asString()).contains("because the courier could not deliver it",
                "The €49.98 you paid will be refunded to your card.");

        JsonNode refund = only(box, cancelled.messageId(NotificationKind.REFUNDED));
        assertThat(refund.get("subject").asString()).isEqualTo("Your refund for order " + cancelled.orderId);
        assertThat(refund.get("text").asString()).contains("we have refunded €49.98 to your card");
        // The server takes a message before the relay records it SENT.
        await("all six recorded sent").atMost(PATIENCE).until(() -> Map.of("SENT", 6L).equals(statuses(ann.id())));
    }

    @Test
    void tellsAGermanCustomerEachStepOfAnOrderInGerman() {
        Customer jens = customer("de-CH", "Jens <Beispiel>");
        OrderEmailsMother shipped = new OrderEmailsMother(jens.id());
        OrderEmailsMother waiting = new OrderEmailsMother(jens.id());
        OrderEmailsMother declined = new OrderEmailsMother(jens.id());
        OrderEmailsMother refunded = new OrderEmailsMother(jens.id());

        publish(shipped.shippedAndDelivered());
        publish(List.of(waiting.placed(), waiting.supplierAnswered(), waiting.backordered()));
        publish(List.of(declined.placed(), declined.cancelled(OrderEndReasons.PAYMENT_DECLINED)));
        publish(List.of(refunded.placed(), refunded.captured(), refunded.refunded()));

        List<JsonNode> box = awaitMailbox(jens.email(), 6);
        JsonNode confirmed = only(box, shipped.messageId(NotificationKind.CONFIRMED));
        assertThat(confirmed.get("subject").asString()).isEqualTo("Ihre Bestellung " + shipped.orderId + " ist bestätigt");
        assertThat(confirmed.get("text").asString()).contains("Hallo Jens <Beispiel>", "49,98", "wir haben Ihre Bestellung bestätigt");
        assertThat(confirmed.get("html").asString()).as("the name is escaped in HTML")
                .contains("Jens &lt;Beispiel&gt;").doesNotContain("<Beispiel>");

        assertThat(only(box, shipped.messageId(NotificationKind.SHIPPED)).get("text").asString())
                .contains("Ihr Paket ist unterwegs mit SimCourier", "Sendungsnummer: TRK-");
        assertThat(only(box, shipped.messageId(NotificationKind.DELIVERED)).get("subject").asString())
                .endsWith("wurde zugestellt");
        assertThat(only(box, waiting.messageId(NotificationKind.BACKORDERED)).get("text").asString())
                .contains(waiting.sku + ": 2 fehlend, vom Lieferanten erwartet: 14. März 2030");
        JsonNode declinedMail = only(box, declined.messageId(NotificationKind.CANCELLED));
        assertThat(declinedMail.get("subject").asString()).endsWith("wurde storniert");
        assertThat(declinedMail.get("text").asString()).contains("weil Ihre Zahlung abgelehnt wurde",
                "Sie wurden nicht belastet");
        assertThat(only(box, refunded.messageId(NotificationKind.REFUNDED)).get("text").asString())
                .contains("wir haben Ihrer Karte 49,98").contains("erstattet");
        await("all six recorded sent").atMost(PATIENCE).until(() -> Map.of("SENT", 6L).equals(statuses(jens.id())));
        assertThat(jdbc.queryForList("SELECT DISTINCT language FROM notification WHERE customer_id = ?", String.class,
                jens.id())).containsExactly("de");
    }
}
