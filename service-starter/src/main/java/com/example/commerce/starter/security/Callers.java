package com.example.commerce.starter.security;

import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling, for the application services: the subject of the request's JWT (checked by the
 * starter's resource server) and its scopes, or {@link Caller#anonymous()} on a public path without one.
 */
public class Callers {

    private static final String SCOPE = "SCOPE_";

    public Caller current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return Caller.anonymous();
        }
        Set<String> scopes = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith(SCOPE)).map(authority -> authority.substring(SCOPE.length()))
                .collect(Collectors.toSet());
        return new Caller(authentication.getName(), scopes);
    }
}
