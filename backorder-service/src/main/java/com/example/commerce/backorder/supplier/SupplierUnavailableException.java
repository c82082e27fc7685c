package com.example.commerce.backorder.supplier;

/** The supplier did not answer (down, too slow, or the circuit breaker open): ask again later, with the same number. */
public class SupplierUnavailableException extends RuntimeException {

    public SupplierUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
