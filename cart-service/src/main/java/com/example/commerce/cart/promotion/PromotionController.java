package com.example.commerce.cart.promotion;

import com.example.commerce.starter.web.CurrencyCode;
import com.example.commerce.starter.security.Callers;
import com.example.commerce.events.shared.Money;
import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import com.example.commerce.starter.web.PageNumber;
import com.example.commerce.starter.web.PageResponse;
import com.example.commerce.starter.web.PageSize;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operators' promotions (scope promotions:write). */
@RestController
@RequestMapping("/api/v1/promotions")
@PreAuthorize("hasAuthority('SCOPE_promotions:write')")
@Tag(name = "Promotions", description = "Promotion codes customers apply to their carts (scope promotions:write)")
class PromotionController {

    /** The catalogue's category slugs from the root down, joined by '/'. */
    static final String CATEGORY_PATH =
            "[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?(?:/[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?)*";

    private final PromotionCatalog catalog;
    private final Callers callers;

    PromotionController(PromotionCatalog catalog, Callers callers) {
        this.catalog = catalog;
        this.callers = callers;
    }

    /**
     * A promotion's terms. PERCENTAGE takes {@code percentOff} (1..100), FIXED_AMOUNT takes {@code amountOff};
     * {@code sku} or {@code category} (at most one; a category path, which takes its sub-categories too) restrict
     * it to those lines; {@code validUntil} is
     * exclusive; {@code redemptionLimit} caps how many carts may hold it.
     */
    record PromotionRequest(
            @NotNull @Pattern(regexp = "[A-Za-z0-9_-]{3,40}") String code,
            @Size(max = 500) String description,
            @NotNull Promotion.Kind kind,
            @Min(1) @Max(100) Integer percentOff,
            @Valid MoneyRequest amountOff,
            @Valid MoneyRequest minimumOrderValue,
            @NotNull Instant validFrom,
            Instant validUntil,
            @Size(min = 1, max = 64) String sku,
            @Size(min = 1, max = 200) @Pattern(regexp = CATEGORY_PATH, message = "must be a category path such as kitchen/cookware") String category,
            @Min(1) Integer redemptionLimit) {

        @AssertTrue(message = "PERCENTAGE takes percentOff and no amountOff; FIXED_AMOUNT takes amountOff (above 0) and no percentOff")
        boolean isShapedForItsKind() {
            if (kind == null) {
                return true;
            }
            return switch (kind) {
                case PERCENTAGE -> percentOff != null && amountOff == null;
                case FIXED_AMOUNT -> amountOff != null && amountOff.amountMinor() > 0 && percentOff == null;
            };
        }

        @AssertTrue(message = "validUntil must be after validFrom")
        boolean isValidUntilAfterValidFrom() {
            return validFrom == null || validUntil == null || validUntil.isAfter(validFrom);
        }

        @AssertTrue(message = "a promotion is restricted to a SKU or a category, not both")
        boolean isRestrictedOnce() {
            return sku == null || category == null;
        }

        @AssertTrue(message = "amountOff and minimumOrderValue must be in one currency")
        boolean isInOneCurrency() {
            return amountOff == null || minimumOrderValue == null
                    || amountOff.currency() == null || amountOff.currency().equals(minimumOrderValue.currency());
        }

        PromotionTerms toTerms() {
            return new PromotionTerms(code, description, kind, percentOff,
                    amountOff == null ? null : amountOff.toMoney(),
                    minimumOrderValue == null ? null : minimumOrderValue.toMoney(), validFrom, validUntil, sku,
                    category, redemptionLimit);
        }
    }

    record MoneyRequest(@Min(0) long amountMinor, @NotNull @CurrencyCode String currency) {

        Money toMoney() {
            return new Money(amountMinor, currency);
        }
    }

    record PromotionView(UUID id, String code, String description, Promotion.Kind kind, Integer percentOff,
                         Money amountOff, Money minimumOrderValue, Instant validFrom, Instant validUntil, String sku,
                         String category, Integer redemptionLimit, int redemptions, Instant createdAt,
                         Instant updatedAt) {

        static PromotionView of(Promotion promotion) {
            PromotionTerms terms = promotion.terms();
            return new PromotionView(promotion.id(), terms.code(), terms.description(), terms.kind(),
                    terms.percentOff(), terms.amountOff(), terms.minimumOrderValue(), terms.validFrom(),
                    terms.validUntil(), terms.sku(), terms.category(), terms.redemptionLimit(),
                    promotion.redemptions(), promotion.createdAt(), promotion.updatedAt());
        }
    }

    @PostMapping
    @Operation(summary = "Create a promotion (scope promotions:write)", description = "201 with Location; 409 if the code is taken.")
    ResponseEntity<PromotionView> create(@Valid @RequestBody PromotionRequest request) {
        Promotion created = catalog.create(request.toTerms(), callers.current());
        return ResponseEntity.created(URI.create("/api/v1/promotions/" + created.id())).body(PromotionView.of(created));
    }

    @GetMapping
    @Operation(summary = "List promotions, newest first (scope promotions:write)", description = "size 1..100.")
    PageResponse<PromotionView> list(@RequestParam(name = "page", defaultValue = "0") @PageNumber int page,
                                     @RequestParam(name = "size", defaultValue = PageSize.DEFAULT) @PageSize int size) {
        return catalog.list(page, size, callers.current()).map(PromotionView::of);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One promotion (scope promotions:write)")
    PromotionView one(@PathVariable("id") UUID id) {
        return PromotionView.of(catalog.find(id, callers.current()));
    }

    @PutMapping("/{id}")
    @Operation(summary = "Replace a promotion's terms (scope promotions:write)",
            description = "Its redemptions stay; a redemption limit below them is a 422.")
    PromotionView update(@PathVariable("id") UUID id, @Valid @RequestBody PromotionRequest request) {
        return PromotionView.of(catalog.update(id, request.toTerms(), callers.current()));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a promotion (scope promotions:write)")
    ResponseEntity<Void> delete(@PathVariable("id") UUID id) {
        catalog.delete(id, callers.current());
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(PromotionCatalog.UnknownPromotionException.class)
    ResponseEntity<ProblemDetail> unknown(PromotionCatalog.UnknownPromotionException e) {
        return answer(Problems.problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Promotion not found",
                e.getMessage(), Map.of()));
    }

    @ExceptionHandler(PromotionCatalog.DuplicateCodeException.class)
    ResponseEntity<ProblemDetail> duplicate(PromotionCatalog.DuplicateCodeException e) {
        return answer(Problems.problem(HttpStatus.CONFLICT, ProblemTypes.of("promo-code-taken"),
                "Promotion code taken", e.getMessage(), Map.of()));
    }

    @ExceptionHandler(PromotionCatalog.LimitBelowRedemptionsException.class)
    ResponseEntity<ProblemDetail> limitBelow(PromotionCatalog.LimitBelowRedemptionsException e) {
        return answer(Problems.problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.of("redemption-limit-below-redemptions"),
                "Redemption limit too low", e.getMessage(), Map.of()));
    }

    @ExceptionHandler(PromotionCatalog.NotAllowedException.class)
    ResponseEntity<ProblemDetail> notAllowed(PromotionCatalog.NotAllowedException e) {
        return answer(Problems.problem(HttpStatus.FORBIDDEN, ProblemTypes.of("forbidden"), "Forbidden",
                e.getMessage(), Map.of()));
    }

    private static ResponseEntity<ProblemDetail> answer(ErrorResponseException problem) {
        return ResponseEntity.status(problem.getStatusCode()).body(problem.getBody());
    }
}
