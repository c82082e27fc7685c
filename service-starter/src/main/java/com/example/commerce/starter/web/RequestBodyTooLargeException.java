package com.example.commerce.starter.web;

import java.io.IOException;

/**
 * A request body grew past its bound while it was read (a chunked body, or one longer than its Content-Length
 * said). An {@link IOException}, so whatever reads the body (a message converter, Jackson) stops at once; the
 * starter answers 413 {@code urn:commerce:problem:payload-too-large}.
 */
public class RequestBodyTooLargeException extends IOException {

    private final long maxBytes;

    public RequestBodyTooLargeException(long maxBytes) {
        super("The request body is larger than " + maxBytes + " bytes.");
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The bound exceeded, if {@code failure} or one of its causes is this exception. */
    public static RequestBodyTooLargeException in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyTooLargeException tooLarge) {
                return tooLarge;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}
