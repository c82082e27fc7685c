package com.example.commerce.customer.account;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Registration (public) and the signed-in customer's own account. */
@RestController
@RequestMapping("/api/v1/customers")
@Tag(name = "Customers", description = "Sign up, and the signed-in customer's account")
class CustomerController {

    private final CustomerRegistration registration;

    CustomerController(CustomerRegistration registration) {
        this.registration = registration;
    }

    record RegisterRequest(@NotBlank @Email @Size(max = 320) String email,
                           @NotNull @Size(max = 128) String password,
                           @NotBlank @Size(max = 200) String displayName) {
    }

    record CustomerView(UUID id, String email, String displayName, Instant createdAt) {

        static CustomerView of(Customer customer) {
            return new CustomerView(customer.id(), customer.email(), customer.displayName(), customer.createdAt());
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

    /** A token whose subject is not a customer id (a client's) has no account: the same 404. */
    private static UUID customerId(Jwt token) {
        try {
            return UUID.fromString(token.getSubject());
        } catch (IllegalArgumentException notACustomer) {
            throw CustomerProblems.notFound();
        }
    }
}
