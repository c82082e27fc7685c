package com.example.commerce.customer.account;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** The customers, found by id or by (normalised) email. */
public interface Customers extends JpaRepository<Customer, UUID> {

    Optional<Customer> findByEmail(String normalisedEmail);

    boolean existsByEmail(String normalisedEmail);
}
