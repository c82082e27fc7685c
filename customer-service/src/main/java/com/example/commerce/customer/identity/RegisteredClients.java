package com.example.commerce.customer.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers the clients in {@code oauth2_registered_client} before the service takes requests: the
 * first-party {@code storefront} (public, authorization code + PKCE, no consent page, refresh tokens
 * rotated on every use), and each confidential client of {@code commerce.identity.clients} (client
 * credentials, its scopes and roles, secret stored hashed). Registering again updates the row, so a
 * changed configuration takes effect on restart. The configuration is the whole list: a client it no longer
 * names is deleted, with its authorizations (codes, refresh tokens) and consents, so that its secret and scopes
 * get no token any more. (Access tokens it already holds stay valid at the resource servers until they expire.)
 */
class RegisteredClients implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(RegisteredClients.class);

    /** The public client customers sign in with. */
    public static final String STOREFRONT = "storefront";
    /** The client setting that holds a client's roles, comma separated. */
    static final String ROLES_SETTING = "commerce.roles";

    private final RegisteredClientRepository clients;
    private final PasswordEncoder passwords;
    private final IdentityProperties properties;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final boolean local;

    RegisteredClients(RegisteredClientRepository clients, PasswordEncoder passwords, IdentityProperties properties,
                      TransactionTemplate transactions, JdbcTemplate jdbc, boolean local) {
        this.clients = clients;
        this.jdbc = jdbc;
        this.local = local;
        this.passwords = passwords;
        this.properties = properties;
        this.transactions = transactions;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> named = Stream.concat(Stream.of(STOREFRONT),
                properties.clients().stream().map(IdentityProperties.Client::clientId)).toList();
        List<String> removed = transactions.execute(status -> {
            clients.save(storefront());
            properties.clients().forEach(client -> clients.save(confidential(client)));
            return removeAllBut(named);
        });
        log.info("Registered clients: {}", named);
        if (!removed.isEmpty()) {
            log.warn("Removed clients the configuration no longer names (their secrets, scopes, authorizations and "
                    + "consents): {}", removed);
        }
    }

    /** Deletes every registered client not in {@code named}, with its authorizations and consents; returns their ids. */
    private List<String> removeAllBut(List<String> named) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT id, client_id FROM oauth2_registered_client");
        List<String> removed = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            String clientId = (String) row.get("client_id");
            if (named.contains(clientId)) {
                continue;
            }
            String id = (String) row.get("id");
            jdbc.update("DELETE FROM oauth2_authorization WHERE registered_client_id = ?", id);
            jdbc.update("DELETE FROM oauth2_authorization_consent WHERE registered_client_id = ?", id);
            jdbc.update("DELETE FROM oauth2_registered_client WHERE id = ?", id);
            removed.add(clientId);
        }
        return removed;
    }

    private RegisteredClient storefront() {
        return RegisteredClient.withId(STOREFRONT)
                .clientId(STOREFRONT)
                .clientName("Storefront")
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUris(uris -> uris.addAll(properties.storefront().redirectUrisIn(local)))
                .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE).scope(OidcScopes.EMAIL)
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenTimeToLive(properties.accessTokenTtl())
                        .authorizationCodeTimeToLive(properties.authorizationCodeTtl())
                        .refreshTokenTimeToLive(properties.refreshTokenTtl())
                        .reuseRefreshTokens(false)
                        .build())
                .build();
    }

    private RegisteredClient confidential(IdentityProperties.Client client) {
        if (client.clientId() == null || client.clientId().isBlank() || client.secret() == null || client.secret().isBlank()) {
            throw new IllegalArgumentException("every commerce.identity.clients entry needs a client-id and a secret");
        }
        if (client.clientId().equals(STOREFRONT)) {
            throw new IllegalArgumentException("storefront is the public client; choose another client-id");
        }
        Set<String> unknown = new HashSet<>(client.scopes());
        unknown.removeAll(Scopes.ALL);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("client " + client.clientId() + " asks for unknown scopes " + unknown
                    + "; known: " + Scopes.ALL);
        }
        return RegisteredClient.withId(client.clientId())
                .clientId(client.clientId())
                .clientName(client.clientId())
                .clientSecret(passwords.encode(client.secret()))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scopes(scopes -> scopes.addAll(client.scopes()))
                .clientSettings(ClientSettings.builder().setting(ROLES_SETTING, String.join(",", client.roles())).build())
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(properties.accessTokenTtl()).build())
                .build();
    }

    static List<String> roles(RegisteredClient client) {
        Object roles = client.getClientSettings().getSetting(ROLES_SETTING);
        return roles == null || roles.toString().isBlank() ? List.of() : Arrays.asList(roles.toString().split(","));
    }
}
