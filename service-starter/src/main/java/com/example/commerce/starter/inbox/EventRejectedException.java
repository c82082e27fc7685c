package com.example.commerce.starter.inbox;

/**
 * A record that can never be processed, however often it is retried: no CloudEvents headers, an unknown
 * type, a payload that does not parse or breaks the contract. It goes straight to the dead-letter topic
 * with this message as the reason.
 */
public class EventRejectedException extends RuntimeException {

    public EventRejectedException(String message) {
        super(message);
    }

    public EventRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
