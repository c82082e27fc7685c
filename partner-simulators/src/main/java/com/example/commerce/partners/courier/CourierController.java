package com.example.commerce.partners.courier;

import com.example.commerce.partners.courier.CourierBookings.Booked;
import com.example.commerce.partners.courier.CourierBookings.BookingRequest;
import com.example.commerce.partners.courier.CourierBookings.IllegalTransitionException;
import com.example.commerce.partners.courier.CourierBookings.Outcome;
import com.example.commerce.partners.courier.CourierBookings.Refused;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The courier's API: book a parcel (idempotent by {@code Idempotency-Key}), cancel it before pick-up, read
 * bookings. Every call waits {@code latencyMs} first, and answers 503 during an {@code outage}.
 */
@RestController
@RequestMapping("/courier/v1/bookings")
class CourierController {

    private final CourierBookings bookings;

    CourierController(CourierBookings bookings) {
        this.bookings = bookings;
    }

    @PostMapping
    ResponseEntity<?> book(@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                           @RequestHeader(name = "traceparent", required = false) String traceparent,
                           @RequestBody BookingRequest request) {
        return behave(() -> {
            if (idempotencyKey == null || idempotencyKey.isBlank()) {
                return error(HttpStatus.BAD_REQUEST, "IDEMPOTENCY_KEY_REQUIRED", "Send an Idempotency-Key header");
            }
            if (request.reference() == null || request.reference().isBlank() || request.address() == null) {
                return error(HttpStatus.BAD_REQUEST, "INVALID_BOOKING", "reference and address are required");
            }
            Outcome outcome = bookings.book(idempotencyKey, request, traceparent);
            if (outcome instanceof Refused refused) {
                return error(HttpStatus.UNPROCESSABLE_CONTENT, refused.code(), refused.reason());
            }
            return ResponseEntity.status(HttpStatus.CREATED).body(((Booked) outcome).booking());
        });
    }

    @GetMapping("/{id}")
    ResponseEntity<?> booking(@PathVariable String id) {
        return behave(() -> bookings.find(id).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> unknown(id)));
    }

    @GetMapping
    ResponseEntity<?> byReference(@RequestParam String reference) {
        return behave(() -> ResponseEntity.ok(bookings.findByReference(reference)));
    }

    @PostMapping("/{id}/cancel")
    ResponseEntity<?> cancel(@PathVariable String id) {
        return behave(() -> {
            try {
                return bookings.cancel(id).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> unknown(id));
            } catch (IllegalTransitionException tooLate) {
                return error(HttpStatus.CONFLICT, "ALREADY_DISPATCHED", tooLate.getMessage());
            }
        });
    }

    private ResponseEntity<?> behave(Supplier<ResponseEntity<?>> call) {
        CourierBehaviour now = bookings.behaviour();
        if (now.latencyMs() > 0) {
            try {
                Thread.sleep(now.latencyMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return error(HttpStatus.SERVICE_UNAVAILABLE, "INTERRUPTED", "Interrupted");
            }
        }
        if (now.outage()) {
            return error(HttpStatus.SERVICE_UNAVAILABLE, "OUTAGE", "The courier is unavailable");
        }
        return call.get();
    }

    static ResponseEntity<?> error(HttpStatus status, String code, String reason) {
        return ResponseEntity.status(status).body(Map.of("code", code, "reason", reason));
    }

    static ResponseEntity<?> unknown(String id) {
        return error(HttpStatus.NOT_FOUND, "UNKNOWN_BOOKING", "No booking " + id);
    }

}
