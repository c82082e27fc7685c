package com.example.commerce.payment.provider;

/** The provider could not be reached or answered with a failure: nothing is known to have happened. */
public class ProviderUnavailableException extends RuntimeException {

    public ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
