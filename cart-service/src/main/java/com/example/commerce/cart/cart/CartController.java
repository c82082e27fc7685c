package com.example.commerce.cart.cart;

import com.example.commerce.cart.promotion.PromotionRejectedException;
import com.example.commerce.starter.security.Callers;
import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A customer's cart. Every answer carries the cart's {@code ETag}; every change takes {@code If-Match}
 * (412 when the cart changed since). Request bodies with fields they do not have (a price, a total) are 400.
 */
@RestController
@RequestMapping("/api/v1/cart/{customerId}")
@Tag(name = "Cart", description = "A customer's cart, priced by the server")
class CartController {

    private static final String IF_MATCH = "The cart's ETag as last read; 412 if the cart changed since. Optional.";

    private final ShoppingCarts carts;
    private final CartCheckouts checkouts;
    private final Callers callers;

    CartController(ShoppingCarts carts, CartCheckouts checkouts, Callers callers) {
        this.carts = carts;
        this.checkouts = checkouts;
        this.callers = callers;
    }

    /** A checkout's claim: the order it is for, and the cart as the customer saw it (its id and version). */
    record ClaimRequest(@NotNull UUID orderId, @NotNull UUID cartId, @NotNull @Min(0) Long cartVersion) {
    }

    record AddRequest(@NotBlank @Size(max = 64) String sku, @NotNull @Min(1) Integer quantity) {
    }

    record RemoveRequest(@NotBlank @Size(max = 64) String sku) {
    }

    record QuantityRequest(@NotNull @Min(1) Integer quantity) {
    }

    record PromoCodeRequest(@NotBlank @Size(max = 40) String code) {
    }

    @GetMapping
    @Operation(summary = "The customer's cart (the customer, or scope carts:read)",
            description = "Lines with the catalogue's current unit price, availability and notices; totals in minor units.")
    ResponseEntity<CartView> view(@PathVariable UUID customerId) {
        return answer(carts.view(customerId, callers.current()));
    }

    @PostMapping("/add")
    @Operation(summary = "Add units of a SKU (to its line, if the cart has one); publishes ItemAddedToCart",
            description = "404 unknown SKU; 422 discontinued, above the per-line or line limit, other currency.")
    ResponseEntity<CartView> add(@PathVariable UUID customerId,
                                 @Parameter(description = IF_MATCH) @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                 @Valid @RequestBody AddRequest request) {
        return answer(carts.add(customerId, callers.current(), ifMatch, request.sku().strip(),
                request.quantity()));
    }

    @PutMapping("/lines/{sku}")
    @Operation(summary = "Set the quantity of a line", description = "404 if the cart has no line of the SKU.")
    ResponseEntity<CartView> changeQuantity(@PathVariable UUID customerId, @PathVariable @Size(max = 64) String sku,
                                            @Parameter(description = IF_MATCH) @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                            @Valid @RequestBody QuantityRequest request) {
        return answer(carts.changeQuantity(customerId, callers.current(), ifMatch, sku,
                request.quantity()));
    }

    @DeleteMapping("/remove")
    @Operation(summary = "Remove the line of a SKU", description = "404 if the cart has no line of the SKU.")
    ResponseEntity<CartView> remove(@PathVariable UUID customerId,
                                    @Parameter(description = IF_MATCH) @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                    @Valid @RequestBody RemoveRequest request) {
        return answer(carts.remove(customerId, callers.current(), ifMatch, request.sku().strip()));
    }

    @PostMapping("/promo")
    @Operation(summary = "Apply a promotion code (one per cart)",
            description = "422 urn:commerce:problem:promo-code-<reason> saying why it cannot be applied.")
    ResponseEntity<CartView> applyPromoCode(@PathVariable UUID customerId,
                                            @Parameter(description = IF_MATCH) @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                            @Valid @RequestBody PromoCodeRequest request) {
        return answer(carts.applyPromoCode(customerId, callers.current(), ifMatch, request.code()));
    }

    @DeleteMapping("/promo")
    @Operation(summary = "Drop the cart's promotion code")
    ResponseEntity<CartView> removePromoCode(@PathVariable UUID customerId,
                                             @Parameter(description = IF_MATCH) @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return answer(carts.removePromoCode(customerId, callers.current(), ifMatch));
    }

