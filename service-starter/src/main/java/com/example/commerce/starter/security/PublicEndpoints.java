package com.example.commerce.starter.security;

import java.util.List;
import org.springframework.http.HttpMethod;

/**
 * Requests a service answers without a token, on top of the ones every service leaves open (health,
 * info, metrics, the OpenAPI document and its UI, the error page). A service declares them as beans:
 *
 * <pre>{@code
 * @Bean
 * PublicEndpoints catalogueBrowsing() {
 *     return PublicEndpoints.of(HttpMethod.GET, "/api/v1/products/**", "/api/v1/categories/**");
 * }
 * }</pre>
 *
 * @param method   the HTTP method, or null for every method
 * @param patterns path patterns ({@code /api/v1/products/**})
 */
public record PublicEndpoints(HttpMethod method, List<String> patterns) {

    public PublicEndpoints {
        if (patterns == null || patterns.isEmpty()) {
            throw new IllegalArgumentException("name at least one path pattern");
        }
        patterns = List.copyOf(patterns);
    }

    public static PublicEndpoints of(HttpMethod method, String... patterns) {
        return new PublicEndpoints(method, List.of(patterns));
    }

    /** Every method of these paths. */
    public static PublicEndpoints anyMethod(String... patterns) {
        return new PublicEndpoints(null, List.of(patterns));
    }

    /** What every service leaves open. */
    static PublicEndpoints byNature() {
        return anyMethod("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus",
                "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**", "/error");
    }
}
