package com.example.commerce.partners.payment;

import org.springframework.http.HttpStatus;

/** A refusal of the simulated provider, answered as {@code {code, message}} with its status. */
class ProviderFailure extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    ProviderFailure(HttpStatus status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }
}
