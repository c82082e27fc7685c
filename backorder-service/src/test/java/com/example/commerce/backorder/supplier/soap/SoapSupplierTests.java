package com.example.commerce.backorder.supplier.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.commerce.backorder.supplier.SupplierConfirmation;
import com.example.commerce.backorder.supplier.SupplierOrder;
import com.example.commerce.backorder.supplier.SupplierOrderStatus;
import com.example.commerce.backorder.supplier.SupplierPropertiesMother;
import com.example.commerce.backorder.supplier.SupplierSimulator;
import com.example.commerce.backorder.supplier.SupplierUnavailableException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import tools.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SOAP adapter against the real supplier simulator (its jar, a process on a loopback port), over real HTTP. */
class SoapSupplierTests {

    /** This class's supplier SKU: the simulator is shared with other test classes, whose orders it may also hold. */
    private static final String SKU = "SUP-" + UUID.randomUUID().toString().substring(0, 8);

    private final SupplierSimulator simulator = SupplierSimulator.get();
    private SupplierResilience resilience;
    private SoapSupplier supplier;

    @BeforeEach
    void setUp() {
        simulator.reset();
        var properties = SupplierPropertiesMother.at(simulator.url());
        resilience = new SupplierResilience(properties);
        supplier = new SoapSupplier(SupplierClients.template(properties), resilience, "commerce");
    }

    @AfterEach
    void tearDown() {
        resilience.close();
        simulator.reset();
    }

    @Test
    void placesAPurchaseOrderAndReadsTheConfirmationWithItsEta() {
        String po = "PO-" + UUID.randomUUID();

        SupplierConfirmation confirmation = supplier.place(order(po, 10));

        assertThat(confirmation.poNumber()).isEqualTo(po);
        assertThat(confirmation.supplierReference()).startsWith("SUP-");
        assertThat(confirmation.lines()).singleElement().satisfies(line -> {
            assertThat(line.outcome()).isEqualTo(SupplierConfirmation.Outcome.CONFIRMED);
            assertThat(line.confirmed()).isEqualTo(10);
            assertThat(line.expectedShipDate()).isEqualTo(LocalDate.now(ZoneOffset.UTC).plusDays(2));
        });
        assertThat(mine()).singleElement()
                .satisfies(order -> assertThat(order.get("poNumber").asString()).isEqualTo(po));
    }

    @Test
    void readsAPartialConfirmationAndARejection() {
        simulator.behave("{\"outcome\":\"PARTIAL\",\"partialShare\":0.5}");
        SupplierConfirmation partial = supplier.place(order("PO-" + UUID.randomUUID(), 10));
        simulator.behave("{\"outcome\":\"REJECT\"}");
        SupplierConfirmation rejected = supplier.place(order("PO-" + UUID.randomUUID(), 10));

        assertThat(partial.lines().getFirst().outcome()).isEqualTo(SupplierConfirmation.Outcome.PARTIAL);
        assertThat(partial.lines().getFirst().confirmed()).isEqualTo(5);
        assertThat(partial.rejected()).isFalse();
        assertThat(rejected.rejected()).isTrue();
        assertThat(rejected.lines().getFirst().expectedShipDate()).isNull();
    }

    @Test
    void readsTheShipmentOnceShippedAndCancelsAnOpenOrder() {
        String shipped = "PO-" + UUID.randomUUID();
        String open = "PO-" + UUID.randomUUID();
        supplier.place(order(shipped, 7));
        supplier.place(order(open, 1));
        assertThat(supplier.status(shipped).state()).isEqualTo(SupplierOrderStatus.State.OPEN);

        simulator.ship(shipped);
        SupplierOrderStatus status = supplier.status(shipped);

        assertThat(status.state()).isEqualTo(SupplierOrderStatus.State.SHIPPED);
        assertThat(status.shippedAt()).isNotNull();
        assertThat(status.shipped()).containsExactly(new SupplierOrderStatus.ShippedLine(1, SKU, 7));
        assertThat(supplier.cancel(open)).isEqualTo(SupplierOrderStatus.State.CANCELLED);
        assertThat(supplier.cancel(shipped)).isEqualTo(SupplierOrderStatus.State.SHIPPED);
        assertThat(supplier.status("PO-never-placed").state()).isEqualTo(SupplierOrderStatus.State.UNKNOWN);
    }

    @Test
    void aLostAnswerIsRetriedWithTheSamePoNumberAndTheSupplierHoldsOneOrder() {
        simulator.behave("{\"loseResponses\":2}");
        String po = "PO-" + UUID.randomUUID();

        SupplierConfirmation confirmation = supplier.place(order(po, 3));

        assertThat(confirmation.lines().getFirst().confirmed()).isEqualTo(3);
        assertThat(mine()).singleElement().satisfies(order -> {
            assertThat(order.get("poNumber").asString()).isEqualTo(po);
            // the first two answers were lost on the way: three requests, one order
            assertThat(order.get("placeRequests").asInt()).isEqualTo(3);
        });
    }

    @Test
    void anOutageIsRetriedThenReportedUnavailableWithNothingOrdered() {
        simulator.behave("{\"outage\":true}");

        assertThatThrownBy(() -> supplier.place(order("PO-" + UUID.randomUUID(), 3)))
                .isInstanceOf(SupplierUnavailableException.class).hasMessageContaining("503");

        assertThat(mine()).isEmpty();
    }

    @Test
    void theBreakerOpensAfterRepeatedFailuresAndThenRefusesWithoutCalling() {
        simulator.behave("{\"outage\":true}");
        for (int i = 0; i < 2; i++) {
            String po = "PO-" + UUID.randomUUID();
            assertThatThrownBy(() -> supplier.place(order(po, 1))).isInstanceOf(SupplierUnavailableException.class);
        }
        assertThat(resilience.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
        simulator.behave("{\"outage\":false}");

        assertThatThrownBy(() -> supplier.place(order("PO-" + UUID.randomUUID(), 1)))
                .isInstanceOf(SupplierUnavailableException.class).hasMessageContaining("circuit breaker open");
        assertThat(mine()).isEmpty();
    }

    private List<JsonNode> mine() {
        return simulator.purchaseOrders().stream()
                .filter(order -> order.get("lines").get(0).get("supplierSku").asString().equals(SKU)).toList();
    }

    private static SupplierOrder order(String po, int quantity) {
        return new SupplierOrder(po, List.of(new SupplierOrder.Line(1, SKU, quantity)));
    }
}
