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
 * principal's name is the customer id, which becomes the {@code sub} of their tokens.
 */
@Component
class CustomerSignIn implements UserDetailsService {

    private final Customers customers;

    CustomerSignIn(Customers customers) {
        this.customers = customers;
    }

    @Override
    public UserDetails loadUserByUsername(String email) {
        Customer customer = customers.findByEmail(Customer.normalise(email)).filter(Customer::active)
                .orElseThrow(() -> new UsernameNotFoundException("no active customer with that email"));
        return User.withUsername(customer.id().toString()).password(customer.passwordHash())
                .authorities("ROLE_CUSTOMER").build();
    }
}
