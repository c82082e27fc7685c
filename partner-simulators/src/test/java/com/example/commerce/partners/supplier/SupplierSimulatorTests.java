package com.example.commerce.partners.supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.commerce.supplier.contract.CancelPurchaseOrderRequest;
import com.example.commerce.supplier.contract.CancelPurchaseOrderResponse;
import com.example.commerce.supplier.contract.GetPurchaseOrderStatusRequest;
import com.example.commerce.supplier.contract.GetPurchaseOrderStatusResponse;
import com.example.commerce.supplier.contract.LineStatus;
import com.example.commerce.supplier.contract.OrderStatus;
import com.example.commerce.supplier.contract.PlacePurchaseOrderRequest;
import com.example.commerce.supplier.contract.PlacePurchaseOrderResponse;
import com.example.commerce.supplier.contract.RequestedLine;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.oxm.jaxb.Jaxb2Marshaller;
import org.springframework.ws.client.WebServiceTransportException;
import org.springframework.ws.client.core.WebServiceTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The simulated supplier over real HTTP and SOAP, called with the contract's own JAXB classes. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SupplierSimulatorTests {

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private WebServiceTemplate soap;

    @LocalServerPort
    private int port;

    @BeforeEach
    void setUp() throws Exception {
        Jaxb2Marshaller marshaller = new Jaxb2Marshaller();
        marshaller.setPackagesToScan("com.example.commerce.supplier.contract");
        marshaller.afterPropertiesSet();
        soap = new WebServiceTemplate(marshaller);
        soap.setDefaultUri("http://127.0.0.1:" + port + "/supplier/ws");
        admin("POST", "/supplier/admin/reset?ledger=true", null);
        admin("PUT", "/supplier/admin/behaviour", "{\"shipAfterSeconds\":-1}");
    }

    @AfterEach
    void reset() throws Exception {
        admin("POST", "/supplier/admin/reset?ledger=true", null);
    }

    @Test
    void servesTheContractsWsdlAndSchema() throws Exception {
        HttpResponse<String> wsdl = admin("GET", "/supplier/ws/purchasing.wsdl", null);
        HttpResponse<String> xsd = admin("GET", "/supplier/ws/supplier.xsd", null);

        assertThat(wsdl.statusCode()).isEqualTo(200);
        assertThat(wsdl.body()).contains("PlacePurchaseOrder", "GetPurchaseOrderStatus", "CancelPurchaseOrder")
                .contains("http://127.0.0.1:" + port + "/supplier/ws");
        assertThat(xsd.statusCode()).isEqualTo(200);
        assertThat(xsd.body()).contains("PlacePurchaseOrderRequest");
    }

    @Test
    void confirmsEveryLineWithItsEtaAndAnswersTheSamePoNumberAgainWithoutASecondOrder() throws Exception {
        String po = "PO-" + UUID.randomUUID();
        PlacePurchaseOrderResponse first = place(po, 10);
        PlacePurchaseOrderResponse again = place(po, 10);

        assertThat(first.getStatus()).isEqualTo(OrderStatus.ACCEPTED);
        assertThat(first.getLine().getFirst().getConfirmedQuantity()).isEqualTo(BigInteger.TEN);
        assertThat(first.getLine().getFirst().getExpectedShipDate().toString())
                .isEqualTo(LocalDate.now(ZoneOffset.UTC).plusDays(2).toString());
        assertThat(again.getSupplierReference()).isEqualTo(first.getSupplierReference());
        JsonNode ledger = json.readTree(admin("GET", "/supplier/admin/purchase-orders", null).body());
        assertThat(ledger).hasSize(1);
        assertThat(ledger.get(0).get("placeRequests").asInt()).isEqualTo(2);
    }

    @Test
    void confirmsPartlyRejectsAndDelaysAsTheKnobsSay() throws Exception {
        admin("PUT", "/supplier/admin/behaviour", "{\"outcome\":\"PARTIAL\",\"partialShare\":0.3,\"delayDays\":5}");
        PlacePurchaseOrderResponse partial = place("PO-" + UUID.randomUUID(), 10);
        admin("PUT", "/supplier/admin/behaviour", "{\"outcome\":\"REJECT\"}");
        PlacePurchaseOrderResponse rejected = place("PO-" + UUID.randomUUID(), 10);

        assertThat(partial.getStatus()).isEqualTo(OrderStatus.PARTIALLY_ACCEPTED);
        assertThat(partial.getLine().getFirst().getStatus()).isEqualTo(LineStatus.PARTIAL);
        assertThat(partial.getLine().getFirst().getConfirmedQuantity()).isEqualTo(BigInteger.valueOf(3));
        assertThat(partial.getLine().getFirst().getExpectedShipDate().toString())
                .isEqualTo(LocalDate.now(ZoneOffset.UTC).plusDays(7).toString());
        assertThat(rejected.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(rejected.getLine().getFirst().getConfirmedQuantity()).isEqualTo(BigInteger.ZERO);
    }

    @Test
    void anOutageAnswers503AndPlacesNothing() throws Exception {
        admin("PUT", "/supplier/admin/behaviour", "{\"outage\":true}");

        assertThatThrownBy(() -> place("PO-" + UUID.randomUUID(), 1))
                .isInstanceOf(WebServiceTransportException.class).hasMessageContaining("503");
        assertThat(json.readTree(admin("GET", "/supplier/admin/purchase-orders", null).body())).isEmpty();
    }

    @Test
    void aLostResponseIsPlacedAndTheRetryWithTheSamePoNumberGetsIt() throws Exception {
        admin("PUT", "/supplier/admin/behaviour", "{\"loseResponses\":1}");
        String po = "PO-" + UUID.randomUUID();

        assertThatThrownBy(() -> place(po, 4)).isInstanceOf(WebServiceTransportException.class);
        PlacePurchaseOrderResponse retried = place(po, 4);

        assertThat(retried.getStatus()).isEqualTo(OrderStatus.ACCEPTED);
        JsonNode ledger = json.readTree(admin("GET", "/supplier/admin/purchase-orders", null).body());
        assertThat(ledger).hasSize(1);
        assertThat(ledger.get(0).get("placeRequests").asInt()).isEqualTo(2);
    }

    @Test
    void shipsAfterItsTimeAndReportsTheShipmentOnTheStatus() throws Exception {
        admin("PUT", "/supplier/admin/behaviour", "{\"shipAfterSeconds\":0}");
        String po = "PO-" + UUID.randomUUID();
        place(po, 6);

        GetPurchaseOrderStatusResponse status = status(po);

        assertThat(status.getStatus()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(status.getShipment()).hasSize(1);
        assertThat(status.getShipment().getFirst().getLine().getFirst().getQuantity()).isEqualTo(BigInteger.valueOf(6));
        assertThat(status("PO-unknown").getStatus()).isEqualTo(OrderStatus.UNKNOWN);
    }

    @Test
    void cancelsAnOpenOrderButNotAShippedOne() throws Exception {
        String open = "PO-" + UUID.randomUUID();
        String shipped = "PO-" + UUID.randomUUID();
        place(open, 1);
        place(shipped, 1);
        admin("POST", "/supplier/admin/purchase-orders/" + shipped + "/ship", null);

        assertThat(cancel(open).getStatus()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancel(shipped).getStatus()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(status(open).getStatus()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void refusesKnobsOutOfRange() throws Exception {
        assertThat(admin("PUT", "/supplier/admin/behaviour", "{\"outcome\":\"MAYBE\"}").statusCode()).isEqualTo(400);
        assertThat(admin("PUT", "/supplier/admin/behaviour", "{\"partialShare\":2}").statusCode()).isEqualTo(400);
    }

    private PlacePurchaseOrderResponse place(String po, int quantity) {
        PlacePurchaseOrderRequest request = new PlacePurchaseOrderRequest();
        request.setPoNumber(po);
        request.setBuyer("commerce");
        RequestedLine line = new RequestedLine();
        line.setLineNumber(BigInteger.ONE);
        line.setSupplierSku("SUP-MUG-1");
        line.setQuantity(BigInteger.valueOf(quantity));
        request.getLine().add(line);
        return (PlacePurchaseOrderResponse) soap.marshalSendAndReceive(request);
    }

    private GetPurchaseOrderStatusResponse status(String po) {
        GetPurchaseOrderStatusRequest request = new GetPurchaseOrderStatusRequest();
        request.setPoNumber(po);
        return (GetPurchaseOrderStatusResponse) soap.marshalSendAndReceive(request);
    }

    private CancelPurchaseOrderResponse cancel(String po) {
        CancelPurchaseOrderRequest request = new CancelPurchaseOrderRequest();
        request.setPoNumber(po);
        return (CancelPurchaseOrderResponse) soap.marshalSendAndReceive(request);
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
