package com.example.commerce.loadtests.benchmark;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;

/**
 * What PostgreSQL alone sustains for one order's transactions: a JDBC loop that replays, per order, the
 * transactions the services commit for it from placement to DELIVERED, on the same server with the same
 * settings as the fleet, with {@code connections} orders in flight at once.
 *
 * <p>The tables are the services' own: a scratch database {@code dblimit} gets, schema by schema, the starter's
 * migrations (outbox, inbox, work items) and each service's Flyway migrations, read from the checkout. The
 * transactions are written here from those migrations and the saga (DESIGN §4): each listener's transaction
 * records its inbox row beside its effect and its outbox row; each outbox row is marked sent by a relay
 * transaction of its own (the relay marks a batch per round; one order's rows per round is the cautious side);
 * work items (payment operations, courier work) are claimed in one transaction and finished in another, around
 * the third-party call, which is not made. What it leaves out: Kafka, HTTP, JSON, the services' reads of their
 * own state before a write (it uses the ids it knows), the reporting service, sweeps and the long poll's reads.
 */
public final class DatabaseLimit {

    /** The outcome: orders replayed in full, in how long, with how many connections, and how many failed. */
    public record Result(long orders, Duration took, int connections, long failures, int transactionsPerOrder) {
        public double ordersPerSecond() {
            return orders / Math.max(0.001, took.toMillis() / 1000.0);
        }
    }

    static final String DATABASE = "dblimit";
    private static final int SKUS = 50;

    private final String serverUrl;
    private final String user;
    private final String password;
    private final Path repositoryRoot;

    /** @param serverUrl {@code jdbc:postgresql://host:port/} of the fleet's server; a superuser login */
    public DatabaseLimit(String serverUrl, String user, String password, Path repositoryRoot) {
        this.serverUrl = serverUrl.endsWith("/") ? serverUrl : serverUrl + "/";
        this.user = user;
        this.password = password;
        this.repositoryRoot = repositoryRoot;
    }

