package com.example.commerce.starter.admission;

import com.example.commerce.starter.ProblemTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Admission control for the service's API ({@code /api/**}): at most {@code max-concurrent} requests are worked on
 * at once; one that finds no place within {@code max-wait} is refused at once with a 503 problem
 * ({@code urn:commerce:problem:overloaded}) and {@code Retry-After}, before anything reads its body, checks its
 * token or asks the database. Under a surge the instance thus keeps working at full speed on what it admitted
 * (a bounded number of requests share the connection pool) instead of letting every request wait for a
 * connection until all of them time out, and a refused client learns within moments when to come back.
 * Actuator endpoints and the {@code exempt} requests (long polls, event streams: they wait, holding nothing) are
 * never refused. Counted in {@code commerce.admission.requests{result=admitted|refused}}; the requests being
 * worked on in {@code commerce.admission.in.flight}.
 */
public class AdmissionFilter extends OncePerRequestFilter {

    /** The problem type of a request refused because the instance is at its limit. */
    public static final java.net.URI OVERLOADED = ProblemTypes.of("overloaded");

    private final AdmissionProperties properties;
    private final Semaphore places;
    private final List<Rule> exempt;
    private final Counter admitted;
    private final Counter refused;

    private record Rule(String method, PathPattern path) {
        boolean matches(HttpServletRequest request, PathContainer path) {
            return method.equals(request.getMethod()) && this.path.matches(path);
        }
    }

    public AdmissionFilter(AdmissionProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.places = new Semaphore(properties.maxConcurrent(), true);
        this.exempt = properties.exempt().stream().map(rule -> {
            String[] parts = rule.split(" ", 2);
            return new Rule(parts[0], PathPatternParser.defaultInstance.parse(parts[1]));
        }).toList();
        this.admitted = Counter.builder("commerce.admission.requests").tag("result", "admitted")
                .description("API requests admitted, or refused because the instance was at its limit").register(meters);
        this.refused = Counter.builder("commerce.admission.requests").tag("result", "refused")
                .description("API requests admitted, or refused because the instance was at its limit").register(meters);
        Gauge.builder("commerce.admission.in.flight", places, p -> properties.maxConcurrent() - p.availablePermits())
                .description("API requests being worked on").register(meters);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!properties.enabled() || !path.startsWith("/api/")) {
            return true;
        }
        if (exempt.isEmpty()) {
            return false;
        }
        PathContainer container = PathContainer.parsePath(path);
        return exempt.stream().anyMatch(rule -> rule.matches(request, container));
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return true; // the place was given back when the first dispatch returned
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean admittedNow;
        try {
            admittedNow = places.tryAcquire(properties.maxWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admittedNow = false;
        }
        if (!admittedNow) {
            refused.increment();
            refuse(request, response);
            return;
        }
        admitted.increment();
        try {
            chain.doFilter(request, response);
        } finally {
            places.release();
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String instance = request.getRequestURI().replace("\\", "\\\\").replace("\"", "\\\"");
        String body = """
                {"type":"%s","title":"Service overloaded","status":503,"detail":"This instance is working on as many \
                requests as it can (%d at once). Try again after the Retry-After delay.","instance":"%s"}"""
                .formatted(OVERLOADED, properties.maxConcurrent(), instance);
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(properties.retryAfterSeconds()));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(body);
    }
}