    @PostMapping("/acknowledge")
    @Operation(summary = "Acknowledge the cart as shown",
            description = "Clears the PRICE_CHANGED and OUT_OF_STOCK notices: the prices and availability shown become the ones seen.")
    ResponseEntity<CartView> acknowledge(@PathVariable UUID customerId,
                                         @Parameter(description = IF_MATCH) @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return answer(carts.acknowledge(customerId, callers.current(), ifMatch));
    }

    @PostMapping("/checkout-claims")
    @Operation(summary = "Claim the cart, as it was at cartVersion, for an order about to be placed (the customer's token)",
            description = "Every line and the applied promotion code leave the cart; the answer is the cart as claimed,"
                    + " priced, which the order takes. 201 for a new claim, 200 for the same orderId again. 409"
                    + " cart-checkout-in-progress / cart-already-checked-out naming the orderId that claimed that"
                    + " version; 409 cart-changed with currentVersion; 422 cart-empty.")
    ResponseEntity<CartCheckouts.ClaimView> claim(@PathVariable UUID customerId, @Valid @RequestBody ClaimRequest request) {
        CartCheckouts.ClaimResult result = checkouts.claim(customerId, callers.current(), request.orderId(),
                request.cartId(), request.cartVersion());
        if (!result.created()) {
            return ResponseEntity.ok(result.claim());
        }
        return ResponseEntity.created(URI.create("/api/v1/cart/" + customerId + "/checkout-claims/" + request.orderId()))
                .body(result.claim());
    }

    @DeleteMapping("/checkout-claims/{orderId}")
    @Operation(summary = "Give the claim of an order that was not placed back (the customer's token)",
            description = "Its lines merge into the cart again, its promotion code returns when the cart holds none."
                    + " 204 (also when given back before); 404 no such claim; 409 cart-already-checked-out when the"
                    + " order was placed.")
    ResponseEntity<Void> release(@PathVariable UUID customerId, @PathVariable UUID orderId) {
        checkouts.release(customerId, callers.current(), orderId);
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<CartView> answer(CartView view) {
        return ResponseEntity.ok().eTag(view.etag()).body(view);
    }

    @ExceptionHandler(CartNotFoundException.class)
    ResponseEntity<ProblemDetail> cartNotFound(CartNotFoundException e) {
        return problem(Problems.problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Cart not found",
                e.getMessage(), Map.of()));
    }

    @ExceptionHandler(LineNotFoundException.class)
    ResponseEntity<ProblemDetail> lineNotFound(LineNotFoundException e) {
        return problem(Problems.problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Cart line not found",
                e.getMessage(), Map.of("sku", e.sku())));
    }

    @ExceptionHandler(UnknownProductException.class)
    ResponseEntity<ProblemDetail> unknownProduct(UnknownProductException e) {
        return problem(Problems.problem(HttpStatus.NOT_FOUND, ProblemTypes.of("unknown-product"), "Unknown product",
                e.getMessage(), Map.of("sku", e.sku())));
    }

    @ExceptionHandler(CartRuleException.class)
    ResponseEntity<ProblemDetail> cartRule(CartRuleException e) {
        return problem(Problems.problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.of(e.slug()), e.title(),
                e.getMessage(), e.details()));
    }

    @ExceptionHandler(PromotionRejectedException.class)
    ResponseEntity<ProblemDetail> promoRejected(PromotionRejectedException e) {
        Map<String, Object> details = new HashMap<>();
        details.put("code", e.code());
        details.put("reason", e.reason().name());
        return problem(Problems.problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.of(e.reason().slug()),
                "Promotion code not applicable", e.getMessage(), details));
    }

    @ExceptionHandler(StaleCartException.class)
    ResponseEntity<ProblemDetail> stale(StaleCartException e) {
        ErrorResponseException problem = Problems.problem(HttpStatus.PRECONDITION_FAILED,
                ProblemTypes.of("precondition-failed"), "Cart changed", e.getMessage(), Map.of());
        return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED).eTag(e.currentEtag()).body(problem.getBody());
    }

    private static ResponseEntity<ProblemDetail> problem(ErrorResponseException problem) {
        return ResponseEntity.status(problem.getStatusCode()).body(problem.getBody());
    }
}