    /** Creates the scratch database afresh and migrates every schema the replay writes. */
    public void prepare() throws SQLException {
        try (Connection admin = DriverManager.getConnection(serverUrl + "postgres", user, password);
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + DATABASE);
        }
        migrate("orders", "order-service");
        migrate("inventory", "inventory-service");
        migrate("payment", "payment-service");
        migrate("shipping", "shipping-service");
        migrate("cart", null);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (int i = 0; i < SKUS; i++) {
                s.execute("INSERT INTO inventory.stock_item (sku, on_hand, reserved, updated_at) VALUES ('DB-" + i
                        + "', 100000000, 0, now())");
            }
            s.execute("INSERT INTO payment.payment_method (id, customer_id, provider_token, brand, last4, expiry_month,"
                    + " expiry_year, created_at) VALUES ('" + PAYMENT_METHOD + "', '" + CUSTOMER + "', 'tok_bench', 'VISA',"
                    + " '4242', 12, 2030, now())");
        }
    }

    private static final UUID CUSTOMER = UUID.fromString("00000000-0000-7000-8000-000000000001");
    private static final UUID PAYMENT_METHOD = UUID.fromString("00000000-0000-7000-8000-000000000002");

    private void migrate(String schema, String service) {
        String url = serverUrl + DATABASE;
        Flyway.configure(getClass().getClassLoader()).dataSource(url, user, password).schemas(schema)
                .locations("classpath:db/commerce-starter").table("commerce_starter_history")
                .baselineOnMigrate(true).baselineVersion("0").load().migrate();
        if (service != null) {
            Flyway.configure(getClass().getClassLoader()).dataSource(url, user, password).schemas(schema)
                    .locations("filesystem:" + repositoryRoot.resolve(service).resolve("src/main/resources/db/migration"))
                    .baselineOnMigrate(true).baselineVersion("0").load().migrate();
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(serverUrl + DATABASE, user, password);
    }

    /** Replays orders on {@code connections} connections for {@code seconds} after {@code warmupSeconds}. */
    public Result run(int connections, int warmupSeconds, int seconds) throws Exception {
        AtomicLong orders = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean counting = new AtomicBoolean();
        List<Connection> open = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Connection c = connect();
            c.setAutoCommit(false);
            open.add(c);
        }
        Instant[] window = new Instant[2];
        try (ExecutorService pool = Executors.newFixedThreadPool(connections)) {
            for (int i = 0; i < connections; i++) {
                Connection c = open.get(i);
                int worker = i;
                pool.submit(() -> {
                    long n = 0;
                    while (!stop.get()) {
                        try {
                            new OrderReplay(c, "DB-" + ((worker * 7 + n++) % SKUS)).run();
                            if (counting.get()) {
                                orders.incrementAndGet();
                            }
                        } catch (SQLException e) {
                            failures.incrementAndGet();
                            try {
                                c.rollback();
                            } catch (SQLException ignored) {
                                // the next order starts on a clean transaction or fails the same way, counted
                            }
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(Duration.ofSeconds(warmupSeconds));
            counting.set(true);
            window[0] = Instant.now();
            Thread.sleep(Duration.ofSeconds(seconds));
            counting.set(false);
            window[1] = Instant.now();
            stop.set(true);
        } finally {
            for (Connection c : open) {
                c.close();
            }
        }
        return new Result(orders.get(), Duration.between(window[0], window[1]), connections, failures.get(),
                OrderReplay.TRANSACTIONS);
    }

    /** Drops the scratch database. */
    public void drop() throws SQLException {
        try (Connection admin = DriverManager.getConnection(serverUrl + "postgres", user, password);
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    /** One order's transactions, placement to DELIVERED, each committed on its own. */
    static final class OrderReplay {

        static final int TRANSACTIONS = 32;

        private final Connection c;
        private final String sku;
        private final UUID order = UUID.randomUUID();
        private final UUID payment = UUID.randomUUID();
        private final UUID shipment = UUID.randomUUID();
        private final String key = UUID.randomUUID().toString();

        OrderReplay(Connection c, String sku) {
            this.c = c;
            this.sku = sku;
        }

        void run() throws SQLException {
            // order-service: the idempotency fence, then the placement (order, line, timeline, outbox), relay
            tx(() -> exec("INSERT INTO orders.order_idempotency (caller, idempotency_key, request_hash, status, created_at,"
                    + " expires_at) VALUES (?, ?, repeat('a', 64), 'IN_PROGRESS', now(), now() + interval '1 day')",
                    CUSTOMER.toString(), key));
            long placed = tx(() -> {
                exec("INSERT INTO orders.orders (id, customer_id, status, total_amount, subtotal_amount, currency, placed_at,"
                        + " deadline_at, updated_at, ship_line1, ship_city, ship_postal_code, ship_country, payment_method_id)"
                        + " VALUES (?, ?, 'PENDING', 599, 599, 'EUR', now(), now() + interval '15 minutes', now(),"
                        + " 'Lindenstrasse 12', 'Berlin', '10969', 'DE', ?)", order, CUSTOMER, PAYMENT_METHOD);
                exec("INSERT INTO orders.order_line (order_id, sku, quantity, unit_price_amount, name) VALUES (?, ?, 1, 599, ?)",
                        order, sku, "Item " + sku);
                timeline("PLACED", "order.OrderPlaced.v1", "PENDING");
                long id = outbox("orders", "order.events", "order.OrderPlaced.v1", 600);
                exec("UPDATE orders.order_idempotency SET status = 'COMPLETED', order_id = ?, response_status = 202,"
                        + " response_body = repeat('x', 400) WHERE caller = ? AND idempotency_key = ?", order,
                        CUSTOMER.toString(), key);
                return id;
            });
            relay("orders", placed);
            // inventory-service: OrderPlaced -> reserve (stock row, reservation, line, movement, outbox), relay
            long reserved = tx(() -> {
                inbox("inventory", "inventory-service.order-events", "order.OrderPlaced.v1");
                exec("UPDATE inventory.stock_item SET reserved = reserved + 1, updated_at = now(), version = version + 1"
                        + " WHERE sku = ?", sku);
                exec("INSERT INTO inventory.reservation (order_id, status, expires_at, customer_id, total_amount,"
                        + " total_currency, payment_method_id, created_at, updated_at) VALUES (?, 'RESERVED',"
                        + " now() + interval '15 minutes', ?, 599, 'EUR', ?, now(), now())", order, CUSTOMER, PAYMENT_METHOD);
                exec("INSERT INTO inventory.reservation_line (order_id, sku, quantity) VALUES (?, ?, 1)", order, sku);
                movement("RESERVE", 0);
                return outbox("inventory", "inventory.events", "inventory.StockReserved.v1", 500);
            });
            relay("inventory", reserved);
            // cart-service: OrderPlaced (explicit lines: only its inbox row)
            tx(() -> inbox("cart", "cart-service.order-events", "order.OrderPlaced.v1"));
            // order-service: StockReserved -> timeline
            tx(() -> {
                inbox("orders", "order-service.inventory-events", "inventory.StockReserved.v1");
                timeline("STOCK_RESERVED", "inventory.StockReserved.v1", "PENDING");
            });
            // payment-service: StockReserved -> payment AUTHORIZING, operation, work item; claim; outcome; relay
            UUID authorization = UUID.randomUUID();
            tx(() -> {
                inbox("payment", "payment-service.inventory-events", "inventory.StockReserved.v1");
                exec("INSERT INTO payment.payment (id, order_id, customer_id, payment_method_id, status, amount, currency,"
                        + " created_at, updated_at) VALUES (?, ?, ?, ?, 'AUTHORIZING', 599, 'EUR', now(), now())",
                        payment, order, CUSTOMER, PAYMENT_METHOD);
                operation(authorization, "AUTHORIZATION");
                workItem("payment.operation", authorization.toString());
            });
            claim("payment", "payment.operation", authorization.toString());
            long authorized = tx(() -> {
                exec("UPDATE payment.payment_operation SET status = 'SUCCEEDED', sent = true, provider_reference = 'pi_x',"
                        + " updated_at = now() WHERE id = ?", authorization);
                exec("UPDATE payment.payment SET status = 'AUTHORIZED', provider_reference = 'pi_x', updated_at = now()"
                        + " WHERE id = ?", payment);
                finish("payment", "payment.operation", authorization.toString());
                return outbox("payment", "payment.events", "payment.PaymentAuthorized.v1", 400);
            });
            relay("payment", authorized);
            // order-service: PaymentAuthorized -> CONFIRMED (the measured end), relay
            long confirmed = tx(() -> {
                inbox("orders", "order-service.payment-events", "payment.PaymentAuthorized.v1");
                exec("UPDATE orders.orders SET status = 'CONFIRMED', confirmed_at = now(), updated_at = now(),"
                        + " version = version + 1 WHERE id = ?", order);
                timeline("CONFIRMED", "payment.PaymentAuthorized.v1", "CONFIRMED");
                return outbox("orders", "order.events", "order.OrderConfirmed.v1", 600);
            });
            relay("orders", confirmed);
            // inventory-service: OrderConfirmed pins the reservation
            tx(() -> {
                inbox("inventory", "inventory-service.order-events", "order.OrderConfirmed.v1");
                exec("UPDATE inventory.reservation SET pinned = true, updated_at = now(), version = version + 1"
                        + " WHERE order_id = ?", order);
            });
            // shipping-service: OrderConfirmed -> shipment and courier work; claim; booked; relay
            tx(() -> {
                inbox("shipping", "shipping-service.order-events", "order.OrderConfirmed.v1");
                exec("INSERT INTO shipping.shipment (id, order_id, status, customer_id, address_json, parcels_json, booking_key,"
                        + " courier_work, book_requests, created_at, updated_at) VALUES (?, ?, 'CREATED', ?, repeat('a', 120),"
                        + " repeat('p', 60), ?, 'BOOK', 1, now(), now())", shipment, order, CUSTOMER, order.toString());
                workItem("shipping.courier", shipment + ":BOOK:1");
            });
            claim("shipping", "shipping.courier", shipment + ":BOOK:1");
            long booked = tx(() -> {
                exec("UPDATE shipping.shipment SET status = 'BOOKED', booking_id = 'bk', courier = 'SIM', tracking_number = ?,"
                        + " courier_work = NULL, updated_at = now(), version = version + 1 WHERE id = ?", key, shipment);
                tracking("BOOKED");
                finish("shipping", "shipping.courier", shipment + ":BOOK:1");
                return outbox("shipping", "shipping.events", "shipping.ShipmentCreated.v1", 500);
            });
            relay("shipping", booked);
            // order-service: ShipmentCreated -> timeline
            tx(() -> {
                inbox("orders", "order-service.shipping-events", "shipping.ShipmentCreated.v1");
                timeline("SHIPMENT_CREATED", "shipping.ShipmentCreated.v1", "CONFIRMED");
            });
            // shipping-service: the courier's signed callback DISPATCHED, relay
            long dispatched = tx(() -> {
                exec("INSERT INTO shipping.courier_callback (event_id, shipment_id, status, received_at) VALUES (?, ?,"
                        + " 'DISPATCHED', now())", UUID.randomUUID().toString(), shipment);
                exec("UPDATE shipping.shipment SET status = 'DISPATCHED', dispatched_at = now(), tracked_at = now(),"
                        + " updated_at = now(), version = version + 1 WHERE id = ?", shipment);
                tracking("DISPATCHED");
                return outbox("shipping", "shipping.events", "shipping.ShipmentDispatched.v1", 500);
            });
            relay("shipping", dispatched);
            // order-service: ShipmentDispatched -> SHIPPED
            tx(() -> {
                inbox("orders", "order-service.shipping-events", "shipping.ShipmentDispatched.v1");
                exec("UPDATE orders.orders SET status = 'SHIPPED', updated_at = now(), version = version + 1 WHERE id = ?", order);
                timeline("SHIPPED", "shipping.ShipmentDispatched.v1", "SHIPPED");
            });
            // inventory-service: ShipmentDispatched -> commit the stock, relay
            long committed = tx(() -> {
                inbox("inventory", "inventory-service.shipping-events", "shipping.ShipmentDispatched.v1");
                exec("UPDATE inventory.stock_item SET on_hand = on_hand - 1, reserved = reserved - 1, shipped = shipped + 1,"
                        + " updated_at = now(), version = version + 1 WHERE sku = ?", sku);
                exec("UPDATE inventory.reservation SET status = 'COMMITTED', updated_at = now(), version = version + 1"
                        + " WHERE order_id = ?", order);
                movement("COMMIT", -1);
                return outbox("inventory", "inventory.events", "inventory.StockCommitted.v1", 400);
            });
            relay("inventory", committed);
            // payment-service: ShipmentDispatched -> capture operation and work item; claim; captured; relay
            UUID capture = UUID.randomUUID();
            tx(() -> {
                inbox("payment", "payment-service.shipping-events", "shipping.ShipmentDispatched.v1");
                exec("UPDATE payment.payment SET capture_requested = true, updated_at = now() WHERE id = ?", payment);
                operation(capture, "CAPTURE");
                workItem("payment.operation", capture.toString());
            });
            claim("payment", "payment.operation", capture.toString());
            long captured = tx(() -> {
                exec("UPDATE payment.payment_operation SET status = 'SUCCEEDED', sent = true, updated_at = now() WHERE id = ?",
                        capture);
                exec("UPDATE payment.payment SET status = 'CAPTURED', captured_amount = 599, updated_at = now() WHERE id = ?",
                        payment);
                finish("payment", "payment.operation", capture.toString());
                return outbox("payment", "payment.events", "payment.PaymentCaptured.v1", 400);
            });
            relay("payment", captured);
            // shipping-service: the courier's callback DELIVERED, relay
            long delivered = tx(() -> {
                exec("INSERT INTO shipping.courier_callback (event_id, shipment_id, status, received_at) VALUES (?, ?,"
                        + " 'DELIVERED', now())", UUID.randomUUID().toString(), shipment);
                exec("UPDATE shipping.shipment SET status = 'DELIVERED', tracked_at = now(), updated_at = now(),"
                        + " version = version + 1 WHERE id = ?", shipment);
                tracking("DELIVERED");
                return outbox("shipping", "shipping.events", "shipping.ShipmentDelivered.v1", 500);
            });
            relay("shipping", delivered);
            // order-service: ShipmentDelivered -> DELIVERED, OrderCompleted, relay
            long completed = tx(() -> {
                inbox("orders", "order-service.shipping-events", "shipping.ShipmentDelivered.v1");
                exec("UPDATE orders.orders SET status = 'DELIVERED', updated_at = now(), version = version + 1 WHERE id = ?",
                        order);
                timeline("DELIVERED", "shipping.ShipmentDelivered.v1", "DELIVERED");
                return outbox("orders", "order.events", "order.OrderCompleted.v1", 500);
            });
            relay("orders", completed);
        }

        private interface Work<T> {
            T run() throws SQLException;
        }

        private interface Effect {
            void run() throws SQLException;
        }

        private <T> T tx(Work<T> work) throws SQLException {
            T result = work.run();
            c.commit();
            return result;
        }

        private void tx(Effect effect) throws SQLException {
            effect.run();
            c.commit();
        }

        private void exec(String sql, Object... parameters) throws SQLException {
            try (PreparedStatement statement = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                statement.executeUpdate();
            }
        }

        private void inbox(String schema, String consumer, String type) throws SQLException {
            exec("INSERT INTO " + schema + ".inbox_message (consumer, event_id, event_type, topic, kafka_partition,"
                    + " kafka_offset) VALUES (?, ?, ?, 'topic', 0, 0)", consumer, UUID.randomUUID(), type);
        }

        private long outbox(String schema, String topic, String type, int payloadBytes) throws SQLException {
            try (PreparedStatement statement = c.prepareStatement("INSERT INTO " + schema + ".outbox_event (event_id, topic,"
                    + " event_type, aggregate_id, payload, traceparent, occurred_at) VALUES (?, ?, ?, ?, ?, ?, now()) RETURNING id")) {
                statement.setObject(1, UUID.randomUUID());
                statement.setString(2, topic);
                statement.setString(3, type);
                statement.setString(4, order.toString());
                statement.setBytes(5, new byte[payloadBytes]);
                statement.setString(6, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
                try (ResultSet id = statement.executeQuery()) {
                    id.next();
                    return id.getLong(1);
                }
            }
        }

        private void relay(String schema, long outboxId) throws SQLException {
            tx(() -> exec("UPDATE " + schema + ".outbox_event SET sent_at = now(), sent_by = 'relay', attempts = attempts + 1"
                    + " WHERE id = ?", outboxId));
        }

        private void timeline(String step, String type, String status) throws SQLException {
            exec("INSERT INTO orders.order_timeline (order_id, at, step, event_type, source, detail, applied, status)"
                    + " VALUES (?, now(), ?, ?, 'order-service', 'replayed', true, ?)", order, step, type, status);
        }

        private void movement(String kind, int delta) throws SQLException {
            exec("INSERT INTO inventory.stock_movement (id, sku, kind, delta, on_hand_after, reason, actor, occurred_at, order_id)"
                    + " SELECT ?, sku, ?, ?, on_hand, 'order', 'inventory-service', now(), ? FROM inventory.stock_item"
                    + " WHERE sku = ?", UUID.randomUUID(), kind, delta, order, sku);
        }

        private void operation(UUID id, String kind) throws SQLException {
            exec("INSERT INTO payment.payment_operation (id, payment_id, order_id, kind, amount, currency, status,"
                    + " idempotency_key, created_at, updated_at) VALUES (?, ?, ?, ?, 599, 'EUR', 'PENDING', ?, now(), now())",
                    id, payment, order, kind, order + ":" + kind);
        }

        private void workItem(String kind, String workKey) throws SQLException {
            String schema = kind.startsWith("payment") ? "payment" : "shipping";
            exec("INSERT INTO " + schema + ".work_item (kind, work_key, payload, status, due_at, max_attempts, created_at,"
                    + " updated_at) VALUES (?, ?, repeat('w', 60), 'DUE', now(), 21, now(), now())"
                    + " ON CONFLICT (kind, work_key) DO NOTHING", kind, workKey);
        }

        private void claim(String schema, String kind, String workKey) throws SQLException {
            tx(() -> exec("UPDATE " + schema + ".work_item SET status = 'LEASED', lease_until = now() + interval '30 seconds',"
                    + " fence = fence + 1, attempts = attempts + 1, updated_at = now() WHERE id = (SELECT id FROM " + schema
                    + ".work_item WHERE kind = ? AND work_key = ? AND status = 'DUE' AND due_at <= now()"
                    + " FOR UPDATE SKIP LOCKED)", kind, workKey));
        }

        private void finish(String schema, String kind, String workKey) throws SQLException {
            exec("UPDATE " + schema + ".work_item SET status = 'DONE', outcome = 'ok', finished_at = now(), updated_at = now()"
                    + " WHERE kind = ? AND work_key = ?", kind, workKey);
        }

        private void tracking(String status) throws SQLException {
            exec("INSERT INTO shipping.tracking_event (id, shipment_id, status, occurred_at) VALUES (?, ?, ?, now())",
                    UUID.randomUUID(), shipment, status);
        }
    }
}
