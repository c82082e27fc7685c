package com.example.commerce.customer.identity;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.PublicClientAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Refresh tokens for the storefront, a public client (it has no secret to keep). Spring Authorization
 * Server issues none to a client authenticated with method {@code none}; the storefront's sessions
 * would end with the first access token. So a public client that proved itself with PKCE at the code
 * exchange is marked as authenticated by {@link #PUBLIC_WITH_REFRESH}, and may then send the refresh
 * grant with just its {@code client_id}. The refresh token is the credential, and it is rotated on every
 * use ({@code reuseRefreshTokens(false)}): an old one is refused once its successor was issued.
 */
final class StorefrontRefreshTokens {

    /** How a public client that may refresh is authenticated: PKCE at the code, then its refresh token. */
    static final ClientAuthenticationMethod PUBLIC_WITH_REFRESH = new ClientAuthenticationMethod("public_with_refresh");

    private StorefrontRefreshTokens() {
    }

    /** A refresh-grant request of a public client: {@code client_id} and no client secret. */
    static AuthenticationConverter refreshRequestConverter() {
        return request -> {
            if (!AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))
                    || request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
                    || request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
                return null;
            }
            String clientId = single(request, OAuth2ParameterNames.CLIENT_ID);
            return clientId == null ? null
                    : new OAuth2ClientAuthenticationToken(clientId, PUBLIC_WITH_REFRESH, null, Map.of());
        };
    }

    /** Authenticates the refresh request of a registered public client that has the refresh grant. */
    static AuthenticationProvider refreshRequestAuthentication(RegisteredClientRepository clients) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                OAuth2ClientAuthenticationToken request = (OAuth2ClientAuthenticationToken) authentication;
                if (!PUBLIC_WITH_REFRESH.equals(request.getClientAuthenticationMethod())) {
                    return null;
                }
                RegisteredClient client = clients.findByClientId((String) request.getPrincipal());
                if (client == null || !mayRefresh(client)) {
                    throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
                }
                return new OAuth2ClientAuthenticationToken(client, PUBLIC_WITH_REFRESH, null);
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
            }
        };
    }

    /**
     * The stock public-client authentication (PKCE), with a client that may refresh marked as such, so
     * the code exchange issues it a refresh token.
     */
    static void markPkceClientsThatMayRefresh(List<AuthenticationProvider> providers) {
        providers.replaceAll(provider -> provider instanceof PublicClientAuthenticationProvider pkce
                ? new AuthenticationProvider() {
                    @Override
                    public Authentication authenticate(Authentication authentication) {
                        Authentication result = pkce.authenticate(authentication);
                        if (result instanceof OAuth2ClientAuthenticationToken client && client.isAuthenticated()
                                && client.getRegisteredClient() != null && mayRefresh(client.getRegisteredClient())) {
                            return new OAuth2ClientAuthenticationToken(client.getRegisteredClient(), PUBLIC_WITH_REFRESH, null);
                        }
                        return result;
                    }

                    @Override
                    public boolean supports(Class<?> authentication) {
                        return pkce.supports(authentication);
                    }
                }
                : provider);
    }

    private static boolean mayRefresh(RegisteredClient client) {
        return client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)
                && client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN);
    }

    private static String single(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        return values == null || values.length != 1 || values[0].isBlank() ? null : values[0];
    }
}
