package com.example.commerce.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.events.Topics;
import com.example.commerce.stack.Fleet;
import com.example.commerce.stack.FleetLayout;
import com.example.commerce.stack.ServiceSpec;
import com.example.commerce.stack.api.Shop;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;

/**
 * The saga's invariants (DESIGN.md §4) over every order the fleet holds, read the way an auditor would: each
 * service's own state through its API (orders, reservations and stock, payments, shipments), the partners'
 * ledgers (provider, courier), and for the event backbone the broker's offsets beside each consumer's inbox
 * and dead letters (over JDBC, as a test may). {@link #check} waits for quiet and returns an
 * {@link InvariantReport} with counts and the offending ids; {@link #assertAllHold} fails on any violation
 * and on a run with nothing to check.
 *
 * <ul>
 * <li>I1 no oversell: available stock never negative; units committed to orders never more than were stocked.
 * <li>I2 stock conserved per SKU: stocked = available + reserved + committed; on hand = available + reserved;
 *     nothing reserved once every order ended.
 * <li>I3 every order in exactly one terminal state (DELIVERED, CANCELLED, REJECTED) within the bound.
 * <li>I4 at most one authorisation and one capture per order; captured - refunded = the order's total when it
 *     was delivered, else 0; payment-service's ledger says what the provider's says.
 * <li>I5 every order that did not deliver is compensated: no reservation left RESERVED, every authorisation
 *     voided or its capture refunded; a delivered order's reservation committed.
 * <li>I6 per consumer group and topic: every record produced was processed (its event id in the group's inbox)
 *     or dead-lettered (its offset in the group's dead letters), or is of a type the group never takes (a
 *     listener may pass over such types before its inbox), and the group's committed offsets are at the end.
 * <li>I7 the services agree: a CANCELLED or REJECTED order has no parcel with the courier (booked, dispatched or
 *     delivered) and no shipment on its way; a DELIVERED order has a capture, a delivered shipment and a delivered
 *     booking; every order of a cart has its own checkout claim, PLACED, on one version of the cart (so no cart
 *     as it was checked out became two orders); every order a test placed is known to order-service.
 * </ul>
 */
final class InvariantChecker {

    private static final Set<String> TERMINAL = Set.copyOf(Shop.TERMINAL);
    private static final Set<String> PARCEL_WITH_COURIER = Set.of("BOOKED", "DISPATCHED", "DELIVERED");
    private static final Set<String> SHIPMENT_ON_ITS_WAY = Set.of("BOOKED", "DISPATCHED", "DELIVERED");

    private final SagaFleet fleet;
    private final Shop shop;
    private final Map<String, Integer> initialStock = new ConcurrentHashMap<>();
    private final Set<String> orders = ConcurrentHashMap.newKeySet();
    private final Map<String, JsonNode> views = new ConcurrentHashMap<>();
    private final Map<String, Long> expectedTotals = new ConcurrentHashMap<>();
    private volatile boolean checkedSinceLastOrder;

    InvariantChecker(SagaFleet fleet) {
        this.fleet = fleet;
        this.shop = fleet.shop;
    }

    /** A new SKU in the catalogue with {@code onHand} units in stock, whose stock I1 and I2 follow. */
    String stock(int onHand, long priceMinor) {
        String sku = "SAGA-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        shop.stockNewProduct(sku, priceMinor, onHand);
        initialStock.put(sku, onHand);
        return sku;
    }

    /** Places an order of explicit lines (retrying until the order service's catalogue knows the SKUs). */
    String place(String token, Map<String, Integer> lines, String paymentMethodId, String addressJson) {
        String orderId = shop.placeOrderOnceKnown(token, Shop.orderOfLines(lines, paymentMethodId, addressJson));
        track(orderId);
        return orderId;
    }

    /** An order a test placed: the check fails if order-service does not know it. */
    void track(String orderId) {
        orders.add(orderId);
        checkedSinceLastOrder = false;
    }

