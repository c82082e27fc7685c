package com.example.commerce.customer.identity;

import com.example.commerce.customer.account.Customer;
import com.example.commerce.customer.account.Customers;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * The login form's account lookup: a customer signs in with their email (any case); the signed-in
 * principal's name is the customer id, which becomes the {@code sub} of their tokens. An account locked
 * by repeated failures ({@link SignInAttempts}) is refused before its password is checked.
 */
@Component
class CustomerSignIn implements UserDetailsService {

    private final Customers customers;
    private final SignInAttempts attempts;

    CustomerSignIn(Customers customers, SignInAttempts attempts) {
        this.customers = customers;
        this.attempts = attempts;
    }

    @Override
    public UserDetails loadUserByUsername(String email) {
        Customer customer = customers.findByEmail(Customer.normalise(email)).filter(Customer::active)
                .orElseThrow(() -> new UsernameNotFoundException("no active customer with that email"));
        return User.withUsername(customer.id().toString()).password(customer.passwordHash())
                .accountLocked(attempts.locked(customer)).authorities("ROLE_CUSTOMER").build();
    }
}
