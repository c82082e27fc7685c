package com.example.commerce.shipping.callback;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.shipping.ShippingSagaTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Courier callbacks as the courier sends them: signed, possibly twice, possibly out of order. */
class CourierCallbackIntegrationTests extends ShippingSagaTest {

    private JsonNode bookedShipment() {
        UUID orderId = UUID.randomUUID();
        orders.publish(confirmed(orderId));
        return awaitStatus(orderId, "BOOKED");
    }

    private UUID orderOf(JsonNode shipment) {
        return UUID.fromString(shipment.get("orderId").asString());
    }

    @Test
    void aCallbackWithABadSignatureIsRefusedAndChangesNothing() {
        JsonNode shipment = bookedShipment();
        String body = callbackBody(UUID.randomUUID().toString(), shipment, "DISPATCHED");

        HttpResponse<String> forged = callback(body, "not-the-secret", Instant.now());
        HttpResponse<String> unsigned = send(body);

        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("urn:commerce:problem:invalid-callback-signature");
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(statusOf(orderOf(shipment))).isEqualTo("BOOKED");
        assertThat(callback(body).statusCode()).isEqualTo(200);
        assertThat(statusOf(orderOf(shipment))).isEqualTo("DISPATCHED");
    }

    @Test
    void aCallbackOverItsBoundIsRefusedBeforeItsSignatureIsLookedAt() {
        JsonNode shipment = bookedShipment();
        // A genuine callback padded past the callback's 16KB bound (far under the service's 1MB default).
        String body = callbackBody(UUID.randomUUID().toString(), shipment, "DISPATCHED")
                .replaceFirst("\\{", "{\"padding\":\"" + "x".repeat(20 * 1024) + "\",");

        for (HttpResponse<String> response : java.util.List.of(send(body), callback(body, "not-the-secret", Instant.now()),
                callback(body, SECRET, Instant.now()))) {
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.body()).contains("\"type\":\"urn:commerce:problem:payload-too-large\"")
                    .contains("\"maxBytes\":16384");
        }
        assertThat(statusOf(orderOf(shipment))).isEqualTo("BOOKED");
    }

    @Test
    void aCallbackSignedLongerAgoThanFiveMinutesIsRefused() {
        JsonNode shipment = bookedShipment();
        String body = callbackBody(UUID.randomUUID().toString(), shipment, "DISPATCHED");

        HttpResponse<String> stale = callback(body, SECRET, Instant.now().minus(Duration.ofMinutes(6)));

        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(statusOf(orderOf(shipment))).isEqualTo("BOOKED");
        assertThat(callback(body, SECRET, Instant.now().minus(Duration.ofMinutes(4))).statusCode()).isEqualTo(200);
    }

    @Test
    void aRepeatedCallbackIsAcceptedAndChangesNothing() {
        JsonNode shipment = bookedShipment();
        String body = callbackBody(UUID.randomUUID().toString(), shipment, "DISPATCHED");

        HttpResponse<String> first = callback(body);
        HttpResponse<String> again = callback(body);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("APPLIED");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("DUPLICATE");
        assertThat(shipmentOf(orderOf(shipment)).get("history")).hasSize(3);
        assertThat(publishedFor(orderOf(shipment))).containsExactly("shipping.ShipmentCreated.v1",
                "shipping.ShipmentDispatched.v1");
    }

    @Test
    void aDeliveryBeforeItsDispatchPublishesBothInOrderAndTheLateDispatchIsIgnored() {
        JsonNode shipment = bookedShipment();

        assertThat(callback(callbackBody(UUID.randomUUID().toString(), shipment, "DELIVERED")).statusCode())
                .isEqualTo(200);
        assertThat(callback(callbackBody(UUID.randomUUID().toString(), shipment, "DISPATCHED")).statusCode())
                .isEqualTo(200);

        JsonNode after = shipmentOf(orderOf(shipment));
        assertThat(after.get("status").asString()).isEqualTo("DELIVERED");
        assertThat(publishedFor(orderOf(shipment))).containsExactly("shipping.ShipmentCreated.v1",
                "shipping.ShipmentDispatched.v1", "shipping.ShipmentDelivered.v1");
        assertThat(after.get("history")).extracting(entry -> entry.get("status").asString())
                .containsExactly("CREATED", "BOOKED", "DISPATCHED", "DELIVERED", "DISPATCHED");
        assertThat(after.get("history").get(4).get("description").asString()).contains("ignored");
    }

    @Test
    void aFailureAfterDispatchFailsTheShipment() {
        JsonNode shipment = bookedShipment();
        callback(callbackBody(UUID.randomUUID().toString(), shipment, "DISPATCHED"));
        String lost = callbackBody(UUID.randomUUID().toString(), shipment, "FAILED")
                .replace("\"reason\":null", "\"reason\":\"LOST_IN_TRANSIT\"");

        assertThat(callback(lost).statusCode()).isEqualTo(200);

        assertThat(statusOf(orderOf(shipment))).isEqualTo("FAILED");
        assertThat(publishedFor(orderOf(shipment))).containsExactly("shipping.ShipmentCreated.v1",
                "shipping.ShipmentDispatched.v1", "shipping.ShipmentFailed.v1");
    }

    @Test
    void aMalformedOrUnknownCallbackIsAProblemAndChangesNothing() {
        assertThat(callback("{\"id\":\"x\",\"status\":\"LOST\",\"reference\":\"" + UUID.randomUUID() + "\"}")
                .statusCode()).isEqualTo(400);
        String unknown = "{\"id\":\"%s\",\"status\":\"DISPATCHED\",\"reference\":\"%s\"}".formatted(UUID.randomUUID(),
                UUID.randomUUID());
        HttpResponse<String> response = callback(unknown);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM courier_callback WHERE event_id = ?", Integer.class,
                json.readTree(unknown).get("id").asString())).isZero();
    }

    private HttpResponse<String> send(String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/api/v1/shipments/callbacks/courier")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
