package com.example.commerce.backorder.catalogue;

import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import com.example.commerce.starter.security.Callers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Operators read and change who supplies what ({@code backorders:read} / {@code backorders:write}). */
@RestController
class SupplierCatalogueController {

    record SupplySettings(@NotBlank @Size(max = 40) String supplierCode, @NotBlank @Size(max = 64) String supplierSku,
                          @Min(0) @Max(365) int leadTimeDays, @Min(1) @Max(100_000) int minOrderQuantity) {
    }

    private final SupplierCatalogue catalogue;
    private final Callers callers;
    private final Clock clock;

    SupplierCatalogueController(SupplierCatalogue catalogue, Callers callers, Clock clock) {
        this.catalogue = catalogue;
        this.callers = callers;
        this.clock = clock;
    }

    @GetMapping("/api/v1/backorders/suppliers")
    @PreAuthorize("hasAuthority('SCOPE_backorders:read')")
    List<SupplierCatalogue.SupplierView> suppliers() {
        return catalogue.suppliers();
    }

    @GetMapping("/api/v1/backorders/supplied-skus/{sku}")
    @PreAuthorize("hasAuthority('SCOPE_backorders:read')")
    SupplierCatalogue.SuppliedSku supplied(@PathVariable String sku) {
        return catalogue.find(sku).orElseThrow(() -> Problems.problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND,
                "No supplier", "no supplier supplies " + sku, Map.of("sku", sku)));
    }

    @PutMapping("/api/v1/backorders/supplied-skus/{sku}")
    @PreAuthorize("hasAuthority('SCOPE_backorders:write')")
    SupplierCatalogue.SuppliedSku put(@PathVariable String sku, @Valid @RequestBody SupplySettings settings) {
        return catalogue.change(new SupplierCatalogue.SuppliedSku(sku, settings.supplierCode(), settings.supplierSku(),
                settings.leadTimeDays(), settings.minOrderQuantity(), "SKU"), callers.current().subject(),
                clock.instant());
    }
}
