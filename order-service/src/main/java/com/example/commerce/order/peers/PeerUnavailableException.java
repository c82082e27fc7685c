package com.example.commerce.order.peers;

/** A peer service did not answer in time, or answered with an error: the request may be retried later. */
public class PeerUnavailableException extends RuntimeException {

    private final String peer;

    public PeerUnavailableException(String peer, String message, Throwable cause) {
        super(message, cause);
        this.peer = peer;
    }

    public String peer() {
        return peer;
    }
}
