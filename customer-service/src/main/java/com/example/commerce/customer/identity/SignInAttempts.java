package com.example.commerce.customer.identity;

import com.example.commerce.customer.account.Customer;
import com.example.commerce.customer.account.Customers;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts failed sign-ins per account: {@code commerce.identity.lockout.max-failures} in a row lock it for
 * {@code commerce.identity.lockout.duration}; a successful sign-in clears the count. A locked account is
 * refused even with the right password (and says no more than a wrong one would).
 */
@Service
public class SignInAttempts {

    private static final Logger log = LoggerFactory.getLogger(SignInAttempts.class);

    private final Customers customers;
    private final IdentityProperties.Lockout lockout;
    private final Clock clock;

    SignInAttempts(Customers customers, IdentityProperties properties, Clock clock) {
        this.clock = clock;
        this.customers = customers;
        this.lockout = properties.lockout();
    }

    @Transactional
    public void failed(String email) {
        if (email == null) {
            return;
        }
        customers.findByEmail(Customer.normalise(email)).ifPresent(customer -> {
            if (customer.failedSignIn(clock.instant(), lockout.maxFailures(), lockout.duration())) {
                log.warn("Locked customer {} until {} after {} failed sign-ins", customer.id(), customer.lockedUntil(),
                        lockout.maxFailures());
            }
        });
    }

    @Transactional
    public void succeeded(String customerId) {
        customers.findById(UUID.fromString(customerId)).ifPresent(Customer::signedIn);
    }

    boolean locked(Customer customer) {
        return customer.lockedAt(clock.instant());
    }
}
