package com.example.commerce.customer.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    @Column(name = "marketing_consent", nullable = false)
    private boolean marketingConsent;

    @Column(nullable = false, length = 8)
    private String language = "en";

    @org.hibernate.annotations.JdbcTypeCode(org.hibernate.type.SqlTypes.CHAR)
    @Column(nullable = false, length = 3)
    private String currency = "EUR";

    @Column(name = "erased_at")
    private Instant erasedAt;

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

    /** What the customer chose: marketing e-mails, the shop's language and currency. */
    public record Preferences(boolean marketingConsent, String language, String currency) {
    }

    public Preferences preferences() {
        return new Preferences(marketingConsent, language, currency);
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** A new display name and preferences. @return whether anything changed */
    /**
     * Changes the profile and preferences; returns the names of the fields that changed, in a stable order
     * ({@code displayName}, {@code marketingConsent}, {@code language}, {@code currency}), empty when none did.
     */
    public List<String> update(String displayName, Preferences preferences, Instant now) {
        List<String> changed = new ArrayList<>();
        if (!this.displayName.equals(displayName)) {
            changed.add("displayName");
        }
        if (this.marketingConsent != preferences.marketingConsent()) {
            changed.add("marketingConsent");
        }
        if (!this.language.equals(preferences.language())) {
            changed.add("language");
        }
        if (!this.currency.equals(preferences.currency())) {
            changed.add("currency");
        }
        if (!changed.isEmpty()) {
            this.displayName = displayName;
            this.marketingConsent = preferences.marketingConsent();
            this.language = preferences.language();
            this.currency = preferences.currency();
            this.updatedAt = now;
        }
        return List.copyOf(changed);
    }

    /**
     * The right to erasure: the personal data is replaced (the email by one that names no one, so the
     * address is free to sign up again), the password can no longer match, and the account is ERASED.
     * The row stays, so the id other services hold still resolves to "erased".
     */
    public void erase(Instant now) {
        this.email = "erased-" + id + "@erased.invalid";
        this.displayName = "Erased customer";
        this.passwordHash = "{erased}";
        this.marketingConsent = false;
        this.status = Status.ERASED;
        this.erasedAt = now;
        this.updatedAt = now;
        this.failedSignIns = 0;
        this.lockedUntil = null;
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
