package com.example.commerce.customer;

import com.example.commerce.stack.TokenClient;
import com.example.commerce.testing.ServiceBootChecks;
import org.springframework.test.context.ContextConfiguration;

/**
 * The customer-service boots against real PostgreSQL and Kafka and meets the fleet's conventions. It is
 * the issuer, so the checks' tokens come from its own token endpoint (client credentials), not from the
 * test issuer.
 */
@ContextConfiguration(initializers = OwnIssuer.class)
class CustomerServiceBootIntegrationTests extends ServiceBootChecks {

    @Override
    protected String operatorToken() {
        return new TokenClient(baseUrl()).clientCredentials("ops-console", OwnIssuer.SECRET_PREFIX + "ops-console")
                .accessToken();
    }

    @Override
    protected String healthOperatorToken() {
        return new TokenClient(baseUrl()).clientCredentials("ops-console", OwnIssuer.SECRET_PREFIX + "ops-console", "ops:health")
                .accessToken();
    }

    @Override
    protected String tokenWithoutScopes() {
        return new TokenClient(baseUrl()).clientCredentials("bystander", OwnIssuer.SECRET_PREFIX + "bystander")
                .accessToken();
    }
}
