package com.example.commerce.customer.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.commerce.customer.CustomerServiceApplication;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.mock.env.MockEnvironment;

/**
 * The storefront's loopback redirect URI is the local stack's: the real customer-service, started as an operator
 * would start it (no {@code commerce.environment=local}), refuses to start without redirect URIs of its own or with
 * a loopback one, naming the property, before it touches its database (out of reach here). In the local
 * environment the default applies (the sign-ins of {@code IssuerIntegrationTests} go through it).
 */
class StorefrontRedirectIntegrationTests {

    @Test
    void refusesToStartOutsideTheLocalStackWithoutTheStorefrontsRedirectUris() {
        assertThatThrownBy(() -> start(deployment()))
                .hasStackTraceContaining("customer-service refuses to start outside the local stack")
                .hasStackTraceContaining("commerce.identity.storefront.redirect-uris (set COMMERCE_IDENTITY_STOREFRONT_REDIRECT_URIS): missing")
                .hasStackTraceContaining("StorefrontRedirectGuard");
    }

    @Test
    void refusesToStartOutsideTheLocalStackWithALoopbackRedirectUri() {
        List<String> arguments = deployment();
        arguments.add("--commerce.identity.storefront.redirect-uris=https://shop.example.com/callback,http://localhost:3000/cb");

        assertThatThrownBy(() -> start(arguments))
                .hasStackTraceContaining("commerce.identity.storefront.redirect-uris: [http://localhost:3000/cb] is a loopback address");
    }

    @Test
    void acceptsADeploymentsOwnRedirectUrisAndAnythingInTheLocalEnvironmentButNoOtherLoopbackOrPlaceholder() {
        MockEnvironment deployment = new MockEnvironment()
                .withProperty(StorefrontRedirectGuard.PROPERTY, "https://shop.example.com/callback");
        assertThat(StorefrontRedirectGuard.problemOf(deployment)).isNull();
        assertThat(StorefrontRedirectGuard.problemOf(new MockEnvironment().withProperty("commerce.environment", "local")))
                .isNull();
        assertThat(StorefrontRedirectGuard.problemOf(new MockEnvironment()
                .withProperty(StorefrontRedirectGuard.PROPERTY, "http://127.0.0.2:8080/callback"))).contains("loopback");
        assertThat(StorefrontRedirectGuard.problemOf(new MockEnvironment()
                .withProperty(StorefrontRedirectGuard.PROPERTY, "http://[::1]:8080/callback"))).contains("loopback");
        assertThat(StorefrontRedirectGuard.problemOf(new MockEnvironment()
                .withProperty(StorefrontRedirectGuard.PROPERTY, "change-me-https://shop.example.com/callback")))
                .contains("not an absolute http(s) URI");
    }

    /** A deployment's options: its own database password, its database and broker out of reach. */
    private static List<String> deployment() {
        return new ArrayList<>(List.of(
                "--server.port=0",
                "--commerce.db.url=jdbc:postgresql://127.0.0.1:1/commerce",
                "--commerce.db.password=a-password-of-this-deployment-only",
                "--commerce.kafka.bootstrap-servers=127.0.0.1:1",
                "--spring.kafka.listener.auto-startup=false"));
    }

    private static void start(List<String> arguments) {
        new SpringApplicationBuilder(CustomerServiceApplication.class).run(arguments.toArray(String[]::new)).close();
    }
}