    List<String> tracked() {
        return new ArrayList<>(orders);
    }

    /** Whether a check ran after the last order was tracked (then a test class's end need not check again). */
    boolean checkedSinceLastOrder() {
        return checkedSinceLastOrder;
    }

    /** Whether an order holds the SKU (from its view, read once: lines never change). */
    boolean isOfSku(String orderId, String sku) {
        return view(orderId).path("lines").toString().contains("\"" + sku + "\"");
    }

    /** A delivered order whose charge the test knows: its total must be what the test says. */
    void delivered(String orderId, long total) {
        expectedTotals.put(orderId, total);
        assertThat(view(orderId).path("total").path("amountMinor").asLong()).isEqualTo(total);
    }

    /** A test checked the report of {@link #check} itself: the class's end need not check again. */
    void markChecked() {
        checkedSinceLastOrder = true;
    }

    /** Checks, prints the table, and fails on any violation or when there was nothing to check. */
    InvariantReport assertAllHold(Duration within) {
        InvariantReport report = check(within);
        System.out.println(report.table());
        checkedSinceLastOrder = true;
        assertThat(report.failures()).as("the saga's invariants%n%s", report.table()).isEmpty();
        return report;
    }

    /** Waits up to {@code within} for every order to end, then checks every invariant. */
    InvariantReport check(Duration within) {
        Instant began = Instant.now();
        String operator = shop.operator();
        Map<String, JsonNode> all = new LinkedHashMap<>();
        AtomicReference<Map<String, JsonNode>> last = new AtomicReference<>(Map.of());
        try {
            Awaitility.await().atMost(within).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
                Map<String, JsonNode> listed = listOrders(operator);
                last.set(listed);
                return !listed.isEmpty() && listed.values().stream().allMatch(o -> TERMINAL.contains(status(o)));
            });
        } catch (ConditionTimeoutException stillRunning) {
            // I3 reports the orders that did not end.
        }
        all.putAll(last.get().isEmpty() ? listOrders(operator) : last.get());

        List<InvariantReport.Invariant> invariants = new ArrayList<>();
        Facts facts = gather(all.keySet(), operator);
        invariants.add(noOversell(all, facts));
        invariants.add(stockConserved(facts));
        invariants.add(everyOrderEnded(all, within));
        invariants.add(moneyAgrees(all, facts));
        invariants.add(compensated(all, facts));
        invariants.add(everyRecordAccountedFor());
        invariants.add(servicesAgree(all, facts));
        return new InvariantReport(all.size(), invariants, Duration.between(began, Instant.now()));
    }

    // --- reading -----------------------------------------------------------------------------------------

    /** What the other services and the partners say about the orders, read once. */
    private record Facts(Map<String, List<JsonNode>> providerLedger, Map<String, JsonNode> payments,
                         Map<String, List<JsonNode>> shipments, Map<String, JsonNode> reservations,
                         Map<String, List<JsonNode>> bookings, Map<String, JsonNode> stock,
                         Map<String, Claim> claims) {
    }

    /** cart-service's checkout claim of an order: the cart and the version of it the order took, and where it stands. */
    private record Claim(String cartId, long cartVersion, String status) {
    }

    private Facts gather(Collection<String> orderIds, String operator) {
        Map<String, List<JsonNode>> ledger = new HashMap<>();
        for (JsonNode entry : shop.api().get(shop.url("partner-simulators", "/provider/v1/ledger"), null).expect(200).json()) {
            ledger.computeIfAbsent(entry.path("reference").asString(), k -> new ArrayList<>()).add(entry);
        }
        Map<String, JsonNode> payments = new HashMap<>();
        pages("payment-service", "/api/v1/payments", operator)
                .forEach(payment -> payments.put(payment.path("orderId").asString(), payment));
        Map<String, List<JsonNode>> shipments = new ConcurrentHashMap<>();
        Map<String, JsonNode> reservations = new ConcurrentHashMap<>();
        Map<String, List<JsonNode>> bookings = new ConcurrentHashMap<>();
        inParallel(orderIds, orderId -> {
            JsonNode reservation = shop.reservation(orderId);
            if (reservation != null) {
                reservations.put(orderId, reservation);
            }
            List<JsonNode> ofOrder = new ArrayList<>();
            shop.courierBookings(orderId).forEach(ofOrder::add);
            bookings.put(orderId, ofOrder);
            List<JsonNode> shipped = new ArrayList<>();
            shop.shipments(orderId).forEach(shipped::add);
            shipments.put(orderId, shipped);
        });
        Map<String, JsonNode> stock = new ConcurrentHashMap<>();
        inParallel(initialStock.keySet(), sku -> stock.put(sku, shop.stock(sku)));
        return new Facts(ledger, payments, shipments, reservations, bookings, stock, checkoutClaims());
    }

    /** Every checkout claim cart-service holds, by order id (read over JDBC: cart-service lists them to no one). */
    private Map<String, Claim> checkoutClaims() {
        Map<String, Claim> claims = new HashMap<>();
        try (Connection db = fleet.fleet.postgres().connectAsSuperuser(FleetLayout.DATABASE);
             PreparedStatement statement = db.prepareStatement(
                     "SELECT order_id::text, cart_id::text, cart_version, status FROM cart.cart_checkout_claim");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                claims.put(rows.getString(1), new Claim(rows.getString(2), rows.getLong(3), rows.getString(4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read cart-service's checkout claims", e);
        }
        return claims;
    }

    private Map<String, JsonNode> listOrders(String operator) {
        Map<String, JsonNode> listed = new LinkedHashMap<>();
        pages("order-service", "/api/v1/orders", operator).forEach(order -> listed.put(order.path("id").asString(), order));
        return listed;
    }

    private List<JsonNode> pages(String service, String path, String token) {
        List<JsonNode> items = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode body = shop.api().get(shop.url(service, path + "?page=" + page + "&size=100"), token).expect(200).json();
            body.path("items").forEach(items::add);
            if (page + 1 >= body.path("totalPages").asInt()) {
                return items;
            }
        }
    }

    private static void inParallel(Collection<String> keys, java.util.function.Consumer<String> read) {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> reads = keys.stream().<Future<?>>map(key -> pool.submit(() -> read.accept(key))).toList();
            for (Future<?> future : reads) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the fleet's state", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- the invariants ----------------------------------------------------------------------------------

    private InvariantReport.Invariant noOversell(Map<String, JsonNode> all, Facts facts) {
        List<String> violations = new ArrayList<>();
        Map<String, Integer> committed = committedUnits(facts);
        Map<String, Integer> delivered = new HashMap<>();
        all.values().stream().filter(o -> status(o).equals("DELIVERED")).forEach(order -> order.path("lines").forEach(line ->
                delivered.merge(line.path("sku").asString(), line.path("quantity").asInt(), Integer::sum)));
        initialStock.forEach((sku, initial) -> {
            int available = facts.stock().get(sku).path("available").asInt();
            if (available < 0) {
                violations.add("%s available %d < 0".formatted(sku, available));
            }
            int units = Math.max(committed.getOrDefault(sku, 0), delivered.getOrDefault(sku, 0));
            if (units > initial) {
                violations.add("%s: %d units committed or delivered of %d stocked, orders %s".formatted(sku, units, initial,
                        ordersOfSku(all, sku, "DELIVERED")));
            }
        });
        return invariant("I1", "no oversell (available >= 0, committed/delivered <= stocked) per SKU",
                initialStock.size(), violations);
    }

    private InvariantReport.Invariant stockConserved(Facts facts) {
        List<String> violations = new ArrayList<>();
        Map<String, Integer> committed = committedUnits(facts);
        initialStock.forEach((sku, initial) -> {
            JsonNode stock = facts.stock().get(sku);
            int available = stock.path("available").asInt();
            int reserved = stock.path("reserved").asInt();
            int onHand = stock.path("onHand").asInt();
            int shipped = committed.getOrDefault(sku, 0);
            if (available + reserved + shipped != initial) {
                violations.add("%s: available %d + reserved %d + committed %d != stocked %d".formatted(sku, available,
                        reserved, shipped, initial));
            }
            if (onHand != available + reserved) {
                violations.add("%s: on hand %d != available %d + reserved %d".formatted(sku, onHand, available, reserved));
            }
            if (reserved != 0) {
                violations.add("%s: %d units still reserved once every order ended".formatted(sku, reserved));
            }
        });
        return invariant("I2", "stock conserved per SKU (stocked = available + reserved + committed; none reserved at rest)",
                initialStock.size(), violations);
    }

    private InvariantReport.Invariant everyOrderEnded(Map<String, JsonNode> all, Duration within) {
        List<String> violations = new ArrayList<>();
        all.forEach((orderId, order) -> {
            if (!TERMINAL.contains(status(order))) {
                violations.add("%s is %s after %d s of quiet".formatted(orderId, status(order), within.toSeconds()));
            }
        });
        return invariant("I3", "every order in exactly one terminal state within " + within.toSeconds() + " s",
                all.size(), violations);
    }

    private InvariantReport.Invariant moneyAgrees(Map<String, JsonNode> all, Facts facts) {
        List<String> violations = new ArrayList<>();
        long deliveredValue = 0;
        long providerNet = 0;
        long ourNet = 0;
        for (JsonNode order : all.values()) {
            String orderId = order.path("id").asString();
            List<JsonNode> ledger = facts.providerLedger().getOrDefault(orderId, List.of());
            long authorisations = count(ledger, "AUTHORIZATION");
            long captures = count(ledger, "CAPTURE");
            long net = sum(ledger, "CAPTURE") - sum(ledger, "REFUND");
            long total = order.path("total").path("amountMinor").asLong();
            long due = status(order).equals("DELIVERED") ? total : 0;
            JsonNode payment = facts.payments().get(orderId);
            long ours = payment == null ? 0 : payment.path("capturedAmount").path("amountMinor").asLong()
                    - payment.path("refundedAmount").path("amountMinor").asLong();
            if (authorisations > 1) {
                violations.add("%s %s authorised %d times".formatted(orderId, status(order), authorisations));
            }
            if (captures > 1) {
                violations.add("%s %s captured %d times".formatted(orderId, status(order), captures));
            }
            if (net != due) {
                violations.add("%s %s: captured - refunded at the provider %d, value delivered %d".formatted(orderId,
                        status(order), net, due));
            }
            if (ours != net) {
                violations.add("%s %s: our ledger's captured - refunded %d, the provider's %d".formatted(orderId,
                        status(order), ours, net));
            }
            Long expected = expectedTotals.get(orderId);
            if (expected != null && expected != total) {
                violations.add("%s: total %d, the test expected %d".formatted(orderId, total, expected));
            }
            deliveredValue += due;
            providerNet += net;
            ourNet += ours;
        }
        if (providerNet != deliveredValue || ourNet != providerNet) {
            violations.add("in all: provider net %d, our net %d, value delivered %d".formatted(providerNet, ourNet,
                    deliveredValue));
        }
        return invariant("I4", "one authorisation and capture per order; captured - refunded = value delivered; our ledger = provider's",
                all.size(), violations);
    }

    private InvariantReport.Invariant compensated(Map<String, JsonNode> all, Facts facts) {
        List<String> violations = new ArrayList<>();
        for (JsonNode order : all.values()) {
            String orderId = order.path("id").asString();
            String status = status(order);
            JsonNode reservation = facts.reservations().get(orderId);
            String reserved = reservation == null ? "NONE" : reservation.path("status").asString();
            List<String> kinds = kinds(facts.providerLedger().getOrDefault(orderId, List.of()));
            if (reserved.equals("RESERVED")) {
                violations.add("%s %s: reservation still RESERVED".formatted(orderId, status));
            }
            if (status.equals("DELIVERED")) {
                if (!reserved.equals("COMMITTED")) {
                    violations.add("%s DELIVERED: reservation %s, not COMMITTED".formatted(orderId, reserved));
                }
            } else if (kinds.contains("AUTHORIZATION")) {
                boolean undone = kinds.contains("VOID") || (kinds.contains("CAPTURE") && kinds.contains("REFUND"));
                if (!undone) {
                    violations.add("%s %s(%s): authorised %s and not undone".formatted(orderId, status,
                            order.path("reason").asString(), kinds));
                }
            }
        }
        return invariant("I5", "every order that did not deliver compensated (stock back, authorisation voided or refunded)",
                all.size(), violations);
    }

    private InvariantReport.Invariant servicesAgree(Map<String, JsonNode> all, Facts facts) {
        List<String> violations = new ArrayList<>();
        Map<String, List<String>> ordersOfCartVersion = new TreeMap<>();
        for (JsonNode order : all.values()) {
            String orderId = order.path("id").asString();
            String status = status(order);
            List<String> bookings = facts.bookings().getOrDefault(orderId, List.of()).stream()
                    .map(b -> b.path("status").asString()).toList();
            List<String> shipments = facts.shipments().getOrDefault(orderId, List.of()).stream()
                    .map(s -> s.path("status").asString()).toList();
            List<String> kinds = kinds(facts.providerLedger().getOrDefault(orderId, List.of()));
            long net = sum(facts.providerLedger().getOrDefault(orderId, List.of()), "CAPTURE")
                    - sum(facts.providerLedger().getOrDefault(orderId, List.of()), "REFUND");
            if (status.equals("CANCELLED") || status.equals("REJECTED")) {
                String what = "%s %s(%s)".formatted(orderId, status, order.path("reason").asString());
                if (bookings.stream().anyMatch(PARCEL_WITH_COURIER::contains)) {
                    violations.add(what + ": parcel with the courier " + bookings);
                }
                if (shipments.stream().anyMatch(SHIPMENT_ON_ITS_WAY::contains)) {
                    violations.add(what + ": shipment " + shipments);
                }
                if (net != 0) {
                    violations.add(what + ": net capture " + net);
                }
            }
            if (status.equals("DELIVERED")) {
                if (!kinds.contains("CAPTURE")) {
                    violations.add("%s DELIVERED without a capture %s".formatted(orderId, kinds));
                }
                if (!shipments.contains("DELIVERED")) {
                    violations.add("%s DELIVERED, shipments %s".formatted(orderId, shipments));
                }
                if (!bookings.contains("DELIVERED")) {
                    violations.add("%s DELIVERED, courier bookings %s".formatted(orderId, bookings));
                }
            }
            JsonNode cartId = order.path("cartId");
            String cart = cartId.isMissingNode() || cartId.isNull() ? "" : cartId.asString();
            if (!cart.isBlank()) {
                // A cart keeps its id across checkouts; what makes a checkout one is its claim on one version.
                Claim claim = facts.claims().get(orderId);
                if (claim == null) {
                    violations.add("%s %s from cart %s without a checkout claim".formatted(orderId, status, cart));
                } else if (!claim.cartId().equals(cart) || !claim.status().equals("PLACED")) {
                    violations.add("%s %s from cart %s: its claim is on cart %s, %s".formatted(orderId, status, cart,
                            claim.cartId(), claim.status()));
                } else {
                    ordersOfCartVersion.computeIfAbsent(cart + " version " + claim.cartVersion(), k -> new ArrayList<>())
                            .add(orderId + " " + status);
                }
            }
        }
        ordersOfCartVersion.forEach((cartVersion, ofCart) -> {
            if (ofCart.size() > 1) {
                violations.add("cart %s checked out into %d orders %s".formatted(cartVersion, ofCart.size(), ofCart));
            }
        });
        facts.claims().forEach((orderId, claim) -> {
            if (claim.status().equals("PLACED") && !all.containsKey(orderId)) {
                violations.add("%s: cart %s's claim is PLACED for an order order-service does not list".formatted(
                        orderId, claim.cartId()));
            }
        });
        for (String tracked : orders) {
            if (!all.containsKey(tracked)) {
                violations.add("%s was placed but order-service does not list it".formatted(tracked));
            }
        }
        return invariant("I7", "services agree (no parcel or net capture for a cancelled/rejected order; one order per cart)",
                all.size(), violations);
    }

    /**
     * I6 from the broker's side: for every consumer group of a fleet service and every event topic it
     * consumes, each record on the topic is in the group's inbox (by event id) or its dead letters (by
     * offset), and the group's committed offset is the partition's end.
     */
    private InvariantReport.Invariant everyRecordAccountedFor() {
        List<String> violations = new ArrayList<>();
        long checked = 0;
        long held = 0;
        String bootstrap = fleet.fleet.kafka().bootstrapServers();
        Map<String, ServiceSpec> services = new HashMap<>();
        FleetLayout.SERVICES.forEach(spec -> services.put(spec.name(), spec));
        Map<String, List<RecordOnTopic>> topics = new HashMap<>();
        try (Admin admin = Admin.create(adminConfig(bootstrap));
             Connection db = fleet.fleet.postgres().connectAsSuperuser(FleetLayout.DATABASE)) {
            Collection<ConsumerGroupListing> groups = admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS);
            for (ConsumerGroupListing listing : groups) {
                ServiceSpec spec = services.get(listing.groupId());
                if (spec == null) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(listing.groupId())
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Set<String> consumed = new HashSet<>();
                committed.keySet().forEach(tp -> {
                    if (Topics.eventTopics().contains(tp.topic())) {
                        consumed.add(tp.topic());
                    }
                });
                for (String topic : consumed) {
                    List<RecordOnTopic> records = topics.computeIfAbsent(topic, t -> readTopic(bootstrap, t));
                    Set<String> inbox = strings(db, "SELECT event_id::text FROM " + spec.schema()
                            + ".inbox_message WHERE topic = ?", topic);
                    // A listener may pass over event types it has no use for before its inbox (order-service's
                    // stock levels, say): the types a group consumes are those its inbox ever recorded.
                    Set<String> consumedTypes = strings(db, "SELECT DISTINCT event_type FROM " + spec.schema()
                            + ".inbox_message WHERE topic = ?", topic);
                    Set<String> dead = strings(db, "SELECT kafka_partition || '-' || kafka_offset FROM " + spec.schema()
                            + ".dead_letter WHERE topic = ? AND consumer_group = '" + listing.groupId() + "'", topic);
                    Map<Integer, Long> ends = new HashMap<>();
                    long processed = 0;
                    long deadLettered = 0;
                    long passedOver = 0;
                    for (RecordOnTopic record : records) {
                        ends.merge(record.partition(), record.offset() + 1, Math::max);
                        checked++;
                        if (record.eventId() != null && inbox.contains(record.eventId())) {
                            processed++;
                        } else if (dead.contains(record.partition() + "-" + record.offset())) {
                            deadLettered++;
                        } else if (record.eventType() != null && !consumedTypes.contains(record.eventType())) {
                            passedOver++;
                        } else {
                            violations.add("%s on %s: record %d-%d (%s ce_id %s, key %s) neither processed nor dead-lettered"
                                    .formatted(listing.groupId(), topic, record.partition(), record.offset(),
                                            record.eventType(), record.eventId(), record.key()));
                        }
                    }
                    ends.forEach((partition, end) -> {
                        OffsetAndMetadata at = committed.get(new TopicPartition(topic, partition));
                        if (at == null || at.offset() < end) {
                            violations.add("%s on %s-%d: committed %s of %d".formatted(listing.groupId(), topic, partition,
                                    at == null ? "nothing" : at.offset(), end));
                        }
                    });
                    held += processed + deadLettered + passedOver;
                    System.out.printf("I6 %-18s %-17s produced %6d processed %6d dead-lettered %4d passed over by type %5d%n",
                            listing.groupId(), topic, records.size(), processed, deadLettered, passedOver);
                }
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException | SQLException e) {
            throw new IllegalStateException("could not read the broker's offsets or the inboxes", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new InvariantReport.Invariant("I6",
                "per consumer group: processed + dead-lettered (+ types it never takes) = produced, offsets at the end",
                checked, held, violations);
    }

    record RecordOnTopic(int partition, long offset, String key, String eventId, String eventType) {
    }

    /** Every record of a topic from its beginning to its end now. */
    static List<RecordOnTopic> readTopic(String bootstrap, String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        List<RecordOnTopic> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map((PartitionInfo info) -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Instant until = Instant.now().plusSeconds(120);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(30)) < ends.get(tp))) {
                if (Instant.now().isAfter(until)) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 2 minutes");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < ends.get(new TopicPartition(topic, record.partition()))) {
                        records.add(new RecordOnTopic(record.partition(), record.offset(), record.key(),
                                header(record, "ce_id"), header(record, "ce_type")));
                    }
                }
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Properties adminConfig(String bootstrap) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return config;
    }

    private static Set<String> strings(Connection db, String sql, String parameter) throws SQLException {
        Set<String> values = new HashSet<>();
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
        }
        return values;
    }

    // --- helpers -----------------------------------------------------------------------------------------

    private static InvariantReport.Invariant invariant(String id, String statement, long checked, List<String> violations) {
        return new InvariantReport.Invariant(id, statement, checked, checked - Math.min(checked, violatedThings(violations)),
                violations);
    }

    /** Violations name one thing each (an order, a SKU, a record); the count of held things is checked minus these. */
    private static long violatedThings(List<String> violations) {
        return violations.stream().map(v -> v.split("[ :]")[0]).distinct().count();
    }

    private Map<String, Integer> committedUnits(Facts facts) {
        Map<String, Integer> committed = new HashMap<>();
        facts.reservations().values().stream().filter(r -> r.path("status").asString().equals("COMMITTED"))
                .forEach(r -> r.path("lines").forEach(line ->
                        committed.merge(line.path("sku").asString(), line.path("quantity").asInt(), Integer::sum)));
        return committed;
    }

    private static List<String> ordersOfSku(Map<String, JsonNode> all, String sku, String status) {
        return all.values().stream().filter(o -> status(o).equals(status) && o.path("lines").toString().contains("\"" + sku + "\""))
                .map(o -> o.path("id").asString()).limit(20).toList();
    }

    private static String status(JsonNode order) {
        return order.path("status").asString();
    }

    static List<String> kinds(Iterable<JsonNode> ledger) {
        List<String> kinds = new ArrayList<>();
        ledger.forEach(operation -> kinds.add(operation.path("kind").asString()));
        return kinds;
    }

    private static long count(List<JsonNode> ledger, String kind) {
        return ledger.stream().filter(e -> e.path("kind").asString().equals(kind)).count();
    }

    private static long sum(List<JsonNode> ledger, String kind) {
        return ledger.stream().filter(e -> e.path("kind").asString().equals(kind))
                .mapToLong(e -> e.path("amountMinor").asLong()).sum();
    }

    private JsonNode view(String orderId) {
        return views.computeIfAbsent(orderId, id -> shop.order(shop.operator(), id).expect(200).json());
    }
}
