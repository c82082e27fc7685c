package com.example.commerce.starter.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.starter.CommerceServiceAutoConfiguration;
import com.example.commerce.starter.secrets.SecretGuard.Reason;
import com.example.commerce.starter.secrets.SecretGuard.Violation;
import com.example.commerce.stack.LocalSecrets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.env.MockPropertySource;

/**
 * No secret that this repository publishes, and no missing one, reaches a deployment: each secret property, missing
 * and holding each of its development values, is refused outside the local environment with its name in the
 * message; the local environment (the launcher's and the tests') takes the development values but not a missing one.
 */
class SecretGuardTests {

    private static final String STRONG = "q7Vt1pWm9xK2rN8bL4cJ6hF0sD3gA5yE";
    private static final String STRONG_KEY = "Zm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC1rZXktMzI=";

    /** A payment-like service in a deployment, every secret set to a strong value. */
    private static MockEnvironment deployment() {
        return new MockEnvironment()
                .withProperty("spring.application.name", "payment-service")
                .withProperty("commerce.service.schema", "payment")
                .withProperty("spring.datasource.username", "payment")
                .withProperty(SecretGuard.DATASOURCE_PASSWORD, STRONG)
                .withProperty(SecretGuard.REQUIRED_PROPERTY, "commerce.partners.webhook-secret, commerce.payment.encryption.keys")
                .withProperty("commerce.partners.webhook-secret", STRONG)
                .withProperty("commerce.payment.encryption.active-key-id", "prod-1")
                .withProperty("commerce.payment.encryption.keys.prod-1", STRONG_KEY);
    }

    @Test
    void acceptsADeploymentWhoseSecretsAreSetAndUnpublished() {
        assertThat(SecretGuard.check(deployment())).isEmpty();
    }

    @Test
    void refusesAMissingDatasourcePasswordNamingHowToSetIt() {
        MockEnvironment withoutPassword = copyWithout(deployment(), SecretGuard.DATASOURCE_PASSWORD);
        List<Violation> violations = SecretGuard.check(withoutPassword);
        assertThat(violations).containsExactly(new Violation("spring.datasource.password", Reason.MISSING));
        assertThat(violations.getFirst().describe()).contains("spring.datasource.password").contains("COMMERCE_DB_PASSWORD");
    }

    @Test
    void refusesEachDevelopmentValueOfTheDatasourcePassword() {
        for (String published : List.of("payment", "postgres", "password", "commerce", "change-me-payment")) {
            assertThat(SecretGuard.check(deployment().withProperty(SecretGuard.DATASOURCE_PASSWORD, published)))
                    .as(published).containsExactly(new Violation("spring.datasource.password", Reason.DEVELOPMENT_VALUE));
        }
    }

    @Test
    void refusesAMissingOrBlankWebhookSecret() {
        assertThat(SecretGuard.check(copyWithout(deployment(), "commerce.partners.webhook-secret")))
                .containsExactly(new Violation("commerce.partners.webhook-secret", Reason.MISSING));
        assertThat(SecretGuard.check(deployment().withProperty("commerce.partners.webhook-secret", " ")))
                .containsExactly(new Violation("commerce.partners.webhook-secret", Reason.MISSING));
    }

    @Test
    void refusesEachDevelopmentValueOfTheWebhookSecret() {
        for (String published : List.of("local-webhook-secret", "compose-webhook-secret", "test-secret", "change-me-webhook")) {
            assertThat(SecretGuard.check(deployment().withProperty("commerce.partners.webhook-secret", published)))
                    .as(published).containsExactly(new Violation("commerce.partners.webhook-secret", Reason.DEVELOPMENT_VALUE));
        }
    }

    @Test
    void refusesShippingsCallbackSecretWhenItsPlaceholderFindsNothingOrADevelopmentValue() {
        MockEnvironment shipping = new MockEnvironment()
                .withProperty("commerce.service.schema", "shipping")
                .withProperty(SecretGuard.DATASOURCE_PASSWORD, STRONG)
                .withProperty(SecretGuard.REQUIRED_PROPERTY, "commerce.shipping.callbacks.secret")
                .withProperty("commerce.shipping.callbacks.secret", "${commerce.partners.webhook-secret:}");
        assertThat(SecretGuard.check(shipping))
                .containsExactly(new Violation("commerce.shipping.callbacks.secret", Reason.MISSING));
        shipping.withProperty("commerce.partners.webhook-secret", "local-webhook-secret");
        assertThat(SecretGuard.check(shipping))
                .containsExactly(new Violation("commerce.shipping.callbacks.secret", Reason.DEVELOPMENT_VALUE));
        shipping.withProperty("commerce.partners.webhook-secret", STRONG);
        assertThat(SecretGuard.check(shipping)).isEmpty();
    }

