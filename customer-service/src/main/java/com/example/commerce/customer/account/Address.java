package com.example.commerce.customer.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One of a customer's addresses; at most one is the default shipping address. */
@Entity
@Table(name = "address")
public class Address {

    @Id
    private UUID id;

    @Column(name = "customer_id", nullable = false)
    private UUID customerId;

    @Column(nullable = false, length = 60)
    private String label;

    @Column(nullable = false, length = 200)
    private String line1;

    @Column(length = 200)
    private String line2;

    @Column(nullable = false, length = 100)
    private String city;

    @Column(name = "postal_code", nullable = false, length = 20)
    private String postalCode;

    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(nullable = false, length = 2)
    private String country;

    @Column(name = "default_shipping", nullable = false)
    private boolean defaultShipping;

    protected Address() {
    }

    /** What an address says. */
    public record Lines(String label, String line1, String line2, String city, String postalCode, String country) {
    }

    Address(UUID id, UUID customerId, Lines lines) {
        this.id = id;
        this.customerId = customerId;
        change(lines);
    }

    void change(Lines lines) {
        this.label = lines.label();
        this.line1 = lines.line1();
        this.line2 = lines.line2();
        this.city = lines.city();
        this.postalCode = lines.postalCode();
        this.country = lines.country();
    }

    void defaultShipping(boolean defaultShipping) {
        this.defaultShipping = defaultShipping;
    }

    public UUID id() {
        return id;
    }

    public UUID customerId() {
        return customerId;
    }

    public Lines lines() {
        return new Lines(label, line1, line2, city, postalCode, country);
    }

    public boolean defaultShipping() {
        return defaultShipping;
    }
}
