package com.example.commerce.customer.identity;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * A client-credentials request that names no {@code scope} gets every scope the client is registered
 * with (RFC 6749 §3.3 lets the server pick a default). Spring Authorization Server's own converter would
 * grant none, and the operator would have to list them on every call.
 */
final class DefaultClientScopes {

    private DefaultClientScopes() {
    }

    static AuthenticationConverter converter() {
        return request -> {
            if (!AuthorizationGrantType.CLIENT_CREDENTIALS.getValue().equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))
                    || request.getParameter(OAuth2ParameterNames.SCOPE) != null) {
                return null;
            }
            Authentication principal = SecurityContextHolder.getContext().getAuthentication();
            if (!(principal instanceof OAuth2ClientAuthenticationToken client) || client.getRegisteredClient() == null) {
                return null;
            }
            Map<String, Object> additional = new LinkedHashMap<>();
            request.getParameterMap().forEach((name, values) -> {
                if (!name.equals(OAuth2ParameterNames.GRANT_TYPE) && !name.equals(OAuth2ParameterNames.CLIENT_ID)
                        && !name.equals(OAuth2ParameterNames.CLIENT_SECRET)) {
                    additional.put(name, values.length == 1 ? values[0] : values);
                }
            });
            return new OAuth2ClientCredentialsAuthenticationToken(client, client.getRegisteredClient().getScopes(), additional);
        };
    }
}
