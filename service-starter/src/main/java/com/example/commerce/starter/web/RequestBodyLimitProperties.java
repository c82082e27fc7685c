package com.example.commerce.starter.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How large a request body may be ({@code commerce.web.body-limit.*}), enforced by {@link RequestBodyLimitFilter}.
 *
 * @param maxSize every request's bound unless a route says otherwise (1MB)
 * @param routes  other bounds for some paths, e.g. the public webhooks' smaller one; where several match, the
 *                smallest applies
 */
@ConfigurationProperties("commerce.web.body-limit")
public record RequestBodyLimitProperties(@DefaultValue("1MB") DataSize maxSize, @DefaultValue List<Route> routes) {

    /**
     * @param path    a path pattern ({@code /api/v1/payments/webhooks/provider}, {@code /api/v1/imports/**})
     * @param maxSize the bound of a body sent to it
     */
    public record Route(String path, DataSize maxSize) {

        public Route {
            if (path == null || path.isBlank() || maxSize == null || maxSize.isNegative()) {
                throw new IllegalArgumentException("a body-limit route needs a path and a max-size: " + path);
            }
        }
    }

    public RequestBodyLimitProperties {
        if (maxSize == null || maxSize.isNegative()) {
            throw new IllegalArgumentException("commerce.web.body-limit.max-size must be zero or more");
        }
        routes = routes == null ? List.of() : List.copyOf(routes);
    }
}
