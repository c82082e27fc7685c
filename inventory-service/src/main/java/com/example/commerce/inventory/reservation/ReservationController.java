package com.example.commerce.inventory.reservation;

import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** An order's reservation, for operators and the system tests. */
@RestController
@Tag(name = "Reservations", description = "The stock an order holds")
class ReservationController {

    private final StockReservations reservations;

    ReservationController(StockReservations reservations) {
        this.reservations = reservations;
    }

    record LineView(String sku, int quantity) {
    }

    record ReservationView(UUID orderId, ReservationStatus status, String reason, List<LineView> lines,
                           Instant expiresAt, boolean pinned, Instant createdAt, Instant updatedAt) {

        static ReservationView of(Reservation reservation) {
            return new ReservationView(reservation.orderId(), reservation.status(), reservation.reason(),
                    reservation.lines().stream().map(line -> new LineView(line.sku(), line.quantity())).toList(),
                    reservation.expiresAt(), reservation.pinned(), reservation.createdAt(), reservation.updatedAt());
        }
    }

    @GetMapping("/api/v1/inventory/reservations/{orderId}")
    @PreAuthorize("hasAnyAuthority('SCOPE_inventory:read', 'SCOPE_orders:read')")
    @Operation(summary = "The reservation of an order (scope inventory:read or orders:read)",
            description = "RESERVED (with its expiry, or pinned once the order is confirmed), RELEASED with the "
                    + "reason, COMMITTED after dispatch, or REFUSED (OUT_OF_STOCK). 404 for an order never seen.")
    ReservationView reservation(@PathVariable UUID orderId) {
        return reservations.find(orderId).map(ReservationView::of)
                .orElseThrow(() -> Problems.problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND,
                        "Reservation not found", "No reservation is known for order " + orderId + ".",
                        Map.of("orderId", orderId.toString())));
    }
}
