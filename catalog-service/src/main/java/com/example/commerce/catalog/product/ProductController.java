package com.example.commerce.catalog.product;

import com.example.commerce.starter.web.CurrencyCode;
import com.example.commerce.events.shared.Money;
import com.example.commerce.starter.web.PageNumber;
import com.example.commerce.starter.web.PageResponse;
import com.example.commerce.starter.web.PageSize;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The product API: browsing and searching are public by nature; listing, editing, repricing and
 * discontinuing products is for catalogue operators and integrators (scope {@code catalog:write}).
 */
@RestController
@RequestMapping("/api/v1/products")
@Tag(name = "Products", description = "The catalogue: browse, search, and (scope catalog:write) maintain it")
class ProductController {

    /** The scope every write needs; browsing needs none (CatalogServiceApplication's PublicEndpoints). */
    static final String WRITE = "hasAuthority('SCOPE_catalog:write')";

    static final String SKU_PATTERN = "[A-Z0-9][A-Z0-9-]{0,63}";
    static final String SLUG_PATTERN = "[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?";
    /** A browser or CDN may keep a product a minute, then revalidates it with If-None-Match. */
    private static final CacheControl CACHEABLE = CacheControl.maxAge(Duration.ofSeconds(60)).cachePublic();

    private final ProductCatalog catalog;
    private final ProductSearch search;

    ProductController(ProductCatalog catalog, ProductSearch search) {
        this.catalog = catalog;
        this.search = search;
    }

    record MoneyBody(@PositiveOrZero long amountMinor, @NotNull @CurrencyCode String currency) {

        Money toMoney() {
            return new Money(amountMinor, currency);
        }
    }

    record CreateProductRequest(@NotBlank @Pattern(regexp = SKU_PATTERN) String sku,
                                @NotBlank @Size(max = 200) String name,
                                @Size(max = 5000) String description,
                                @Size(max = 100) String brand,
                                @Pattern(regexp = SLUG_PATTERN) String category,
                                @NotNull @Valid MoneyBody price,
                                @Size(max = 50) Map<@NotBlank @Size(max = 64) String, Object> attributes,
                                @Size(max = 10) List<@NotBlank @Size(max = 500) @Pattern(regexp = "https?://\\S+") String> images) {
    }

    record UpdateProductRequest(@NotBlank @Size(max = 200) String name,
                                @Size(max = 5000) String description,
                                @Size(max = 100) String brand,
                                @Pattern(regexp = SLUG_PATTERN) String category,
                                @Size(max = 50) Map<@NotBlank @Size(max = 64) String, Object> attributes,
                                @Size(max = 10) List<@NotBlank @Size(max = 500) @Pattern(regexp = "https?://\\S+") String> images) {
    }

    record ChangePriceRequest(@NotNull @Valid MoneyBody price) {
    }

    record BatchRequest(@NotNull @Size(min = 1, max = BATCH_MAX) List<@NotNull @Valid CreateProductRequest> products) {
    }

    record BatchResult(int created, List<String> existing) {
    }

    /** The most products one batch may list. */
    static final int BATCH_MAX = 100;

    @GetMapping
    @Operation(summary = "Browse and search products, one page at a time",
            description = "Every filter is optional; a blank q or brand is none. Filters: q (full-text over name, brand, description, typo-tolerant on name and brand),"
                    + " category (a slug; its sub-categories included), brand, minPrice/maxPrice (minor units,"
                    + " inclusive), status (ACTIVE by default). Sort: name, price, price-desc, newest, relevance"
                    + " (default with q; without q it is name). Page from 0 (at most 10000), size 1..100.")
    PageResponse<ProductView> browse(
            @RequestParam(name = "q", required = false) @Size(max = 200) String q,
            @RequestParam(name = "category", required = false) @Pattern(regexp = SLUG_PATTERN) String category,
            @RequestParam(name = "brand", required = false) @Size(max = 100) String brand,
            @RequestParam(name = "minPrice", required = false) @PositiveOrZero Long minPrice,
            @RequestParam(name = "maxPrice", required = false) @PositiveOrZero Long maxPrice,
            @RequestParam(name = "status", defaultValue = "ACTIVE") Product.Status status,
            @Parameter(description = "name, price, price-desc, newest or relevance")
            @RequestParam(name = "sort", required = false) @Pattern(regexp = "name|price|price-desc|newest|relevance") String sort,
            @RequestParam(name = "page", defaultValue = "0") @PageNumber @Max(10_000) int page,
            @RequestParam(name = "size", defaultValue = PageSize.DEFAULT) @PageSize int size) {
        String words = q == null || q.isBlank() ? null : q.strip();
        String brandName = brand == null || brand.isBlank() ? null : brand.strip();
        ProductSearch.Sort order = sort == null ? null : ProductSearch.Sort.valueOf(sort.toUpperCase().replace('-', '_'));
        return search.search(new ProductSearch.Query(words, category, brandName, minPrice, maxPrice, status, order, page, size));
    }

