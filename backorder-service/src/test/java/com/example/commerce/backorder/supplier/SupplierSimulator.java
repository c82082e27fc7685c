package com.example.commerce.backorder.supplier;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.testing.PartnerSimulatorsProcess;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real partner simulators (their built jar) as a process of their own on a free loopback port, once per
 * test JVM, so the supplier adapter talks real SOAP over HTTP to the real simulated supplier. Ended with the test JVM.
 */
public final class SupplierSimulator {

    private static SupplierSimulator instance;

    private final JsonMapper json = JsonMapper.builder().build();
    private final PartnerSimulatorsProcess simulators;

    private SupplierSimulator(PartnerSimulatorsProcess simulators) {
        this.simulators = simulators;
    }

    public static synchronized SupplierSimulator get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static SupplierSimulator start() {
        return new SupplierSimulator(PartnerSimulatorsProcess.start("supplier-simulator"));
    }

    public String baseUrl() {
        return simulators.baseUrl();
    }

    /** The supplier's SOAP endpoint. */
    public String url() {
        return simulators.baseUrl() + "/supplier/ws";
    }

    /** Changes the knobs named in {@code behaviourJson}. */
    public void behave(String behaviourJson) {
        HttpResponse<String> response = simulators.send("PUT", "/supplier/admin/behaviour", behaviourJson);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /** Defaults again, and every purchase order forgotten; orders ship only by hand. */
    public void reset() {
        simulators.send("POST", "/supplier/admin/reset?ledger=true", null);
        behave("{\"shipAfterSeconds\":-1}");
    }

    /** The supplier's ledger: every purchase order it holds. */
    public List<JsonNode> purchaseOrders() {
        HttpResponse<String> response = simulators.send("GET", "/supplier/admin/purchase-orders", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> orders = new ArrayList<>();
        json.readTree(response.body()).forEach(orders::add);
        return orders;
    }

    /** Ships a purchase order now. */
    public void ship(String poNumber) {
        HttpResponse<String> response = simulators.send("POST", "/supplier/admin/purchase-orders/" + poNumber + "/ship", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    boolean alive() {
        return simulators.isAlive();
    }
}
