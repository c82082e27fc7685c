package com.example.commerce.order.placement;

import com.example.commerce.order.OrderProperties;
import com.example.commerce.order.idempotency.IdempotencyKeyBusyException;
import com.example.commerce.order.idempotency.IdempotencyKeyReusedException;
import com.example.commerce.order.idempotency.IdempotencyKeys;
import com.example.commerce.order.peers.PeerUnavailableException;
import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import com.example.commerce.starter.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Placing an order: 202 Accepted with the order's Location; the saga runs on from there. */
@RestController
@Tag(name = "Orders", description = "Placing and following orders")
class OrderPlacementController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final OrderPlacement placement;
    private final Callers callers;
    private final OrderProperties properties;

    OrderPlacementController(OrderPlacement placement, Callers callers, OrderProperties properties) {
        this.placement = placement;
        this.callers = callers;
        this.properties = properties;
    }

    @PostMapping(path = "/api/v1/orders", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Place an order from the caller's cart (no lines) or from explicit lines",
            description = "Required Idempotency-Key (1..100 characters, per caller, 24 h): the same key and body answer"
                    + " the first response again; another body is 422 idempotency-key-reused. 422 for an empty cart,"
                    + " a cart that needs review, unknown or discontinued SKUs, bounds, no address, unknown payment"
                    + " method; 409 cart-already-checked-out (with the orderId and location of the order that has the"
                    + " cart) or cart-changed; 503 with Retry-After when a peer service is down or slow (peer-unavailable), when"
                    + " too many orders wait for the saga (saga-busy) or the instance is at its limit (overloaded).")
    ResponseEntity<String> place(@RequestHeader(IDEMPOTENCY_KEY) @Size(min = 1, max = 100) String idempotencyKey,
                                 @Valid @RequestBody PlaceOrderRequest request) {
        IdempotencyKeys.Response response = placement.place(callers.current(), bearerToken(), idempotencyKey, request);
        return ResponseEntity.status(response.status()).location(URI.create(response.location()))
                .contentType(MediaType.APPLICATION_JSON).body(response.body());
    }

    private static String bearerToken() {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof AbstractOAuth2TokenAuthenticationToken<?> token) {
            return token.getToken().getTokenValue();
        }
        throw new IllegalStateException("an order is placed with a bearer token");
    }

    @ExceptionHandler(PlacementRefusedException.class)
    ResponseEntity<ProblemDetail> refused(PlacementRefusedException e) {
        return problem(Problems.problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.of(e.slug()), e.title(),
                e.getMessage(), e.details()), null);
    }

    @ExceptionHandler(CartAlreadyCheckedOutException.class)
    ResponseEntity<ProblemDetail> cartTaken(CartAlreadyCheckedOutException e) {
        String location = "/api/v1/orders/" + e.orderId();
        ResponseEntity<ProblemDetail> answer = problem(Problems.problem(HttpStatus.CONFLICT,
                ProblemTypes.of("cart-already-checked-out"), "Cart already checked out", e.getMessage(),
                Map.of("orderId", e.orderId(), "location", location, "claimStatus", e.claimStatus())), null);
        return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                .location(URI.create(location)).body(answer.getBody());
    }

    @ExceptionHandler(CartChangedException.class)
    ResponseEntity<ProblemDetail> cartChanged(CartChangedException e) {
        return problem(Problems.problem(HttpStatus.CONFLICT, ProblemTypes.of("cart-changed"), "Cart changed",
                e.getMessage(), Map.of()), null);
    }

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ResponseEntity<ProblemDetail> reused(IdempotencyKeyReusedException e) {
        return problem(Problems.problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.of("idempotency-key-reused"),
                "Idempotency-Key reused", e.getMessage(), Map.of()), null);
    }

    @ExceptionHandler(IdempotencyKeyBusyException.class)
    ResponseEntity<ProblemDetail> busy(IdempotencyKeyBusyException e) {
        return problem(Problems.problem(HttpStatus.CONFLICT, ProblemTypes.of("idempotency-key-in-progress"),
                "Request in progress", e.getMessage(), Map.of()), "1");
    }

    @ExceptionHandler(SagaBusyException.class)
    ResponseEntity<ProblemDetail> sagaBusy(SagaBusyException e) {
        return problem(Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.of("saga-busy"),
                "Too many orders in progress", e.getMessage(), Map.of()),
                String.valueOf(Math.max(1, properties.admission().retryAfter().toSeconds())));
    }

    @ExceptionHandler(PeerUnavailableException.class)
    ResponseEntity<ProblemDetail> peerUnavailable(PeerUnavailableException e) {
        return problem(Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.of("peer-unavailable"),
                "Service temporarily unavailable", "The order could not be placed now (" + e.peer()
                        + " did not answer); nothing was stored. Retry later with the same Idempotency-Key.",
                Map.of("peer", e.peer())), String.valueOf(Math.max(1, properties.peers().retryAfter().toSeconds())));
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
