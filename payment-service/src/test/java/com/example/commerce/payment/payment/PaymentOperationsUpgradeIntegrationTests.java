package com.example.commerce.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.payment.PaymentIntegrationTest;
import com.example.commerce.testing.SharedInfrastructure;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The upgrade that moved provider operations onto the starter's work rows (V4): every operation open before it
 * is enqueued once and performed after it; closed ones are not; the operation's own lease columns are gone.
 */
class PaymentOperationsUpgradeIntegrationTests extends PaymentIntegrationTest {

    private static final String MIGRATION = "db/migration/V4__provider_operations_as_work_items.sql";

    private final UUID customer = UUID.randomUUID();

    @Test
    void theUpgradeEnqueuesEachOperationOpenBeforeItOnceAndDropsTheOperationsOwnLease() {
        // A schema of its own, migrated as payment-service was before the upgrade (the starter's tables, then V1-V3).
        String schema = "payment_upgrade_" + UUID.randomUUID().toString().substring(0, 8);
        SharedInfrastructure.get().provision(List.of(schema));
        DriverManagerDataSource scratch = new DriverManagerDataSource(SharedInfrastructure.get().databaseUrl(), schema, schema);
        JdbcTemplate sql = new JdbcTemplate(scratch);
        try {
            migrate(scratch, schema, "db/commerce-starter", "commerce_starter_history", null);
            migrate(scratch, schema, "db/migration", "flyway_schema_history", "3");
            Timestamp now = Timestamp.from(Instant.now());
            UUID paymentId = UUID.randomUUID();
            UUID orderId = UUID.randomUUID();
            sql.update("INSERT INTO " + schema + ".payment (id, order_id, customer_id, status, amount, currency, created_at,"
                    + " updated_at) VALUES (?, ?, ?, 'AUTHORIZED', 500, 'EUR', ?, ?)", paymentId, orderId, customer, now, now);
            UUID leased = operation(sql, schema, paymentId, orderId, "CAPTURE", "PENDING", now);
            UUID unknown = operation(sql, schema, paymentId, orderId, "VOID", "UNKNOWN", now);
            operation(sql, schema, paymentId, orderId, "AUTHORIZATION", "SUCCEEDED", now);
            sql.update("UPDATE " + schema + ".payment_operation SET leased_until = ?, attempts = 3 WHERE id = ?",
                    Timestamp.from(Instant.now().plusSeconds(60)), leased);
            assertThat(sql.queryForObject("SELECT count(*) FROM " + schema + ".work_item", Integer.class)).isZero();

            migrate(scratch, schema, "db/migration", "flyway_schema_history", null);

            assertThat(sql.queryForList("SELECT work_key || ' ' || status || ' ' || attempts || ' ' || max_attempts || ' '"
                            + " || payload FROM " + schema + ".work_item WHERE kind = 'payment.operation' ORDER BY work_key",
                    String.class)).containsExactlyInAnyOrder(
                    leased + " DUE 0 21 {\"operationId\":\"" + leased + "\"}",
                    unknown + " DUE 0 21 {\"operationId\":\"" + unknown + "\"}");
            assertThat(sql.queryForObject("SELECT count(*) FROM " + schema + ".work_item", Integer.class)).isEqualTo(2);
            assertThat(sql.queryForList("""
                    SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = 'payment_operation'""",
                    String.class, schema)).doesNotContain("leased_until", "due_at", "attempts").contains("sent", "status");
        } finally {
            sql.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void anOperationOpenBeforeTheUpgradeIsPerformedOnceAfterIt() throws Exception {
        // An authorisation recorded by the old service and not yet asked: no work row, so no worker knows of it.
        UUID card = savedCard(customer, GOOD_CARD);
        UUID orderId = UUID.randomUUID();
        UUID paymentId = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc().update("""
                INSERT INTO payment (id, order_id, customer_id, payment_method_id, status, amount, currency, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'AUTHORIZING', 1234, 'EUR', ?, ?)""", paymentId, orderId, customer, card, now, now);
        jdbc().update("""
                INSERT INTO payment_operation (id, payment_id, order_id, kind, amount, currency, status, idempotency_key,
                created_at, updated_at) VALUES (?, ?, ?, 'AUTHORIZATION', 1234, 'EUR', 'PENDING', ?, ?, ?)""",
                UUID.randomUUID(), paymentId, orderId, orderId + ":authorize", now, now);
        assertThat(workOf(orderId, "AUTHORIZATION")).isNull();
        assertThat(statusOf(orderId)).isEqualTo("AUTHORIZING");

        // The upgrade's enqueueing statement, exactly as V4 runs it.
        int enqueued = jdbc().update(enqueueStatement());

        assertThat(enqueued).isGreaterThanOrEqualTo(1);
        awaitStatus(orderId, "AUTHORIZED");
        await("work done").atMost(PATIENCE).until(() -> "DONE 1 1".equals(workOf(orderId, "AUTHORIZATION")));
        assertThat(providerLedger(orderId)).containsExactly("AUTHORIZATION:1234");
        assertThat(ourLedger(orderId)).containsExactly("AUTHORIZATION:SUCCEEDED:1234");
        assertThat(published(orderId, "payment.PaymentAuthorized.v1")).isEqualTo(1);
        // Run again (a repeated upgrade step): the same operation is not enqueued twice.
        jdbc().update(enqueueStatement());
        assertThat(jdbc().queryForObject("SELECT count(*) FROM work_item w JOIN payment_operation o ON w.work_key = o.id::text"
                + " WHERE o.order_id = ?", Integer.class, orderId)).isEqualTo(1);
    }

    /** Inserts an operation of 500 EUR before the upgrade, when {@code due_at} was still a column of its own. */
    private static UUID operation(JdbcTemplate sql, String schema, UUID paymentId, UUID orderId, String kind,
                                  String status, Timestamp at) {
        UUID id = UUID.randomUUID();
        sql.update("INSERT INTO " + schema + ".payment_operation (id, payment_id, order_id, kind, amount, currency, status,"
                        + " idempotency_key, due_at, created_at, updated_at) VALUES (?, ?, ?, ?, 500, 'EUR', ?, ?, ?, ?, ?)",
                id, paymentId, orderId, kind, status, orderId + ":" + kind.toLowerCase(Locale.ROOT), at, at, at);
        return id;
    }

    private static void migrate(DriverManagerDataSource dataSource, String schema, String location, String table,
                                String target) {
        FluentConfiguration configuration = Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema)
                .createSchemas(false).locations("classpath:" + location).table(table).baselineOnMigrate(true)
                .baselineVersion("0");
        if (target != null) {
            configuration.target(target);
        }
        configuration.load().migrate();
    }

    /** The one statement of V4 that enqueues the open operations. */
    private static String enqueueStatement() throws Exception {
        String script = new ClassPathResource(MIGRATION).getContentAsString(StandardCharsets.UTF_8);
        String withoutComments = script.lines().map(line -> line.replaceAll("--.*$", ""))
                .collect(Collectors.joining("\n"));
        List<String> inserts = Arrays.stream(withoutComments.split(";")).map(String::strip)
                .filter(statement -> statement.startsWith("INSERT INTO work_item")).toList();
        assertThat(inserts).hasSize(1);
        return inserts.getFirst();
    }
}
