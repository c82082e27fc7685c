package com.example.commerce.shipping.shipment;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.shipping.ShippingSagaTest;
import com.example.commerce.testing.TestTokens;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Who may read a shipment: its order's customer and callers with shipments:read; for others it does not exist. */
class ShipmentReadsIntegrationTests extends ShippingSagaTest {

    @Test
    void theOwnerAndOperatorsReadTheShipmentAndOthersGet404() {
        UUID orderId = UUID.randomUUID();
        UUID owner = UUID.randomUUID();
        orders.publish(confirmed(orderId, owner, "10115"));
        String id = awaitStatus(orderId, "BOOKED").get("id").asString();

        HttpResponse<String> mine = get("/api/v1/shipments/" + id, TestTokens.customer(owner));
        HttpResponse<String> myPage = get("/api/v1/shipments?orderId=" + orderId, TestTokens.customer(owner));
        HttpResponse<String> theirs = get("/api/v1/shipments/" + id, TestTokens.customer(UUID.randomUUID()));
        HttpResponse<String> theirPage = get("/api/v1/shipments?orderId=" + orderId,
                TestTokens.customer(UUID.randomUUID()));
        HttpResponse<String> operator = get("/api/v1/shipments/" + id, TestTokens.client("ops", "shipments:read"));
        HttpResponse<String> anonymous = get("/api/v1/shipments/" + id, null);

        assertThat(mine.statusCode()).isEqualTo(200);
        JsonNode shipment = json.readTree(mine.body());
        assertThat(shipment.get("orderId").asString()).isEqualTo(orderId.toString());
        assertThat(shipment.get("history").get(0).get("at").asString()).isNotBlank();
        JsonNode page = json.readTree(myPage.body());
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("totalItems").asLong()).isEqualTo(1);
        assertThat(page.get("page").asInt()).isZero();
        assertThat(theirs.statusCode()).isEqualTo(404);
        assertThat(theirs.body()).contains("urn:commerce:problem:not-found");
        assertThat(theirPage.statusCode()).isEqualTo(404);
        assertThat(operator.statusCode()).isEqualTo(200);
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void anUnknownShipmentIs404AndAnOperatorGetsAnEmptyPageForAnOrderWithoutOne() {
        assertThat(get("/api/v1/shipments/" + UUID.randomUUID(), TestTokens.client("ops", "shipments:read"))
                .statusCode()).isEqualTo(404);
        HttpResponse<String> empty = get("/api/v1/shipments?orderId=" + UUID.randomUUID(),
                TestTokens.client("ops", "shipments:read"));
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(json.readTree(empty.body()).get("items")).isEmpty();
        assertThat(get("/api/v1/shipments?orderId=not-a-uuid", TestTokens.client("ops", "shipments:read"))
                .statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/shipments?orderId=" + UUID.randomUUID() + "&size=500",
                TestTokens.client("ops", "shipments:read")).statusCode()).isEqualTo(400);
    }
}
