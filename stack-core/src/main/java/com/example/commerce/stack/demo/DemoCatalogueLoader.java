package com.example.commerce.stack.demo;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Loads the demo catalogue into a running fleet through the services' own APIs, as an operator's tool
 * would: categories and products through catalog-service (so ProductCreated reaches every read model on
 * {@code catalog.events}), then each SKU's starting stock through inventory-service. It loads only into
 * an empty catalogue (no category, no product), so a restart of a stack that has data changes nothing.
 *
 * <p>Products go in batches of {@value #BATCH} ({@code POST /api/v1/products/batch}, one transaction each;
 * a SKU that exists already is left alone), {@value #PARALLEL} requests at a time; stock waits for inventory to have
 * heard of a SKU (it learns them from ProductCreated) and retries unknown ones for up to
 * {@link #STOCK_PATIENCE}. Every call carries the Authorization header the supplier gives (a bearer
 * token once the writes are secured; none while they are open).
 */
public final class DemoCatalogueLoader {

    static final int PARALLEL = 8;
    /** Products per request to {@code POST /api/v1/products/batch} (which takes up to 100). */
    static final int BATCH = 50;
    static final Duration STOCK_PATIENCE = Duration.ofSeconds(90);

    /**
     * What a load did.
     *
     * @param loaded     false when the catalogue had data and nothing was sent
     * @param stockUnset SKUs whose stock inventory did not take (see the progress messages for why)
     */
    public record Result(boolean loaded, int categories, int products, int stocked, List<String> stockUnset,
                         Duration took) {
    }

    private final ApiClient catalog;
    private final InventoryStockClient inventory;
    private final Consumer<String> progress;
    private final Duration stockPatience;

    /**
     * @param authorization the Authorization header value for each call ({@code Bearer ...}), or null for none
     */
    public DemoCatalogueLoader(String catalogUrl, String inventoryUrl, Supplier<String> authorization,
                               Consumer<String> progress) {
        this(catalogUrl, inventoryUrl, authorization, progress, STOCK_PATIENCE);
    }

    /** @param stockPatience how long to keep retrying the stock of SKUs inventory does not know yet */
    public DemoCatalogueLoader(String catalogUrl, String inventoryUrl, Supplier<String> authorization,
                               Consumer<String> progress, Duration stockPatience) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.catalog = new ApiClient(http, catalogUrl, authorization);
        this.inventory = new InventoryStockClient(http, inventoryUrl, authorization);
        this.progress = progress;
        this.stockPatience = stockPatience;
    }

    /** Whether the catalogue holds no category and no product. */
    public boolean catalogueIsEmpty() {
        ApiClient.Reply categories = catalog.get("/api/v1/categories");
        ApiClient.Reply active = catalog.get("/api/v1/products?size=1&status=ACTIVE");
        ApiClient.Reply discontinued = catalog.get("/api/v1/products?size=1&status=DISCONTINUED");
        for (ApiClient.Reply reply : List.of(categories, active, discontinued)) {
            if (reply.status() != 200) {
                throw new IllegalStateException("catalog-service answered " + reply.status() + ": " + reply.body());
            }
        }
        return categories.body().strip().equals("[]") && active.body().contains("\"totalItems\":0")
                && discontinued.body().contains("\"totalItems\":0");
    }

    /** Loads {@code demo} if the catalogue is empty. */
    public Result loadIfEmpty(DemoCatalogue demo) {
        Instant began = Instant.now();
        if (!catalogueIsEmpty()) {
            return new Result(false, 0, 0, 0, List.of(), Duration.between(began, Instant.now()));
        }
        return load(demo);
    }

    /**
     * Loads {@code demo} whatever the catalogue holds: a category or product that exists already (409) is
     * taken as loaded, so a second load adds nothing.
     */
    public Result load(DemoCatalogue demo) {
        Instant began = Instant.now();
        for (DemoCatalogue.Category category : demo.categories()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("slug", category.slug());
            body.put("name", category.name());
            body.put("parent", category.parent());
            expectCreated("category " + category.slug(), catalog.post("/api/v1/categories", Json.write(body)));
        }
        progress.accept("demo catalogue: " + demo.categories().size() + " categories; listing "
                + demo.products().size() + " products");
        List<List<DemoCatalogue.Product>> batches = new ArrayList<>();
        for (int from = 0; from < demo.products().size(); from += BATCH) {
            batches.add(demo.products().subList(from, Math.min(from + BATCH, demo.products().size())));
        }
        List<String> failures = parallel(batches, batch -> {
            ApiClient.Reply reply = catalog.post("/api/v1/products/batch",
                    Json.write(Map.of("products", batch.stream().map(DemoCatalogueLoader::body).toList())));
            return reply.status() == 200 ? null
                    : "the batch from " + batch.getFirst().sku() + ": " + reply.status() + " " + reply.body();
        });
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " demo product batches were refused, e.g. " + failures.getFirst());
        }
        progress.accept("demo catalogue: " + demo.products().size() + " products listed; setting their stock");
        List<String> unset = stock(demo.products());
        return new Result(true, demo.categories().size(), demo.products().size(), demo.products().size() - unset.size(),
                unset, Duration.between(began, Instant.now()));
    }

    private List<String> stock(List<DemoCatalogue.Product> products) {
        Instant deadline = Instant.now().plus(stockPatience);
        List<DemoCatalogue.Product> pending = products;
        List<String> refused = Collections.synchronizedList(new ArrayList<>());
        while (!pending.isEmpty()) {
            List<DemoCatalogue.Product> unknown = Collections.synchronizedList(new ArrayList<>());
            parallel(pending, product -> {
                switch (inventory.set(product.sku(), product.startingStock())) {
                    case SET -> { }
                    case UNKNOWN_SKU -> unknown.add(product);
                    case REFUSED -> refused.add(product.sku());
                }
                return null;
            });
            pending = List.copyOf(unknown);
            if (!pending.isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    progress.accept("demo catalogue: inventory still knows " + pending.size() + " SKUs not after "
                            + stockPatience.toSeconds() + " s (is POST /api/v1/inventory/{sku}/update there?)");
                    break;
                }
                pause();
            }
        }
        if (!refused.isEmpty()) {
            progress.accept("demo catalogue: inventory refused the stock of " + refused.size() + " SKUs, e.g. "
                    + refused.getFirst());
        }
        List<String> unset = new ArrayList<>(refused);
        pending.forEach(product -> unset.add(product.sku()));
        return unset;
    }

    private static Map<String, Object> body(DemoCatalogue.Product product) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sku", product.sku());
        body.put("name", product.name());
        body.put("description", product.description());
        body.put("brand", product.brand());
        body.put("category", product.category());
        body.put("price", Map.of("amountMinor", product.priceMinor(), "currency", product.currency()));
        body.put("attributes", product.attributes());
        body.put("images", product.images());
        return body;
    }

    /** Runs {@code call} for each item, {@value #PARALLEL} at a time; returns what the calls reported. */
    private static <T> List<String> parallel(List<T> items, Function<T, String> call) {
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        Semaphore slots = new Semaphore(PARALLEL);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (T item : items) {
                slots.acquireUninterruptibly();
                pool.submit(() -> {
                    try {
                        String report = call.apply(item);
                        if (report != null) {
                            reports.add(report);
                        }
                    } catch (RuntimeException e) {
                        reports.add(item + ": " + e.getMessage());
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        return reports;
    }

    private static void expectCreated(String what, ApiClient.Reply reply) {
        if (reply.status() != 201 && reply.status() != 409) {
            throw new IllegalStateException("demo " + what + " was refused: " + reply.status() + " " + reply.body());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for inventory", e);
        }
    }
}
