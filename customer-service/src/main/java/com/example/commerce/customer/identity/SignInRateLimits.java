package com.example.commerce.customer.identity;

import com.example.commerce.starter.ProblemTypes;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sign-ins ({@code POST /login}) and sign-ups ({@code POST /api/v1/customers}) are limited per client
 * address (the connection's remote address: behind a proxy, configure Tomcat's RemoteIpValve so it is
 * the client's). Over the limit: 429 {@code urn:commerce:problem:too-many-requests} with
 * {@code Retry-After}, before any password is checked or account written. Token buckets (Bucket4j), in
 * memory per instance, for at most {@value #MAX_ADDRESSES} addresses (the least recently seen go first).
 */
final class SignInRateLimits extends OncePerRequestFilter {

    static final int MAX_ADDRESSES = 10_000;

    private final Limit signIn;
    private final Limit signUp;

    SignInRateLimits(IdentityProperties.RateLimits limits) {
        this.signIn = new Limit(limits.signIn(), limits.period());
        this.signUp = new Limit(limits.signUp(), limits.period());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Limit limit = !"POST".equals(request.getMethod()) ? null
                : "/login".equals(request.getRequestURI()) ? signIn
                : "/api/v1/customers".equals(request.getRequestURI()) ? signUp
                : null;
        if (limit == null) {
            chain.doFilter(request, response);
            return;
        }
        ConsumptionProbe probe = limit.bucketOf(request.getRemoteAddr()).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        long retryAfter = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("""
                {"type":"%s","title":"Too many requests","status":429,"detail":"Too many attempts from this address; \
                try again in %d s.","instance":"%s"}""".formatted(ProblemTypes.of("too-many-requests"), retryAfter,
                request.getRequestURI()));
    }

    /** One limit: a bucket per address. */
    private static final class Limit {

        private final int requests;
        private final Duration period;
        private final Map<String, Bucket> buckets = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > MAX_ADDRESSES;
            }
        };

        Limit(int requests, Duration period) {
            this.requests = requests;
            this.period = period;
        }

        synchronized Bucket bucketOf(String address) {
            return buckets.computeIfAbsent(address, any -> Bucket.builder()
                    .addLimit(limit -> limit.capacity(requests).refillGreedy(requests, period))
                    .build());
        }
    }
}
