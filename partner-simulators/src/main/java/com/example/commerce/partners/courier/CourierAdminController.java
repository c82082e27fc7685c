package com.example.commerce.partners.courier;

import com.example.commerce.partners.courier.CourierBookings.IllegalTransitionException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What tests and operators turn: the courier's behaviour, a reset, and moving a booking on by hand. */
@RestController
@RequestMapping("/courier/admin")
class CourierAdminController {

    /** A hand-made move of one booking. */
    record Advance(BookingStatus status) {
    }

    private final CourierBookings bookings;

    CourierAdminController(CourierBookings bookings) {
        this.bookings = bookings;
    }

    @GetMapping("/behaviour")
    CourierBehaviour behaviour() {
        return bookings.behaviour();
    }

    @PutMapping("/behaviour")
    ResponseEntity<?> change(@RequestBody CourierBehaviour update) {
        String invalid = update.invalidity();
        if (invalid != null) {
            return CourierController.error(HttpStatus.BAD_REQUEST, "INVALID_BEHAVIOUR", invalid);
        }
        return ResponseEntity.ok(bookings.changeBehaviour(update));
    }

    @PostMapping("/reset")
    CourierBehaviour reset(@RequestParam(defaultValue = "false") boolean ledger) {
        bookings.reset(ledger);
        return bookings.behaviour();
    }

    @GetMapping("/bookings")
    Map<BookingStatus, Long> counts() {
        return bookings.counts();
    }

    @PostMapping("/bookings/{id}/advance")
    ResponseEntity<?> advance(@PathVariable String id, @RequestBody Advance advance) {
        if (advance.status() == null || advance.status() == BookingStatus.BOOKED
                || advance.status() == BookingStatus.CANCELLED) {
            return CourierController.error(HttpStatus.BAD_REQUEST, "INVALID_STATUS",
                    "status must be DISPATCHED, DELIVERED or FAILED");
        }
        try {
            return bookings.advance(id, advance.status()).<ResponseEntity<?>>map(ResponseEntity::ok)
                    .orElseGet(() -> CourierController.unknown(id));
        } catch (IllegalTransitionException illegal) {
            return CourierController.error(HttpStatus.CONFLICT, "ILLEGAL_TRANSITION", illegal.getMessage());
        }
    }
}
