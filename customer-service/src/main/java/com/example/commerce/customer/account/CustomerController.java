package com.example.commerce.customer.account;

import com.example.commerce.starter.web.CurrencyCode;
import com.example.commerce.starter.web.CountryCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Registration (public) and the signed-in customer's own account: profile and preferences, addresses,
 * erasure. The customer is always the token's {@code sub}; there is no path with another customer's id.
 */
@RestController
@RequestMapping("/api/v1/customers")
@Tag(name = "Customers", description = "Sign up, and the signed-in customer's account")
class CustomerController {

    private final CustomerRegistration registration;
    private final CustomerAccounts accounts;

    CustomerController(CustomerRegistration registration, CustomerAccounts accounts) {
        this.registration = registration;
        this.accounts = accounts;
    }

    record RegisterRequest(@NotBlank @Email @Size(max = 320) String email,
                           @NotNull @Size(max = 128) String password,
                           @NotBlank @Size(max = 200) String displayName) {
    }

    record PreferencesBody(@NotNull Boolean marketingConsent,
                           @NotNull @Pattern(regexp = "[a-z]{2}(-[A-Z]{2})?") String language,
                           @NotNull @CurrencyCode String currency) {

        static PreferencesBody of(Customer.Preferences preferences) {
            return new PreferencesBody(preferences.marketingConsent(), preferences.language(), preferences.currency());
        }

        Customer.Preferences toPreferences() {
            return new Customer.Preferences(marketingConsent, language, currency);
        }
    }

    record CustomerView(UUID id, String email, String displayName, PreferencesBody preferences, Instant createdAt,
                        Instant updatedAt) {

        static CustomerView of(Customer customer) {
            return new CustomerView(customer.id(), customer.email(), customer.displayName(),
                    PreferencesBody.of(customer.preferences()), customer.createdAt(), customer.updatedAt());
        }
    }

    record UpdateProfileRequest(@NotBlank @Size(max = 200) String displayName, @NotNull @Valid PreferencesBody preferences) {
    }

    record AddressBody(@NotBlank @Size(max = 60) String label, @NotBlank @Size(max = 200) String line1,
                       @Size(max = 200) String line2, @NotBlank @Size(max = 100) String city,
                       @NotBlank @Size(max = 20) String postalCode, @NotNull @CountryCode String country,
                       Boolean defaultShipping) {

        boolean makeDefault() {
            return Boolean.TRUE.equals(defaultShipping);
        }

        Address.Lines lines() {
            return new Address.Lines(label.trim(), line1.trim(), line2 == null || line2.isBlank() ? null : line2.trim(),
                    city.trim(), postalCode.trim(), country);
        }
    }

    record AddressView(UUID id, String label, String line1, String line2, String city, String postalCode,
                       String country, boolean defaultShipping) {

        static AddressView of(Address address) {
            Address.Lines lines = address.lines();
            return new AddressView(address.id(), lines.label(), lines.line1(), lines.line2(), lines.city(),
                    lines.postalCode(), lines.country(), address.defaultShipping());
        }
    }

    @PostMapping
    @Operation(summary = "Sign up (public)", description = "Email unique whatever its case (409 email-taken);"
            + " password 12..128 characters mixing letters with digits or symbols, not containing the email.")
    ResponseEntity<CustomerView> register(@Valid @RequestBody RegisterRequest request) {
        Customer customer = registration.register(new CustomerRegistration.Registration(request.email(),
                request.password(), request.displayName()));
        return ResponseEntity.created(URI.create("/api/v1/customers/me")).body(CustomerView.of(customer));
    }

    @GetMapping("/me")
    @Operation(summary = "The signed-in customer's account (a customer's token: sub = the customer id)")
    CustomerView me(@AuthenticationPrincipal Jwt token) {
        return CustomerView.of(registration.own(customerId(token)));
    }

    @PutMapping("/me")
    @Operation(summary = "Change the display name and preferences (marketing consent, language, currency)")
    CustomerView update(@AuthenticationPrincipal Jwt token, @Valid @RequestBody UpdateProfileRequest request) {
        return CustomerView.of(accounts.update(customerId(token), request.displayName(),
                request.preferences().toPreferences()));
    }

    @DeleteMapping("/me")
    @Operation(summary = "Erase the account (right to erasure)", description = "Personal data is replaced, addresses"
            + " deleted, refresh tokens revoked; CustomerErased is published. 204.")
    ResponseEntity<Void> erase(@AuthenticationPrincipal Jwt token) {
        accounts.erase(customerId(token));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/me/addresses")
    @Operation(summary = "The customer's addresses")
    List<AddressView> addresses(@AuthenticationPrincipal Jwt token) {
        return accounts.addresses(customerId(token)).stream().map(AddressView::of).toList();
    }

    @PostMapping("/me/addresses")
    @Operation(summary = "Add an address", description = "The first one, or one with defaultShipping, becomes the"
            + " default shipping address. At most 20 (422 too-many-addresses).")
    ResponseEntity<AddressView> add(@AuthenticationPrincipal Jwt token, @Valid @RequestBody AddressBody body) {
        Address address = accounts.add(customerId(token), body.lines(), body.makeDefault());
        return ResponseEntity.created(URI.create("/api/v1/customers/me/addresses/" + address.id()))
                .body(AddressView.of(address));
    }

    @GetMapping("/me/addresses/{id}")
    @Operation(summary = "One address (someone else's: 404, as an unknown one)")
    AddressView address(@AuthenticationPrincipal Jwt token, @PathVariable("id") UUID id) {
        return AddressView.of(accounts.address(customerId(token), id));
    }

    @PutMapping("/me/addresses/{id}")
    @Operation(summary = "Change an address; defaultShipping true makes it the default")
    AddressView change(@AuthenticationPrincipal Jwt token, @PathVariable("id") UUID id, @Valid @RequestBody AddressBody body) {
        return AddressView.of(accounts.change(customerId(token), id, body.lines(), body.makeDefault()));
    }

    @DeleteMapping("/me/addresses/{id}")
    @Operation(summary = "Remove an address; if it was the default, the next one becomes the default")
    ResponseEntity<Void> remove(@AuthenticationPrincipal Jwt token, @PathVariable("id") UUID id) {
        accounts.remove(customerId(token), id);
        return ResponseEntity.noContent().build();
    }

    /** A token whose subject is not a customer id (a client's) has no account: the same 404. */
    private static UUID customerId(Jwt token) {
        try {
            return UUID.fromString(token.getSubject());
        } catch (IllegalArgumentException notACustomer) {
            throw CustomerProblems.notFound();
        }
    }
}
