package com.example.commerce.catalog.product;

import com.example.commerce.events.shared.Money;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The product API: browsing is public by nature; listing products and changing prices is for operators
 * and integrators with the {@code catalog:write} scope.
 */
@RestController
@Validated
@RequestMapping("/api/v1/products")
class ProductController {

    static final String SKU_PATTERN = "[A-Z0-9][A-Z0-9-]{0,63}";

    private final ProductCatalog catalog;

    ProductController(ProductCatalog catalog) {
        this.catalog = catalog;
    }

    record MoneyBody(@PositiveOrZero long amountMinor, @NotNull @Pattern(regexp = "[A-Z]{3}") String currency) {

        Money toMoney() {
            return new Money(amountMinor, currency);
        }

        static MoneyBody of(Money money) {
            return new MoneyBody(money.amountMinor(), money.currency());
        }
    }

    record CreateProductRequest(@NotBlank @Pattern(regexp = SKU_PATTERN) String sku,
                                @NotBlank @Size(max = 200) String name,
                                @Size(max = 5000) String description,
                                @NotNull @Valid MoneyBody price) {
    }

    record ChangePriceRequest(@NotNull @Valid MoneyBody price) {
    }

    record ProductView(UUID id, String sku, String name, String description, MoneyBody price, String status,
                       Instant updatedAt) {

        static ProductView of(Product product) {
            return new ProductView(product.id(), product.sku(), product.name(), product.description(),
                    MoneyBody.of(product.price()), product.status().name(), product.updatedAt());
        }
    }

    record ProductPage(List<ProductView> items, int page, int size, long totalItems, int totalPages) {
    }

    @PostMapping
    @PreAuthorize("hasAuthority('SCOPE_catalog:write')")
    ResponseEntity<ProductView> create(@Valid @RequestBody CreateProductRequest request) {
        Product product = catalog.list(new ProductCatalog.NewProduct(request.sku(), request.name(),
                request.description(), request.price().toMoney()));
        return ResponseEntity.created(URI.create("/api/v1/products/" + product.sku())).body(ProductView.of(product));
    }

    @PutMapping("/{sku}/price")
    @PreAuthorize("hasAuthority('SCOPE_catalog:write')")
    ProductView changePrice(@PathVariable @Pattern(regexp = SKU_PATTERN) String sku,
                            @Valid @RequestBody ChangePriceRequest request) {
        return ProductView.of(catalog.changePrice(sku, request.price().toMoney()));
    }

    @GetMapping("/{sku}")
    ProductView find(@PathVariable @Pattern(regexp = SKU_PATTERN) String sku) {
        return ProductView.of(catalog.find(sku));
    }

    @GetMapping
    ProductPage browse(@RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
                       @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        Page<Product> products = catalog.browse(PageRequest.of(page, size, Sort.by("sku")));
        return new ProductPage(products.map(ProductView::of).getContent(), page, size, products.getTotalElements(),
                products.getTotalPages());
    }
}
