package com.example.commerce.starter.security;

import java.util.Objects;
import java.util.Set;

/**
 * Who asks: the subject of the caller's token (a customer id or a client id) and the scopes it was granted.
 * The web layer extracts it; the application services decide with it.
 *
 * @param subject the token's {@code sub}, or {@code anonymous} for a caller without a token
 * @param scopes  the token's scopes without the {@code SCOPE_} prefix, such as {@code inventory:write}
 */
public record Caller(String subject, Set<String> scopes) {

    public static final String ANONYMOUS = "anonymous";

    public Caller {
        Objects.requireNonNull(subject, "subject");
        scopes = Set.copyOf(scopes);
    }

    public static Caller anonymous() {
        return new Caller(ANONYMOUS, Set.of());
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    public boolean hasAnyScope(String... wanted) {
        for (String scope : wanted) {
            if (hasScope(scope)) {
                return true;
            }
        }
        return false;
    }
}
