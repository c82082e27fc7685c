package com.example.commerce.payment.wallet;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Saved cards; a deleted one is kept (a payment may refer to it) but no longer found. */
@Repository
class PaymentMethods {

    private static final String COLUMNS = """
            id, customer_id, provider_token, brand, last4, expiry_month, expiry_year, holder_name, created_at""";

    private final JdbcClient jdbc;

    PaymentMethods(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(PaymentMethod m) {
        jdbc.sql("INSERT INTO payment_method (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(m.id(), m.customerId(), m.encryptedToken(), m.brand(), m.last4(), m.expiryMonth(),
                        m.expiryYear(), m.encryptedHolderName(), Timestamp.from(m.createdAt()))
                .update();
    }

    Optional<PaymentMethod> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM payment_method WHERE id = ? AND deleted_at IS NULL")
                .param(id).query(PaymentMethods::method).optional();
    }

    List<PaymentMethod> ofCustomer(UUID customerId, int limit, long offset) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM payment_method WHERE customer_id = ? AND deleted_at IS NULL"
                        + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?")
                .params(customerId, limit, offset).query(PaymentMethods::method).list();
    }

    long countOfCustomer(UUID customerId) {
        return jdbc.sql("SELECT count(*) FROM payment_method WHERE customer_id = ? AND deleted_at IS NULL")
                .param(customerId).query(Long.class).single();
    }

    boolean delete(UUID id, UUID customerId, Instant now) {
        return jdbc.sql("UPDATE payment_method SET deleted_at = ? WHERE id = ? AND customer_id = ? AND deleted_at IS NULL")
                .params(Timestamp.from(now), id, customerId).update() == 1;
    }

    /** Cards (deleted ones too) with a value under another key than {@code activeKeyId}. */
    List<PaymentMethod> encryptedUnderOtherKeys(String activeKeyId, int limit) {
        String prefix = activeKeyId + ":%";
        return jdbc.sql("SELECT " + COLUMNS + " FROM payment_method WHERE provider_token NOT LIKE ?"
                        + " OR (holder_name IS NOT NULL AND holder_name NOT LIKE ?) ORDER BY id LIMIT ?")
                .params(prefix, prefix, limit).query(PaymentMethods::method).list();
    }

    /** Replaces the encrypted values of card {@code id}, unless they changed since they were read. */
    boolean rewrap(PaymentMethod read, String token, String holderName) {
        return jdbc.sql("UPDATE payment_method SET provider_token = ?, holder_name = ?"
                        + " WHERE id = ? AND provider_token = ? AND holder_name IS NOT DISTINCT FROM ?")
                .params(token, holderName, read.id(), read.encryptedToken(), read.encryptedHolderName()).update() == 1;
    }

    private static PaymentMethod method(ResultSet rs, int row) throws SQLException {
        return new PaymentMethod(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class),
                rs.getString("provider_token"), rs.getString("brand"), rs.getString("last4"),
                rs.getInt("expiry_month"), rs.getInt("expiry_year"), rs.getString("holder_name"),
                rs.getTimestamp("created_at").toInstant());
    }
}
