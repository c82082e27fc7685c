package com.example.commerce.customer.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A customer: who signs in (email and password hash) and what the shop calls them. */
@Entity
@Table(name = "customer")
public class Customer {

    /** Whether the account can be used. */
    public enum Status { ACTIVE, ERASED }

    @Id
    private UUID id;

    /** Lower-cased on the way in: one account per address whatever its case. */
    @Column(nullable = false, length = 320)
    private String email;

    @Column(name = "display_name", nullable = false, length = 200)
    private String displayName;

    @Column(name = "password_hash", nullable = false, length = 200)
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private Status status;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "failed_sign_ins", nullable = false)
    private int failedSignIns;

    @Column(name = "locked_until")
    private Instant lockedUntil;

    @Version
    private long version;

    protected Customer() {
    }

    Customer(UUID id, String email, String displayName, String passwordHash, Instant now) {
        this.id = id;
        this.email = normalise(email);
        this.displayName = displayName;
        this.passwordHash = passwordHash;
        this.status = Status.ACTIVE;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** How an email is compared and kept. */
    public static String normalise(String email) {
        return email.trim().toLowerCase(java.util.Locale.ROOT);
    }

    public UUID id() {
        return id;
    }

    public String email() {
        return email;
    }

    public String displayName() {
        return displayName;
    }

    public String passwordHash() {
        return passwordHash;
    }

    public Status status() {
        return status;
    }

    public boolean active() {
        return status == Status.ACTIVE;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** Whether sign-in is refused at {@code now} because of repeated failures. */
    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    public Instant lockedUntil() {
        return lockedUntil;
    }

    /**
     * One more failed sign-in; the {@code maxFailures}-th in a row locks the account until
     * {@code now + lockFor}. A failure while locked changes nothing (the lock is not extended).
     *
     * @return whether this failure locked the account
     */
    public boolean failedSignIn(Instant now, int maxFailures, java.time.Duration lockFor) {
        if (lockedAt(now)) {
            return false;
        }
        failedSignIns++;
        if (failedSignIns >= maxFailures) {
            failedSignIns = 0;
            lockedUntil = now.plus(lockFor);
            return true;
        }
        return false;
    }

    /** A successful sign-in forgets earlier failures. */
    public void signedIn() {
        failedSignIns = 0;
        lockedUntil = null;
    }
}
