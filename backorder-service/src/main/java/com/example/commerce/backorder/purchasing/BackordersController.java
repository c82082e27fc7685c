package com.example.commerce.backorder.purchasing;

import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import com.example.commerce.starter.security.Callers;
import com.example.commerce.starter.web.PageResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operators: open backorders, purchase orders with their lines ({@code backorders:read}); cancel one ({@code backorders:write}). */
@RestController
@Validated
class BackordersController {

    private final BackorderViews views;
    private final PurchaseOrderCancellation cancellation;
    private final Callers callers;

    BackordersController(BackorderViews views, PurchaseOrderCancellation cancellation, Callers callers) {
        this.views = views;
        this.cancellation = cancellation;
        this.callers = callers;
    }

    @GetMapping("/api/v1/backorders")
    @PreAuthorize("hasAuthority('SCOPE_backorders:read')")
    PageResponse<BackorderViews.BackorderView> backorders(
            @RequestParam(required = false) @Pattern(regexp = "WAITING|ALLOCATED|CANCELLED|FAILED") String status,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return views.backorders(status, page, size);
    }

    @GetMapping("/api/v1/backorders/purchase-orders")
    @PreAuthorize("hasAuthority('SCOPE_backorders:read')")
    List<BackorderViews.PurchaseOrderView> purchaseOrders(
            @RequestParam(required = false) @Pattern(regexp = "BATCHING|PLACING|PLACED|REJECTED|RECEIVED|CANCELLED")
            String status) {
        return views.purchaseOrders(status);
    }

    @GetMapping("/api/v1/backorders/purchase-orders/{id}")
    @PreAuthorize("hasAuthority('SCOPE_backorders:read')")
    BackorderViews.PurchaseOrderView purchaseOrder(@PathVariable UUID id) {
        return views.purchaseOrder(id).orElseThrow(() -> Problems.problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND,
                "Not found", "no purchase order " + id, Map.of()));
    }

    @PostMapping("/api/v1/backorders/purchase-orders/{id}/cancel")
    @PreAuthorize("hasAuthority('SCOPE_backorders:write')")
    ResponseEntity<BackorderViews.PurchaseOrderView> cancel(@PathVariable UUID id) {
        cancellation.cancel(id, callers.current().subject());
        return ResponseEntity.ok(views.purchaseOrder(id).orElseThrow());
    }
}
