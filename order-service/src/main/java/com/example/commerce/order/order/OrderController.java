package com.example.commerce.order.order;

import com.example.commerce.order.timeline.TimelineEntry;
import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import com.example.commerce.starter.security.Callers;
import com.example.commerce.starter.web.PageNumber;
import com.example.commerce.starter.web.PageResponse;
import com.example.commerce.starter.web.PageSize;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Following and cancelling orders: the owner, or operators (orders:read to read, orders:write to cancel). */
@RestController
@RequestMapping("/api/v1/orders")
@Tag(name = "Orders", description = "Placing and following orders")
class OrderController {

    private final OrderTracking tracking;
    private final OrderCancellation cancellation;
    private final OrderEventStreams streams;
    private final Callers callers;

    OrderController(OrderTracking tracking, OrderCancellation cancellation, OrderEventStreams streams, Callers callers) {
        this.tracking = tracking;
        this.cancellation = cancellation;
        this.streams = streams;
        this.callers = callers;
    }

    /** The timeline as the API shows it. */
    record TimelineView(UUID orderId, List<EntryView> entries) {
    }

    record EntryView(Instant at, String step, String eventType, String source, String detail, boolean applied) {
    }

    @GetMapping("/{id}")
    @Operation(summary = "An order (owner, or scope orders:read)",
            description = "With waitFor, answers once the order's status is waitFor or terminal, or after timeout"
                    + " seconds (1..30, default 10) with the order as it is then.")
    OrderView order(@PathVariable UUID id, @RequestParam(required = false) OrderStatus waitFor,
                    @RequestParam(defaultValue = "10") @Min(1) @Max(30) int timeout) {
        if (waitFor == null) {
            return tracking.view(callers.current(), id);
        }
        return tracking.await(callers.current(), id, waitFor, Duration.ofSeconds(timeout));
    }

    @GetMapping
    @Operation(summary = "The caller's orders, newest first (operators with orders:read: all, filtered)")
    PageResponse<OrderView> orders(@RequestParam(required = false) OrderStatus status,
                                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant placedFrom,
                                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant placedTo,
                                   @RequestParam(required = false) UUID customerId,
                                   @RequestParam(defaultValue = "0") @PageNumber int page,
                                   @RequestParam(defaultValue = PageSize.DEFAULT) @PageSize int size) {
        return tracking.list(callers.current(), new OrderTracking.Filter(status, placedFrom, placedTo, customerId), page,
                size);
    }

    @GetMapping("/{id}/timeline")
    @Operation(summary = "Every saga step of the order with its time, event and the service that caused it")
    TimelineView timeline(@PathVariable UUID id) {
        List<EntryView> entries = tracking.timeline(callers.current(), id).stream().map(OrderController::view).toList();
        return new TimelineView(id, entries);
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Server-Sent Events: the status at once, then one event per timeline entry until the order ends")
    SseEmitter events(@PathVariable UUID id,
                      @RequestHeader(name = "Last-Event-ID", required = false) @Min(0) Long lastEventId) {
        return streams.open(callers.current(), id, lastEventId == null ? 0 : lastEventId);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel an order before it ships (owner, or scope orders:write)",
            description = "PENDING (or BACKORDERED) -> 200, CANCELLED(CUSTOMER_REQUEST) at once. CONFIRMED -> 202 Accepted,"
                    + " CANCELLING(CUSTOMER_REQUEST): shipping is asked to call the courier booking off; the order"
                    + " becomes CANCELLED once it did, or SHIPPED if the courier already has the parcel (follow it"
                    + " with GET ?waitFor=CANCELLED or /events). Already CANCELLING -> 202 as it is; already"
                    + " CANCELLED -> 200 as it is. SHIPPED, DELIVERED, REJECTED -> 409 order-not-cancellable.")
    @ApiResponse(responseCode = "200", description = "Cancelled (or already cancelled)")
    @ApiResponse(responseCode = "202", description = "Cancellation requested: the order is CANCELLING until shipping answers")
    @ApiResponse(responseCode = "409", description = "Shipped, delivered or rejected: not cancellable")
    ResponseEntity<OrderView> cancel(@PathVariable UUID id) {
        OrderView order = cancellation.cancel(callers.current(), id);
        return ResponseEntity.status(order.status() == OrderStatus.CANCELLING ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .body(order);
    }

    private static EntryView view(TimelineEntry entry) {
        return new EntryView(entry.at(), entry.step(), entry.eventType(), entry.source(), entry.detail(), entry.applied());
    }

    @ExceptionHandler(OrderNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(OrderNotFoundException e) {
        return problem(Problems.problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Order not found", e.getMessage(),
                Map.of()), null);
    }

    @ExceptionHandler(OrderNotCancellableException.class)
    ResponseEntity<ProblemDetail> notCancellable(OrderNotCancellableException e) {
        return problem(Problems.problem(HttpStatus.CONFLICT, ProblemTypes.of("order-not-cancellable"),
                "Order not cancellable", e.getMessage(), Map.of("status", e.status().name())), null);
    }

    @ExceptionHandler(OrderEventStreams.TooManyStreamsException.class)
    ResponseEntity<ProblemDetail> tooManyStreams(OrderEventStreams.TooManyStreamsException e) {
        return problem(Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.of("too-many-streams"),
                "Too many event streams", e.getMessage(), Map.of()), "5");
    }

    private static ResponseEntity<ProblemDetail> problem(ErrorResponseException problem, String retryAfter) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(problem.getStatusCode())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfter != null) {
            answer.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return answer.body(problem.getBody());
    }
}
