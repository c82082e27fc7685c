package com.example.commerce.customer.account;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Addresses, always looked up with their owner: someone else's is as absent as an unknown one. */
interface Addresses extends JpaRepository<Address, UUID> {

    List<Address> findByCustomerIdOrderByLabelAscIdAsc(UUID customerId);

    Optional<Address> findByIdAndCustomerId(UUID id, UUID customerId);

    long countByCustomerId(UUID customerId);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("UPDATE Address a SET a.defaultShipping = false WHERE a.customerId = :customerId AND a.defaultShipping = true")
    int clearDefault(UUID customerId);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("DELETE FROM Address a WHERE a.customerId = :customerId")
    int deleteAllOf(UUID customerId);
}
