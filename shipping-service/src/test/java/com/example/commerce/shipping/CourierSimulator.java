package com.example.commerce.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.testing.PartnerSimulatorsProcess;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real partner simulators (their built jar) as a process of their own on a free loopback port, once per
 * test JVM, so the courier adapter talks real HTTP to the real simulated courier and receives its real signed
 * callbacks. Ended with the test JVM.
 */
public final class CourierSimulator {

    private static CourierSimulator instance;

    private final JsonMapper json = JsonMapper.builder().build();
    private final PartnerSimulatorsProcess simulators;

    private CourierSimulator(PartnerSimulatorsProcess simulators) {
        this.simulators = simulators;
    }

    public static synchronized CourierSimulator get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static CourierSimulator start() {
        return new CourierSimulator(PartnerSimulatorsProcess.start("courier-simulator"));
    }

    public String baseUrl() {
        return simulators.baseUrl();
    }

    /** Changes the knobs named in {@code behaviourJson}. */
    public void behave(String behaviourJson) {
        HttpResponse<String> response = simulators.send("PUT", "/courier/admin/behaviour", behaviourJson);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /** Defaults again, bookings kept. */
    public void reset() {
        simulators.send("POST", "/courier/admin/reset", null);
    }

    /** The courier's bookings whose reference or order reference is {@code reference}. */
    public List<JsonNode> bookings(Object reference) {
        HttpResponse<String> response = simulators.send("GET", "/courier/v1/bookings?reference=" + reference, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> bookings = new ArrayList<>();
        json.readTree(response.body()).forEach(bookings::add);
        return bookings;
    }

    /** How many bookings the courier holds in all (the admin view, which answers during an outage too). */
    public long totalBookings() {
        HttpResponse<String> response = simulators.send("GET", "/courier/admin/bookings", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        long total = 0;
        for (JsonNode count : json.readTree(response.body())) {
            total += count.asLong();
        }
        return total;
    }

    /** Moves a booking on by hand; returns the HTTP status. */
    public int advance(String bookingId, String status) {
        return simulators.send("POST", "/courier/admin/bookings/" + bookingId + "/advance", "{\"status\":\"" + status + "\"}")
                .statusCode();
    }

    boolean alive() {
        return simulators.isAlive();
    }
}