    @GetMapping("/{sku}")
    @Operation(summary = "One product, with a strong ETag; If-None-Match with that ETag answers 304")
    ResponseEntity<ProductView> find(@PathVariable("sku") @Pattern(regexp = SKU_PATTERN) String sku,
                                     @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        ProductView product = view(sku);
        if (ifNoneMatch != null && ETags.noneMatchHits(ifNoneMatch, product.version())) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(ETags.of(product.version()))
                    .cacheControl(CACHEABLE).build();
        }
        return ResponseEntity.ok().eTag(ETags.of(product.version())).cacheControl(CACHEABLE).body(product);
    }

    @PostMapping
    @PreAuthorize(WRITE)
    @Operation(summary = "List a product; scope catalog:write",
            description = "201 + Location + ETag; 409 duplicate-sku; 422 unknown-category. Publishes ProductCreated.")
    ResponseEntity<ProductView> create(@Valid @RequestBody CreateProductRequest request) {
        Product product = catalog.list(new ProductCatalog.NewProduct(request.sku(), request.name(),
                request.description(), request.brand(), request.category(), request.price().toMoney(),
                request.attributes(), request.images()));
        ProductView view = view(product.sku());
        return ResponseEntity.created(URI.create("/api/v1/products/" + product.sku()))
                .eTag(ETags.of(view.version())).body(view);
    }

    @PostMapping("/batch")
    @PreAuthorize(WRITE)
    @Operation(summary = "List up to 100 products in one transaction, for imports; scope catalog:write",
            description = "200 {created, existing}: a SKU that exists already is left as it is and named in"
                    + " existing, so an import can run again. Anything else invalid (a field, a SKU twice, an"
                    + " unknown category) refuses the whole batch: 400 or 422, nothing written."
                    + " Publishes ProductCreated for each product listed.")
    BatchResult createAll(@Valid @RequestBody BatchRequest request) {
        ProductCatalog.Listed listed = catalog.listAll(request.products().stream()
                .map(p -> new ProductCatalog.NewProduct(p.sku(), p.name(), p.description(), p.brand(), p.category(),
                        p.price().toMoney(), p.attributes(), p.images()))
                .toList());
        return new BatchResult(listed.created().size(), listed.existing());
    }

    @PutMapping("/{sku}")
    @PreAuthorize(WRITE)
    @Operation(summary = "Replace a product's name, description, brand, category, attributes and images;"
            + " scope catalog:write",
            description = "Needs If-Match with the ETag read (or *): 428 without, 412 when stale; 409 if discontinued;"
                    + " 422 unknown-category. Publishes ProductUpdated unless nothing changed.")
    ResponseEntity<ProductView> update(@PathVariable("sku") @Pattern(regexp = SKU_PATTERN) String sku,
                                       @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                       @Valid @RequestBody UpdateProductRequest request) {
        catalog.update(sku, ifMatch, new ProductCatalog.Changes(request.name(), request.description(),
                request.brand(), request.category(), request.attributes(), request.images()));
        return current(sku);
    }

    @PutMapping("/{sku}/price")
    @PreAuthorize(WRITE)
    @Operation(summary = "Change a product's price; scope catalog:write",
            description = "If-Match optional (412 when stale); the same price again publishes nothing;"
                    + " 409 if discontinued. Publishes PriceChanged.")
    ResponseEntity<ProductView> changePrice(@PathVariable("sku") @Pattern(regexp = SKU_PATTERN) String sku,
                                            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                            @Valid @RequestBody ChangePriceRequest request) {
        catalog.changePrice(sku, ifMatch, request.price().toMoney());
        return current(sku);
    }

    @PostMapping("/{sku}/discontinue")
    @PreAuthorize(WRITE)
    @Operation(summary = "Take a product off sale for good; scope catalog:write",
            description = "If-Match optional (412 when stale); discontinuing twice publishes one ProductDiscontinued.")
    ResponseEntity<ProductView> discontinue(@PathVariable("sku") @Pattern(regexp = SKU_PATTERN) String sku,
                                            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        catalog.discontinue(sku, ifMatch);
        return current(sku);
    }

    /** Two writers that both passed the If-Match check: the one that commits second loses, as if stale. */
    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> lostRace(OptimisticLockingFailureException race) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_FAILED,
                "The product changed while your change was being made: read it again and reapply your change.");
        problem.setType(ProductProblems.PRECONDITION_FAILED);
        problem.setTitle("Precondition failed");
        return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED).body(problem);
    }

    private ResponseEntity<ProductView> current(String sku) {
        ProductView view = view(sku);
        return ResponseEntity.ok().eTag(ETags.of(view.version())).body(view);
    }

    private ProductView view(String sku) {
        return search.find(sku).orElseThrow(() -> ProductProblems.notFound(sku));
    }
}
