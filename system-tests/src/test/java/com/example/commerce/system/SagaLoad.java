package com.example.commerce.system;

import com.example.commerce.stack.DemoIdentity;
import com.example.commerce.stack.TokenClient;
import com.example.commerce.stack.api.Api;
import com.example.commerce.stack.api.Shop;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Customers shopping at once over the fleet, as well-behaved clients do: explicit lines or a checkout of their
 * cart, now and then two checkouts of one cart at once (a double click), and some of their orders cancelled at a
 * random moment after placing. Requests go to every live instance of order-service in turn (a load balancer), and
 * a request that fails for want of a server (connection refused, 5xx) is asked again with the same
 * Idempotency-Key for up to {@link #PATIENCE}. Every accepted order is tracked by the {@link InvariantChecker}.
 */
final class SagaLoad {

    /** How long a client keeps asking again for an answer (a fault window must be shorter than this). */
    static final Duration PATIENCE = Duration.ofMinutes(3);

    /** What the customers do: shares of cart checkouts and double checkouts, of cancels, and how soon they come. */
    record Mix(double cartShare, double doubleCheckoutShare, double cancelShare, Duration cancelWithin) {

        static final Mix EVERYTHING = new Mix(0.35, 0.05, 0.2, Duration.ofSeconds(5));
        static final Mix DIRECT_ONLY = new Mix(0, 0, 0, Duration.ZERO);
    }

    /** One signed-in customer with a good card; re-signs in before the token gets old. */
    private static final class Customer {
        final String email;
        final String card;
        volatile String token;
        volatile Instant signedInAt;

        Customer(String email, String token, String card) {
            this.email = email;
            this.token = token;
            this.card = card;
            this.signedInAt = Instant.now();
        }
    }

    private final SagaFleet fleet;
    private final InvariantChecker invariants;
    private final Shop shop;
    private final TokenClient tokens;
    private final List<Customer> customers = new ArrayList<>();
    private final ScheduledExecutorService cancels = Executors.newScheduledThreadPool(2);
    private final AtomicInteger turn = new AtomicInteger();
    /** When the next order may be started (nanoTime): the customers together start at most {@link #rate} a second. */
    private final AtomicLong nextStart = new AtomicLong(System.nanoTime());
    private volatile double rate = Double.POSITIVE_INFINITY;
    private final List<Running> runs = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Random random;

    final AtomicInteger placed = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger cartCheckouts = new AtomicInteger();
    final AtomicInteger doubleCheckouts = new AtomicInteger();
    final AtomicInteger doubleCheckoutsBothAccepted = new AtomicInteger();
    final AtomicInteger cancelsSent = new AtomicInteger();
    final AtomicInteger cancelsRefused = new AtomicInteger();
    /** Requests that found no server or a 5xx and were asked again: the faults as the clients saw them. */
    final AtomicLong retried = new AtomicLong();
    final Map<Integer, AtomicInteger> refusals = new ConcurrentHashMap<>();

    SagaLoad(SagaFleet fleet, InvariantChecker invariants, long seed) {
        this.fleet = fleet;
        this.invariants = invariants;
        this.random = new Random(seed);
        this.shop = new Shop(this::anyLiveInstance, fleet.fleet.issuerUri(), Duration.ofSeconds(30));
        this.tokens = new TokenClient(fleet.fleet.issuerUri());
    }

    /**
     * Paces the customers: together they start at most {@code ordersPerSecond} orders a second, as a shop's
     * traffic would, so that a fault meets a backlog the fleet can work off rather than an ever-growing queue.
     */
    SagaLoad withRate(double ordersPerSecond) {
        this.rate = ordersPerSecond;
        return this;
    }

    /** Waits for this customer's turn under the {@link #withRate rate}. */
    private void pace() {
        if (Double.isInfinite(rate)) {
            return;
        }
        long interval = (long) (1_000_000_000L / rate);
        long slot = nextStart.updateAndGet(last -> Math.max(System.nanoTime(), last + interval));
        long wait = slot - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** Signs up {@code count} customers through customer-service and saves a good card for each. */
    SagaLoad withCustomers(int count, String run) {
        for (int i = 0; i < count; i++) {
            String email = "shopper-%s-%d@example.com".formatted(run, i);
            String body = """
                    {"email":"%s","password":"%s","displayName":"Shopper %d"}""".formatted(email,
                    DemoIdentity.CUSTOMER_PASSWORD, i);
            Api.Reply signedUp = shop.api().post(shop.url("customer-service", "/api/v1/customers"), null, body);
            // customer-service limits sign-ups per address: wait as it says, then ask again.
            for (int attempt = 0; signedUp.status() == 429 && attempt < 30; attempt++) {
                backOff(Duration.ofSeconds(signedUp.header("Retry-After").map(Long::parseLong).orElse(6L)));
                signedUp = shop.api().post(shop.url("customer-service", "/api/v1/customers"), null, body);
            }
            signedUp.expect(201, 409);
            String token = tokens.signIn(email, DemoIdentity.CUSTOMER_PASSWORD).accessToken();
            customers.add(new Customer(email, token, shop.savePaymentMethod(token, Shop.GOOD_CARD)));
        }
        return this;
    }

    /** Waits until order-service and cart-service both know every SKU (one order of each, via the cart). */
    void warmUp(List<String> skus) {
        Customer customer = customers.getFirst();
        for (String sku : skus) {
            invariants.place(customer.token, Map.of(sku, 1), customer.card, Shop.address("10969"));
            Instant until = Instant.now().plusSeconds(60);
            while (shop.addToCart(customer.token, sku, 1).status() != 200) {
                if (Instant.now().isAfter(until)) {
                    throw new IllegalStateException("cart-service does not know " + sku);
                }
                backOff(Duration.ofMillis(250));
            }
        }
        String orderId = placeReliably(customer, UUID.randomUUID().toString(), Shop.checkout(customer.card, Shop.address("10969")));
        if (orderId == null) {
            throw new IllegalStateException("the warm-up checkout was refused");
        }
        awaitCartEmptied(customer);
    }

    /** Starts {@code orders} orders over the SKUs, each customer shopping on its own thread; {@link Running#await}. */
    Running start(int orders, List<String> skus, Mix mix) {
        ExecutorService pool = Executors.newFixedThreadPool(customers.size());
        AtomicInteger left = new AtomicInteger(orders);
        List<Future<?>> shoppers = new ArrayList<>();
        for (Customer customer : customers) {
            long seed = random.nextLong();
            shoppers.add(pool.submit(() -> {
                Random dice = new Random(seed);
                while (left.getAndDecrement() > 0) {
                    pace();
                    shopOnce(customer, skus, mix, dice);
                }
                return null;
            }));
        }
        pool.shutdown();
        Running running = new Running(pool, shoppers, left);
        runs.add(running);
        return running;
    }

    /** Stops every load started here (each customer finishes the order in hand). */
    void stopAll() {
        runs.forEach(Running::stop);
    }

    /** Customers shopping until {@link Running#stop} (for faults that must find orders in flight however long they take). */
    Running startUntilStopped(List<String> skus, Mix mix) {
        return start(Integer.MAX_VALUE, skus, mix);
    }

    /** {@code count} orders of one unit of {@code sku} placed at once, each by a customer in turn (no cancels). */
    List<String> flashSale(String sku, int count, int concurrency) throws Exception {
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Customer customer = customers.get(i % customers.size());
                all.add(pool.submit(() -> {
                    String id = placeReliably(customer, UUID.randomUUID().toString(),
                            Shop.orderOfLines(Map.of(sku, 1), customer.card, Shop.address("10969")));
                    if (id != null) {
                        ids.add(id);
                    }
                }));
            }
            for (Future<?> future : all) {
                future.get();
            }
        }
        return ids;
    }

    /** The load started by {@link #start}: wait for its end, or stop it (each customer finishes the order in hand). */
    record Running(ExecutorService pool, List<Future<?>> shoppers, AtomicInteger left) {

        void stop() {
            left.set(0);
        }

        void await(Duration within) throws Exception {
            Instant until = Instant.now().plus(within);
            for (Future<?> shopper : shoppers) {
                shopper.get(Math.max(1, Duration.between(Instant.now(), until).toMillis()), TimeUnit.MILLISECONDS);
            }
        }

        boolean done() {
            return shoppers.stream().allMatch(Future::isDone);
        }
    }

    String summary() {
        return "placed %d (cart checkouts %d, double checkouts %d of which both accepted %d), refused %s, cancels sent %d (refused %d), requests asked again %d"
                .formatted(placed.get(), cartCheckouts.get(), doubleCheckouts.get(), doubleCheckoutsBothAccepted.get(),
                        counts(refusals), cancelsSent.get(), cancelsRefused.get(), retried.get());
    }

    private void shopOnce(Customer customer, List<String> skus, Mix mix, Random dice) throws Exception {
        refreshToken(customer);
        double roll = dice.nextDouble();
        List<String> ids = new ArrayList<>();
        if (roll < mix.doubleCheckoutShare()) {
            fillCart(customer, skus, dice);
            doubleCheckouts.incrementAndGet();
            ids.addAll(checkOutTwiceAtOnce(customer));
            if (ids.size() > 1) {
                doubleCheckoutsBothAccepted.incrementAndGet();
            }
            awaitCartEmptied(customer);
        } else if (roll < mix.doubleCheckoutShare() + mix.cartShare()) {
            fillCart(customer, skus, dice);
            String id = placeReliably(customer, UUID.randomUUID().toString(), Shop.checkout(customer.card, Shop.address("10969")));
            if (id != null) {
                cartCheckouts.incrementAndGet();
                ids.add(id);
                awaitCartEmptied(customer);
            }
        } else {
            Map<String, Integer> lines = new HashMap<>();
            int count = 1 + dice.nextInt(2);
            for (int i = 0; i < count; i++) {
                lines.merge(skus.get(dice.nextInt(skus.size())), 1 + dice.nextInt(2), Integer::sum);
            }
            String id = placeReliably(customer, UUID.randomUUID().toString(), Shop.orderOfLines(lines, customer.card,
                    Shop.address("10969")));
            if (id != null) {
                ids.add(id);
            }
        }
        for (String id : ids) {
            if (dice.nextDouble() < mix.cancelShare()) {
                long delay = mix.cancelWithin().isZero() ? 0 : dice.nextLong(mix.cancelWithin().toMillis());
                cancels.schedule(() -> cancel(customer, id), delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void fillCart(Customer customer, List<String> skus, Random dice) {
        int count = 1 + dice.nextInt(2);
        for (int i = 0; i < count; i++) {
            String sku = skus.get(dice.nextInt(skus.size()));
            reliably(() -> shop.addToCart(customer.token, sku, 1 + dice.nextInt(2)));
        }
    }

    private List<String> checkOutTwiceAtOnce(Customer customer) throws Exception {
        CyclicBarrier both = new CyclicBarrier(2);
        String body = Shop.checkout(customer.card, Shop.address("10969"));
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pair = Executors.newFixedThreadPool(2)) {
            List<Future<?>> clicks = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                clicks.add(pair.submit(() -> {
                    both.await();
                    String id = placeReliably(customer, UUID.randomUUID().toString(), body);
                    if (id != null) {
                        ids.add(id);
                    }
                    return null;
                }));
            }
            for (Future<?> click : clicks) {
                click.get();
            }
        }
        return ids;
    }

    private void cancel(Customer customer, String orderId) {
        try {
            cancelsSent.incrementAndGet();
            Api.Reply reply = reliably(() -> shop.cancel(customer.token, orderId));
            if (reply.status() != 200) {
                cancelsRefused.incrementAndGet();
            }
        } catch (RuntimeException e) {
            cancelsRefused.incrementAndGet();
        }
    }

    /** One order of {@code lines} by the first customer, asked again while order-service does not know a SKU yet. */
    String placeOnceKnown(Map<String, Integer> lines) {
        Customer customer = customers.getFirst();
        Instant until = Instant.now().plusSeconds(60);
        while (true) {
            refreshToken(customer);
            Api.Reply reply = reliably(() -> shop.placeOrder(customer.token, UUID.randomUUID().toString(),
                    Shop.orderOfLines(lines, customer.card, Shop.address("10969"))));
            if (reply.status() == 202) {
                invariants.track(reply.field("id"));
                return reply.field("id");
            }
            if (reply.status() != 422 || Instant.now().isAfter(until)) {
                throw new IllegalStateException("order refused: " + reply.status() + " " + reply.text());
            }
            backOff(Duration.ofMillis(250));
        }
    }

    /** Places an order, asking again with the same key while no server answers; the id, or null when refused. */
    private String placeReliably(Customer customer, String key, String body) {
        refreshToken(customer);
        int conflicts = 0;
        Instant until = Instant.now().plus(PATIENCE);
        while (true) {
            Api.Reply reply = reliably(() -> shop.placeOrder(customer.token, key, body));
            if (reply.status() == 202) {
                String id = reply.field("id");
                invariants.track(id);
                placed.incrementAndGet();
                return id;
            }
            if (reply.status() == 409 && conflicts++ < 20 && Instant.now().isBefore(until)) {
                backOff(Duration.ofMillis(500)); // the same key still in progress
                continue;
            }
            refused.incrementAndGet();
            refusals.computeIfAbsent(reply.status(), s -> new AtomicInteger()).incrementAndGet();
            return null;
        }
    }

    /** A request asked again while it finds no server or a 5xx, for up to {@link #PATIENCE}. */
    private Api.Reply reliably(java.util.function.Supplier<Api.Reply> request) {
        Instant until = Instant.now().plus(PATIENCE);
        while (true) {
            try {
                Api.Reply reply = request.get();
                if (reply.status() < 500 || Instant.now().isAfter(until)) {
                    return reply;
                }
            } catch (RuntimeException noServer) {
                if (Instant.now().isAfter(until)) {
                    throw noServer;
                }
            }
            retried.incrementAndGet();
            backOff(Duration.ofMillis(500));
        }
    }

    /** After a checkout the customer waits until the cart shows it (as a shop's page would), for up to a minute. */
    private void awaitCartEmptied(Customer customer) {
        Instant until = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(until)) {
            try {
                Api.Reply cart = shop.cart(customer.token);
                if (cart.status() == 404 || cart.json().path("lines").isEmpty()
                        || !"OPEN".equals(cart.json().path("status").asString())) {
                    return;
                }
            } catch (RuntimeException noServer) {
                // asked again below
            }
            backOff(Duration.ofMillis(300));
        }
    }

    private void refreshToken(Customer customer) {
        if (customer.signedInAt.isBefore(Instant.now().minus(Duration.ofMinutes(4)))) {
            customer.token = reliablyToken(customer.email);
            customer.signedInAt = Instant.now();
        }
    }

    private String reliablyToken(String email) {
        Instant until = Instant.now().plus(PATIENCE);
        while (true) {
            try {
                return tokens.signIn(email, DemoIdentity.CUSTOMER_PASSWORD).accessToken();
            } catch (RuntimeException noServer) {
                if (Instant.now().isAfter(until)) {
                    throw noServer;
                }
                backOff(Duration.ofSeconds(1));
            }
        }
    }

    /** order-service and its second instance in turn (whichever are alive); every other process by its name. */
    private String anyLiveInstance(String process) {
        List<String> live = new ArrayList<>();
        for (String instance : List.of(process, process + "-2")) {
            try {
                if (fleet.fleet.isAlive(instance)) {
                    live.add(instance);
                }
            } catch (IllegalArgumentException notInThisFleet) {
                // a single instance
            }
        }
        String chosen = live.isEmpty() ? process : live.get(Math.floorMod(turn.getAndIncrement(), live.size()));
        return fleet.fleet.baseUrl(chosen);
    }

    void close() {
        cancels.shutdown();
        try {
            cancels.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String counts(Map<Integer, AtomicInteger> byStatus) {
        Map<Integer, Integer> plain = new java.util.TreeMap<>();
        byStatus.forEach((status, count) -> plain.put(status, count.get()));
        return plain.toString();
    }

    /** A client's pause before asking again. */
    private static void backOff(Duration pause) {
        LockSupport.parkNanos(pause.toNanos());
    }
}
