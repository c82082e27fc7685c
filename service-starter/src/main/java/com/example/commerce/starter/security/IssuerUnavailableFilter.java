package com.example.commerce.starter.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token that cannot be checked because the issuer's key set is out of reach is not the caller's fault:
 * 503 with {@code Retry-After}, not a 401 that would tell a client to throw its token away. The bearer
 * filter rethrows such failures ({@link AuthenticationServiceException}); this filter sits before it.
 */
final class IssuerUnavailableFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(IssuerUnavailableFilter.class);

    private final SecurityProblems problems;

    IssuerUnavailableFilter(SecurityProblems problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (AuthenticationServiceException e) {
            log.warn("Could not check a bearer token on {}: {}", request.getRequestURI(), e.getMessage());
            problems.issuerUnavailable(request, response);
        }
    }
}
