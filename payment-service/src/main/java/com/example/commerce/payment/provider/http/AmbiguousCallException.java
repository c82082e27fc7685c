package com.example.commerce.payment.provider.http;

/** A call whose outcome is unknown: it timed out, failed on the wire, or was answered 5xx. */
class AmbiguousCallException extends RuntimeException {

    AmbiguousCallException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