    @Test
    void refusesAWalletWithoutKeys() {
        assertThat(SecretGuard.check(copyWithout(deployment(), "commerce.payment.encryption.keys.prod-1")))
                .containsExactly(new Violation("commerce.payment.encryption.keys", Reason.MISSING));
    }

    @Test
    void refusesEachPublishedWalletKeyNamingItsEntry() {
        assertThat(SecretGuard.check(deployment().withProperty("commerce.payment.encryption.keys.dev-1", LocalSecrets.WALLET_KEY)))
                .containsExactly(new Violation("commerce.payment.encryption.keys.dev-1", Reason.DEVELOPMENT_VALUE));
        assertThat(SecretGuard.check(deployment().withProperty("commerce.payment.encryption.keys.retired-0",
                "3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGho=")))
                .containsExactly(new Violation("commerce.payment.encryption.keys.retired-0", Reason.DEVELOPMENT_VALUE));
    }

    @Test
    void everySecretTheLocalStackAndTheTestsUseIsADevelopmentValue() {
        MockEnvironment environment = deployment();
        LocalSecrets.testProperties().forEach(environment::withProperty);
        environment.withProperty(SecretGuard.ENVIRONMENT_PROPERTY, "production");
        environment.withProperty(SecretGuard.DATASOURCE_PASSWORD, "payment");
        assertThat(SecretGuard.check(environment)).extracting(Violation::property).containsExactlyInAnyOrder(
                "spring.datasource.password", "commerce.partners.webhook-secret", "commerce.payment.encryption.keys.dev-1");
        assertThat(SecretGuard.check(environment)).extracting(Violation::reason).containsOnly(Reason.DEVELOPMENT_VALUE);
    }

    @Test
    void theLocalEnvironmentTakesDevelopmentValuesButNotAMissingSecret() {
        MockEnvironment local = deployment()
                .withProperty(SecretGuard.ENVIRONMENT_PROPERTY, "local")
                .withProperty(SecretGuard.DATASOURCE_PASSWORD, "payment")
                .withProperty("commerce.partners.webhook-secret", "local-webhook-secret")
                .withProperty("commerce.payment.encryption.keys.dev-1", LocalSecrets.WALLET_KEY);
        assertThat(SecretGuard.check(local)).isEmpty();
        assertThat(SecretGuard.check(local.withProperty("commerce.partners.webhook-secret", "")))
                .containsExactly(new Violation("commerce.partners.webhook-secret", Reason.MISSING));
    }

    @Test
    void anyOtherEnvironmentIsADeployment() {
        for (String environment : List.of("production", "staging", "docker", "LOCALHOST")) {
            assertThat(SecretGuard.check(deployment().withProperty(SecretGuard.ENVIRONMENT_PROPERTY, environment)
                    .withProperty(SecretGuard.DATASOURCE_PASSWORD, "payment"))).as(environment).hasSize(1);
        }
    }

    @Test
    void aServiceContextRefusesToStartAndTheReportNamesEveryProperty() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CommerceServiceAutoConfiguration.class))
                .withPropertyValues("spring.application.name=payment-service", "commerce.service.schema=payment",
                        "spring.datasource.password=payment",
                        "commerce.secrets.required=commerce.partners.webhook-secret,commerce.payment.encryption.keys",
                        "commerce.partners.webhook-secret=local-webhook-secret")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).isInstanceOf(InsecureSecretsException.class)
                            .hasMessageContaining("payment-service refuses to start outside the local stack")
                            .hasMessageContaining("spring.datasource.password (set COMMERCE_DB_PASSWORD): holds a development value")
                            .hasMessageContaining("commerce.partners.webhook-secret: holds a development value")
                            .hasMessageContaining("commerce.payment.encryption.keys: missing");
                    FailureAnalysis analysis = new InsecureSecretsFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("\n    - commerce.partners.webhook-secret");
                    assertThat(analysis.getAction()).contains("commerce.environment=local");
                });
    }

    @Test
    void aServiceContextWithItsSecretsSetStarts() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CommerceServiceAutoConfiguration.class))
                .withPropertyValues("commerce.service.schema=payment", "spring.datasource.password=" + STRONG)
                .run(context -> assertThat(context).hasNotFailed());
    }

    private static MockEnvironment copyWithout(MockEnvironment source, String property) {
        MockEnvironment copy = new MockEnvironment();
        Map<String, Object> values = ((org.springframework.core.env.MapPropertySource)
                source.getPropertySources().get(MockPropertySource.MOCK_PROPERTIES_PROPERTY_SOURCE_NAME)).getSource();
        values.forEach((name, value) -> {
            if (!name.equals(property)) {
                copy.withProperty(name, value.toString());
            }
        });
        return copy;
    }
}
