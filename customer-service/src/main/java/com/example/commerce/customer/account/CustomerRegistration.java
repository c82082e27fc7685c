package com.example.commerce.customer.account;

import com.example.commerce.events.customer.CustomerRegisteredV2;
import com.example.commerce.starter.outbox.Outbox;
import com.example.commerce.starter.outbox.Uuids;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Signs customers up: checks the password rules, hashes the password with the fleet's
 * {@link PasswordEncoder} (a DelegatingPasswordEncoder: {@code {bcrypt}} today, older hashes still
 * verify), keeps the email unique whatever its case, and publishes CustomerRegistered (v2: the id and the
 * starting preferences, no email or name) with the row.
 */
@Service
public class CustomerRegistration {

    private final Customers customers;
    private final PasswordEncoder passwords;
    private final Outbox outbox;
    private final Clock clock;

    CustomerRegistration(Customers customers, PasswordEncoder passwords, Outbox outbox, Clock clock) {
        this.clock = clock;
        this.customers = customers;
        this.passwords = passwords;
        this.outbox = outbox;
    }

    /** Someone who wants an account. */
    public record Registration(String email, String password, String displayName) {
    }

    @Transactional
    public Customer register(Registration registration) {
        List<String> weak = PasswordRules.violations(registration.password(), registration.email());
        if (!weak.isEmpty()) {
            throw CustomerProblems.weakPassword(weak);
        }
        String email = Customer.normalise(registration.email());
        if (customers.existsByEmail(email)) {
            throw CustomerProblems.emailTaken();
        }
        Instant now = clock.instant();
        Customer customer = new Customer(Uuids.v7(), email, registration.displayName().trim(),
                passwords.encode(registration.password()), now);
        try {
            customers.saveAndFlush(customer);
        } catch (DataIntegrityViolationException raced) {
            throw CustomerProblems.emailTaken();
        }
        Customer.Preferences preferences = customer.preferences();
        outbox.publish(new CustomerRegisteredV2(customer.id(), preferences.marketingConsent(),
                preferences.language(), preferences.currency(), now));
        return customer;
    }

    /** The caller's own account; a customer id that names no active account is a 404. */
    @Transactional(readOnly = true)
    public Customer own(UUID customerId) {
        return customers.findById(customerId).filter(Customer::active).orElseThrow(CustomerProblems::notFound);
    }
}
