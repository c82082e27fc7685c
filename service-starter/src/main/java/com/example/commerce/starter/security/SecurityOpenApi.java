package com.example.commerce.starter.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * What the OpenAPI document says about security: the {@code bearer-jwt} scheme (a JWT from the fleet's
 * issuer), required by every operation unless it is public ({@code security: []}), with the scopes an
 * operation needs as the requirement's list (read from its {@code @PreAuthorize}, and
 * {@code ops:dead-letters} for the operations API).
 */
final class SecurityOpenApi {

    static final String SCHEME = "bearer-jwt";

    private static final Pattern SCOPE = Pattern.compile("SCOPE_([A-Za-z0-9:._-]+)");

    private SecurityOpenApi() {
    }

    /** The scopes an operation's {@code @PreAuthorize} (on the method or its class) asks for. */
    static OperationCustomizer scopesFromAnnotations() {
        return (operation, handlerMethod) -> {
            Set<String> scopes = scopesOf(handlerMethod);
            if (!scopes.isEmpty()) {
                operation.setSecurity(new ArrayList<>(List.of(new SecurityRequirement().addList(SCHEME, List.copyOf(scopes)))));
            }
            return operation;
        };
    }

    static OpenApiCustomizer schemeAndPublicOperations(SecurityProperties properties, List<PublicEndpoints> open) {
        PathPatternParser parser = PathPatternParser.defaultInstance;
        record Open(HttpMethod method, PathPattern pattern) {
        }
        List<Open> publicPatterns = open.stream()
                .flatMap(endpoints -> endpoints.patterns().stream().map(pattern -> new Open(endpoints.method(), parser.parse(pattern))))
                .toList();
        PathPattern operations = parser.parse("/api/v1/ops/dead-letters/**");
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSecuritySchemes(SCHEME, new SecurityScheme()
                    .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                    .description("An access token (JWT) from " + properties.issuer() + " with audience "
                            + properties.audience() + "; a requirement's list names the scopes the operation needs."));
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                PathContainer container = PathContainer.parsePath(path);
                boolean isPublic = publicPatterns.stream().anyMatch(entry ->
                        (entry.method() == null || entry.method().name().equals(method.name()))
                                && entry.pattern().matches(container));
                if (isPublic) {
                    operation.setSecurity(new ArrayList<>());
                } else if (operation.getSecurity() == null || operation.getSecurity().isEmpty()) {
                    List<String> scopes = operations.matches(container)
                            ? List.of(ResourceServerAutoConfiguration.DEAD_LETTERS_SCOPE) : List.of();
                    operation.setSecurity(new ArrayList<>(List.of(new SecurityRequirement().addList(SCHEME, scopes))));
                }
            }));
        };
    }

    private static Set<String> scopesOf(HandlerMethod handlerMethod) {
        Set<String> scopes = new LinkedHashSet<>();
        for (PreAuthorize preAuthorize : Stream.of(
                AnnotatedElementUtils.findMergedAnnotation(handlerMethod.getMethod(), PreAuthorize.class),
                AnnotatedElementUtils.findMergedAnnotation(handlerMethod.getBeanType(), PreAuthorize.class))
                .filter(Objects::nonNull).toList()) {
            Matcher matcher = SCOPE.matcher(preAuthorize.value());
            while (matcher.find()) {
                scopes.add(matcher.group(1));
            }
        }
        return scopes;
    }
}
