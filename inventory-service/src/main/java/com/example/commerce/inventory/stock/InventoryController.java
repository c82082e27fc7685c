package com.example.commerce.inventory.stock;

import com.example.commerce.starter.security.Callers;
import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Stock levels of a SKU: public availability, counts for operators, and operators' changes of on-hand stock. */
@RestController
@RequestMapping("/api/v1/inventory")
@Tag(name = "Inventory", description = "Stock levels per SKU")
class InventoryController {

    static final String PRODUCT_ID = "The product's SKU (inventory keys stock by SKU, as the catalogue's events do).";

    private final StockLevels stockLevels;
    private final Callers callers;

    InventoryController(StockLevels stockLevels, Callers callers) {
        this.stockLevels = stockLevels;
        this.callers = callers;
    }

    /** The level of a SKU; the counts only for callers with {@code inventory:read} or {@code inventory:write}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InventoryView(String productId, Availability availability, Integer onHand, Integer reserved,
                         Integer available) {

        static InventoryView of(StockLevels.StockLevel level) {
            StockLevels.Counts counts = level.counts();
            return counts == null ? new InventoryView(level.sku(), level.availability(), null, null, null)
                    : new InventoryView(level.sku(), level.availability(), counts.onHand(), counts.reserved(),
                    counts.available());
        }
    }

    enum Mode { SET, ADJUST }

    /**
     * {@code {"mode":"SET","quantity":12,"reason":"stock take"}} or
     * {@code {"mode":"ADJUST","delta":-2,"reason":"two damaged in transit"}}.
     */
    record StockUpdateRequest(
            @NotNull Mode mode,
            @Min(0) @Max(StockItem.MAX_ON_HAND) Integer quantity,
            @Min(-StockItem.MAX_ON_HAND) @Max(StockItem.MAX_ON_HAND) Integer delta,
            @NotBlank @Size(max = 500) String reason) {

        @AssertTrue(message = "SET takes a quantity and no delta; ADJUST takes a non-zero delta and no quantity")
        boolean isShapedForItsMode() {
            if (mode == null) {
                return true;
            }
            return switch (mode) {
                case SET -> quantity != null && delta == null;
                case ADJUST -> delta != null && delta != 0 && quantity == null;
            };
        }

        StockUpdate toUpdate() {
            return mode == Mode.SET ? new StockUpdate.SetOnHand(quantity, reason.strip())
                    : new StockUpdate.Adjust(delta, reason.strip());
        }
    }

    @GetMapping("/{productId}")
    @Operation(summary = "The stock level of a SKU",
            description = "Public: IN_STOCK, LOW (at or below the low-stock threshold) or OUT_OF_STOCK. With scope "
                    + "inventory:read or inventory:write also onHand, reserved and available (onHand - reserved).")
    InventoryView level(@Parameter(description = PRODUCT_ID) @PathVariable @NotBlank @Size(max = 64) String productId) {
        return stockLevels.level(productId, callers.current()).map(InventoryView::of)
                .orElseThrow(() -> notFound(productId));
    }

    @PostMapping("/{productId}/update")
    @PreAuthorize("hasAuthority('SCOPE_inventory:write')")
    @Operation(summary = "Set or adjust the on-hand stock of a SKU (scope inventory:write)",
            description = "SET makes on hand the given quantity, ADJUST adds the (non-zero) delta. A change that "
                    + "would leave available stock negative is refused (422) and changes nothing. Every change is "
                    + "kept as a stock movement: who, why, the delta, when.")
    InventoryView update(@Parameter(description = PRODUCT_ID) @PathVariable @NotBlank @Size(max = 64) String productId,
                         @Valid @RequestBody StockUpdateRequest request) {
        return InventoryView.of(stockLevels.update(productId, request.toUpdate(), callers.current()));
    }

    @ExceptionHandler(UnknownSkuException.class)
    ResponseEntity<ProblemDetail> unknownSku(UnknownSkuException e) {
        return answer(notFound(e.sku()));
    }

    @ExceptionHandler(InsufficientStockException.class)
    ResponseEntity<ProblemDetail> insufficientStock(InsufficientStockException e) {
        return answer(Problems.problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.of("insufficient-stock"),
                "Stock would become negative", e.getMessage(), Map.of("sku", e.sku(), "onHand", e.onHand(),
                        "reserved", e.reserved(), "requestedOnHand", e.requestedOnHand())));
    }

    @ExceptionHandler(StockLimitExceededException.class)
    ResponseEntity<ProblemDetail> tooMuchStock(StockLimitExceededException e) {
        return answer(Problems.problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.of("stock-limit-exceeded"),
                "Too much stock", e.getMessage(), Map.of()));
    }

    private static ResponseEntity<ProblemDetail> answer(ErrorResponseException problem) {
        return ResponseEntity.status(problem.getStatusCode()).body(problem.getBody());
    }

    private static ErrorResponseException notFound(String sku) {
        return Problems.problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Stock item not found",
                "No stock is kept for SKU " + sku + ".", Map.of("sku", sku));
    }
}
