package com.example.commerce.customer.account;

import com.example.commerce.starter.ProblemDetailsAdvice.InvalidParam;
import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The problems the customer API answers with, each with a stable type. */
final class CustomerProblems {

    static final URI EMAIL_TAKEN = ProblemTypes.of("email-taken");
    static final URI CUSTOMER_NOT_FOUND = ProblemTypes.of("customer-not-found");
    static final URI ADDRESS_NOT_FOUND = ProblemTypes.of("address-not-found");
    static final URI TOO_MANY_ADDRESSES = ProblemTypes.of("too-many-addresses");

    private CustomerProblems() {
    }

    static ErrorResponseException emailTaken() {
        return Problems.problem(HttpStatus.CONFLICT, EMAIL_TAKEN, "Email taken",
                "An account with this email exists already. Sign in, or use another address.", Map.of());
    }

    static ErrorResponseException weakPassword(List<String> violations) {
        return Problems.problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION_FAILED, "Validation failed",
                "The request is not valid: " + violations.size() + " field(s) need attention.",
                Map.of("invalidParams", violations.stream().map(v -> new InvalidParam("password", v)).toList()));
    }

    /** An unknown address and someone else's answer the same. */
    static ErrorResponseException addressNotFound() {
        return Problems.problem(HttpStatus.NOT_FOUND, ADDRESS_NOT_FOUND, "Address not found",
                "There is no such address.", Map.of());
    }

    static ErrorResponseException tooManyAddresses(int max) {
        return Problems.problem(HttpStatus.UNPROCESSABLE_CONTENT, TOO_MANY_ADDRESSES, "Too many addresses",
                "A customer keeps at most " + max + " addresses; remove one first.", Map.of("max", max));
    }

    /** The same answer for an unknown id and for someone else's: existence is not revealed. */
    static ErrorResponseException notFound() {
        return Problems.problem(HttpStatus.NOT_FOUND, CUSTOMER_NOT_FOUND, "Customer not found",
                "There is no such customer.", Map.of());
    }
}
