package com.example.commerce.starter;

import java.net.URI;

/**
 * Stable {@code type} URIs of the problem details the services answer with (RFC 9457). A client may
 * switch on them; they never change meaning.
 */
public final class ProblemTypes {

    private static final String PREFIX = "urn:commerce:problem:";

    public static final URI VALIDATION_FAILED = of("validation-failed");
    public static final URI MALFORMED_REQUEST = of("malformed-request");
    public static final URI NOT_FOUND = of("not-found");
    public static final URI METHOD_NOT_ALLOWED = of("method-not-allowed");
    public static final URI UNSUPPORTED_MEDIA_TYPE = of("unsupported-media-type");
    public static final URI CONFLICT = of("conflict");
    public static final URI INTERNAL_ERROR = of("internal-error");
    /** A request body over its endpoint's bound (413), refused before it was read. */
    public static final URI PAYLOAD_TOO_LARGE = of("payload-too-large");
    /** No token, or one that is not valid (signature, issuer, audience, expiry). */
    public static final URI UNAUTHORIZED = of("unauthorized");
    /** A valid token without the scope the operation needs. */
    public static final URI FORBIDDEN = of("forbidden");
    /** The token issuer's keys could not be fetched, so no token can be checked right now. */
    public static final URI ISSUER_UNAVAILABLE = of("issuer-unavailable");

    private ProblemTypes() {
    }

    /** The type of a problem that only has an HTTP status to go by (Spring MVC's own, the container's). */
    public static URI forStatus(int status) {
        return switch (status) {
            case 400 -> MALFORMED_REQUEST;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 500 -> INTERNAL_ERROR;
            default -> of("http-" + status);
        };
    }

    /** A problem type of this fleet, e.g. {@code urn:commerce:problem:out-of-stock}. */
    public static URI of(String slug) {
        return URI.create(PREFIX + slug);
    }
}
