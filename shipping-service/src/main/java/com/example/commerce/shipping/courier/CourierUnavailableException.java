package com.example.commerce.shipping.courier;

/** The courier gave no answer (timeout, 5xx, connection refused, breaker open, bulkhead full): ask again later. */
public class CourierUnavailableException extends RuntimeException {

    public CourierUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
