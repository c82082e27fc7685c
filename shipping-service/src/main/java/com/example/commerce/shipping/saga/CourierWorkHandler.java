package com.example.commerce.shipping.saga;

import com.example.commerce.shipping.courier.BookingResult;
import com.example.commerce.shipping.courier.Courier;
import com.example.commerce.shipping.courier.CourierProperties;
import com.example.commerce.shipping.courier.CourierUnavailableException;
import com.example.commerce.shipping.shipment.Shipment;
import com.example.commerce.starter.work.Work;
import com.example.commerce.starter.work.WorkHandler;
import com.example.commerce.starter.work.WorkResult;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Performs one step of a shipment's courier work (a {@code shipping.courier} work row, run by service-starter's
 * workers outside any transaction): takes the step up through the saga, calls the courier, and records the answer
 * through the saga, each in a transaction that first checks this worker still holds the row's lease. The
 * courier is always asked with the shipment's booking key ({@code <orderId>:book}) or its booking id, so a
 * worker that runs a row again (a stalled holder's row taken over) asks the same question.
 *
 * <p>Results: the step answered -> Done; no answer from the courier (timeout, outage, breaker open) -> Retry
 * after {@code retry-after}; a booking's last attempt without an answer fails the shipment like its max age, and
 * so does a last attempt whose worker vanished ({@link #abandoned}).
 */
@Component
class CourierWorkHandler implements WorkHandler {

    private static final Logger log = LoggerFactory.getLogger(CourierWorkHandler.class);

    /** A row's payload: which shipment, which step. */
    record Payload(UUID shipmentId, Shipment.Work work) {
    }

    private final ShipmentSaga saga;
    private final Courier courier;
    private final CourierProperties properties;
    private final JsonMapper json;

    CourierWorkHandler(ShipmentSaga saga, Courier courier, CourierProperties properties, JsonMapper json) {
        this.saga = saga;
        this.courier = courier;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public String kind() {
        return ShipmentSaga.COURIER_WORK;
    }

    @Override
    public WorkResult handle(Work work) {
        Payload payload = json.readValue(work.payload(), Payload.class);
        Optional<CourierTask> task = saga.takeUp(payload.shipmentId(), payload.work(), work.lease());
        if (task.isEmpty()) {
            return WorkResult.done(payload.work() + ": nothing to ask the courier");
        }
        return switch (payload.work()) {
            case BOOK -> book(task.get(), work);
            case CANCEL -> cancel(task.get(), work);
            case RELEASE -> release(task.get(), work);
        };
    }

    /**
     * The worker of this row's last attempt vanished (crashed, or stalled past its lease) without recording an
     * answer: the step is given up as at its own bound, under the fresh lease the workers took. A booking fails the
     * shipment COURIER_UNAVAILABLE and enqueues the release of whatever the courier may have booked under its key;
     * a cancel or a release still needed is asked anew as a new row. A row of a step the shipment no longer has
     * open (answered meanwhile, or superseded by a newer request) changes nothing.
     */
    @Override
    public String abandoned(Work work) {
        Payload payload = json.readValue(work.payload(), Payload.class);
        String why = "the worker of its last attempt vanished without an answer";
        return switch (saga.workAbandoned(payload.shipmentId(), payload.work(), work.key(), work.lease(), why)) {
            case ANSWERED, GOES_ON, DUE_AGAIN -> payload.work() + " given up: " + why;
            case LEASE_LOST -> "not recorded, the lease passed on";
        };
    }

    private WorkResult book(CourierTask task, Work work) {
        BookingResult result;
        try {
            result = courier.book(task.bookingKey(), task.booking());
        } catch (CourierUnavailableException unavailable) {
            return result(saga.bookingUnanswered(task.shipmentId(), work.lease(), unavailable.getMessage(),
                    work.lastAttempt()), "booking unanswered: " + unavailable.getMessage());
        }
        return result(saga.bookingAnswered(task.shipmentId(), work.lease(), result), "booking " + result);
    }

    /**
     * Cancels at the courier. Without a known booking id (a booking was asked for but its answer not recorded),
     * asks the same booking question again under the same key: the courier answers with the booking it made, if
     * any, and that one is cancelled. When the courier says it is too late (it has the parcel), its tracking is
     * asked where the parcel is, and the shipment moves on at once on its word.
     */
    private WorkResult cancel(CourierTask task, Work work) {
        try {
            String bookingId = task.bookingId();
            if (bookingId == null) {
                BookingResult result = courier.book(task.bookingKey(), task.booking());
                ShipmentSaga.Step learnt = saga.bookingLearnt(task.shipmentId(), work.lease(), result);
                if (learnt != ShipmentSaga.Step.GOES_ON) {
                    return result(learnt, "cancel: booking " + result);
                }
                bookingId = ((BookingResult.Booked) result).bookingId();
            }
            if (courier.cancel(bookingId) == Courier.CancelResult.CANCELLED) {
                return result(saga.cancelAnswered(task.shipmentId(), work.lease()), "cancelled " + bookingId);
            }
            return result(saga.cancelTooLate(task.shipmentId(), work.lease(), trackQuietly(bookingId)),
                    "cancel of " + bookingId + " too late: dispatched");
        } catch (CourierUnavailableException unavailable) {
            return result(saga.cancelUnanswered(task.shipmentId(), work.lease()),
                    "cancel unanswered: " + unavailable.getMessage());
        }
    }

    /** Where the courier says the booking is; empty when it does not answer (its refusal is word enough). */
    private Optional<Courier.Tracked> trackQuietly(String bookingId) {
        try {
            return courier.track(bookingId);
        } catch (CourierUnavailableException unavailable) {
            return Optional.empty();
        }
    }

    /**
     * A shipment failed with a booking asked for but never answered: asks the same booking question again under
     * the same key and cancels what the courier booked, so no parcel of a failed shipment is picked up.
     */
    private WorkResult release(CourierTask task, Work work) {
        String outcome;
        try {
            BookingResult result = courier.book(task.bookingKey(), task.booking());
            if (result instanceof BookingResult.Booked booked) {
                Courier.CancelResult cancelled = courier.cancel(booked.bookingId());
                outcome = cancelled == Courier.CancelResult.CANCELLED
                        ? "Booking " + booked.bookingId() + " made after the shipment failed: cancelled at the courier"
                        : "Booking " + booked.bookingId() + " made after the shipment failed is already dispatched";
            } else {
                outcome = "The courier holds no booking of this failed shipment";
            }
        } catch (CourierUnavailableException unavailable) {
            return WorkResult.retryAfter("release unanswered: " + unavailable.getMessage(), properties.retryAfter());
        }
        return result(saga.released(task.shipmentId(), work.lease(), outcome), outcome);
    }

    private WorkResult result(ShipmentSaga.Step step, String what) {
        return switch (step) {
            case ANSWERED, GOES_ON -> WorkResult.done(what);
            case DUE_AGAIN -> WorkResult.retryAfter(what, properties.retryAfter());
            case LEASE_LOST -> {
                log.info("Courier work answer not recorded, the lease passed on: {}", what);
                yield WorkResult.done("not recorded, the lease passed on: " + what);
            }
        };
    }
}
