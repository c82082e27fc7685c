package com.example.commerce.customer.account;

import com.example.commerce.events.customer.CustomerErased;
import com.example.commerce.events.customer.CustomerUpdatedV2;
import com.example.commerce.starter.outbox.Outbox;
import com.example.commerce.starter.outbox.Uuids;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The signed-in customer's own account: profile and preferences, addresses (one default shipping
 * address), and erasure. Every call names the customer from the token; an id that is not theirs is the
 * same 404 as an unknown one.
 */
@Service
public class CustomerAccounts {

    /** How many addresses one customer may keep. */
    static final int MAX_ADDRESSES = 20;

    private final Customers customers;
    private final Addresses addresses;
    private final Outbox outbox;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CustomerAccounts(Customers customers, Addresses addresses, Outbox outbox, ApplicationEventPublisher events,
                     Clock clock) {
        this.clock = clock;
        this.customers = customers;
        this.addresses = addresses;
        this.outbox = outbox;
        this.events = events;
    }

    /** Published in-process when an account is erased, in its transaction (the issuer forgets its grants). */
    public record AccountErased(UUID customerId) {
    }

    @Transactional
    public Customer update(UUID customerId, String displayName, Customer.Preferences preferences) {
        Customer customer = own(customerId);
        Instant now = clock.instant();
        List<String> changed = customer.update(displayName.trim(), preferences, now);
        if (!changed.isEmpty()) {
            Customer.Preferences current = customer.preferences();
            // v2 names what changed but never the new display name: no personal data on the topic.
            outbox.publish(new CustomerUpdatedV2(customer.id(), changed, current.marketingConsent(),
                    current.language(), current.currency(), now));
        }
        return customer;
    }

    @Transactional
    public void erase(UUID customerId) {
        own(customerId);
        addresses.deleteAllOf(customerId);
        // Loaded after the bulk delete, which clears the persistence context.
        Customer customer = own(customerId);
        Instant now = clock.instant();
        customer.erase(now);
        events.publishEvent(new AccountErased(customerId));
        outbox.publish(new CustomerErased(customerId, now));
    }

    @Transactional(readOnly = true)
    public List<Address> addresses(UUID customerId) {
        own(customerId);
        return addresses.findByCustomerIdOrderByLabelAscIdAsc(customerId);
    }

    @Transactional(readOnly = true)
    public Address address(UUID customerId, UUID addressId) {
        own(customerId);
        return addresses.findByIdAndCustomerId(addressId, customerId).orElseThrow(CustomerProblems::addressNotFound);
    }

    /** A new address; the first one, or one asked to be, becomes the default shipping address. */
    @Transactional
    public Address add(UUID customerId, Address.Lines lines, boolean defaultShipping) {
        own(customerId);
        long existing = addresses.countByCustomerId(customerId);
        if (existing >= MAX_ADDRESSES) {
            throw CustomerProblems.tooManyAddresses(MAX_ADDRESSES);
        }
        Address address = new Address(Uuids.v7(), customerId, lines);
        if (defaultShipping || existing == 0) {
            addresses.clearDefault(customerId);
            address.defaultShipping(true);
        }
        return addresses.saveAndFlush(address);
    }

    /** Changes an address; {@code defaultShipping} true makes it the default (false leaves the default as is). */
    @Transactional
    public Address change(UUID customerId, UUID addressId, Address.Lines lines, boolean defaultShipping) {
        own(customerId);
        if (defaultShipping) {
            addresses.clearDefault(customerId);
        }
        Address address = addresses.findByIdAndCustomerId(addressId, customerId).orElseThrow(CustomerProblems::addressNotFound);
        address.change(lines);
        if (defaultShipping) {
            address.defaultShipping(true);
        }
        return addresses.saveAndFlush(address);
    }

    /** Removes an address; when it was the default, the next remaining one (by label) becomes the default. */
    @Transactional
    public void remove(UUID customerId, UUID addressId) {
        own(customerId);
        Address address = addresses.findByIdAndCustomerId(addressId, customerId).orElseThrow(CustomerProblems::addressNotFound);
        addresses.delete(address);
        addresses.flush();
        if (address.defaultShipping()) {
            addresses.findByCustomerIdOrderByLabelAscIdAsc(customerId).stream().findFirst()
                    .ifPresent(next -> next.defaultShipping(true));
        }
    }

    private Customer own(UUID customerId) {
        return customers.findById(customerId).filter(Customer::active).orElseThrow(CustomerProblems::notFound);
    }
}
