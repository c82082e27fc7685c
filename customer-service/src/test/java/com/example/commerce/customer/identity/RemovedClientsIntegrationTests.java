package com.example.commerce.customer.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.commerce.customer.CustomerServiceApplication;
import com.example.commerce.customer.OwnIssuer;
import com.example.commerce.stack.FreePorts;
import com.example.commerce.stack.LocalSecrets;
import com.example.commerce.stack.TokenClient;
import com.example.commerce.testing.SharedInfrastructure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The issuer's configuration is the whole list of its clients: one it no longer names is removed at start-up,
 * its secret, scopes and authorizations with it, so its credentials get no token any more. Two real starts on one
 * port and one database: the first with an extra client, the second without it (the test clients of
 * {@link OwnIssuer} stay, as the other test classes on this database need them).
 */
class RemovedClientsIntegrationTests {

    private static final String RETIRED = "retired-importer";

    @Test
    void aClientRemovedFromTheConfigurationGetsNoTokenAfterARestart() {
        int port = FreePorts.any();
        TokenClient client = new TokenClient("http://127.0.0.1:" + port);
        try (ConfigurableApplicationContext first = start(port, true)) {
            assertThat(client.clientCredentials(RETIRED, OwnIssuer.SECRET_PREFIX + RETIRED).scope()).isEqualTo("catalog:write");
            assertThat(rowsOf(first, RETIRED)).isEqualTo(1);
            assertThat(authorizationsOf(first, RETIRED)).isPositive();
        }

        try (ConfigurableApplicationContext second = start(port, false)) {
            assertThatThrownBy(() -> client.clientCredentials(RETIRED, OwnIssuer.SECRET_PREFIX + RETIRED))
                    .isInstanceOf(TokenClient.TokenException.class).hasMessageContaining("401");
            assertThat(rowsOf(second, RETIRED)).isZero();
            assertThat(authorizationsOf(second, RETIRED)).isZero();
            // The clients it still names keep working.
            assertThat(client.clientCredentials("catalog-importer", OwnIssuer.SECRET_PREFIX + "catalog-importer")
                    .accessToken()).isNotBlank();
            assertThat(rowsOf(second, "storefront")).isEqualTo(1);
        }
    }

    private static int rowsOf(ConfigurableApplicationContext context, String clientId) {
        return context.getBean(JdbcTemplate.class).queryForObject(
                "SELECT count(*) FROM oauth2_registered_client WHERE client_id = ?", Integer.class, clientId);
    }

    /** Authorizations (here: the client-credentials access tokens) recorded for the client's registration id. */
    private static int authorizationsOf(ConfigurableApplicationContext context, String clientId) {
        return context.getBean(JdbcTemplate.class).queryForObject(
                "SELECT count(*) FROM oauth2_authorization WHERE registered_client_id = ?", Integer.class, clientId);
    }

    private static ConfigurableApplicationContext start(int port, boolean withRetiredClient) {
        Map<String, Object> properties = new LinkedHashMap<>(OwnIssuer.properties(port));
        if (withRetiredClient) {
            properties.put("commerce.identity.clients[3].client-id", RETIRED);
            properties.put("commerce.identity.clients[3].secret", OwnIssuer.SECRET_PREFIX + RETIRED);
            properties.put("commerce.identity.clients[3].scopes", "catalog:write");
        }
        properties.put("server.address", "127.0.0.1");
        properties.put("commerce.db.url", SharedInfrastructure.get().databaseUrl());
        properties.put("commerce.kafka.bootstrap-servers", SharedInfrastructure.get().bootstrapServers());
        // Started by hand, so without service-test-support's test context: the local environment, as in every test.
        properties.putAll(LocalSecrets.testProperties());
        List<String> args = new ArrayList<>();
        properties.forEach((name, value) -> args.add("--" + name + "=" + value));
        return new SpringApplicationBuilder(CustomerServiceApplication.class).run(args.toArray(String[]::new));
    }
}
