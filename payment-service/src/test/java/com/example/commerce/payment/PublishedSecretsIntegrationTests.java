package com.example.commerce.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.commerce.stack.LocalSecrets;
import com.example.commerce.starter.secrets.InsecureSecretsException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The real payment-service, started as an operator would start it (its own application.yml, options on the command
 * line, no {@code commerce.environment=local}), refuses to start with the secrets this repository publishes or
 * without them, before it touches its database (which is out of reach here, so reaching it would fail otherwise),
 * and its start-up report names every property to set.
 */
@ExtendWith(OutputCaptureExtension.class)
class PublishedSecretsIntegrationTests {

    @Test
    void refusesToStartWithTheLocalStacksSecretsOutsideIt(CapturedOutput output) {
        List<String> arguments = deployment();
        arguments.add("--commerce.partners.webhook-secret=" + LocalSecrets.WEBHOOK_SECRET);
        LocalSecrets.walletKey().forEach((name, value) -> arguments.add("--" + name + "=" + value));

        assertThatThrownBy(() -> start(arguments))
                .isInstanceOf(InsecureSecretsException.class)
                .hasMessageContaining("payment-service refuses to start outside the local stack")
                .hasMessageContaining("spring.datasource.password (set COMMERCE_DB_PASSWORD): holds a development value")
                .hasMessageContaining("commerce.partners.webhook-secret: holds a development value")
                .hasMessageContaining("commerce.payment.encryption.keys.dev-1: holds a development value");
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("    - commerce.payment.encryption.keys.dev-1")
                .doesNotContain("Connection to 127.0.0.1:1 refused");
    }

    @Test
    void refusesToStartWithoutItsSecrets() {
        List<String> arguments = deployment();
        arguments.add("--commerce.db.password=a-password-of-this-deployment-only");

        assertThatThrownBy(() -> start(arguments))
                .isInstanceOf(InsecureSecretsException.class)
                .hasMessageContaining("commerce.partners.webhook-secret: missing")
                .hasMessageContaining("commerce.payment.encryption.keys: missing")
                .hasMessageNotContaining("spring.datasource.password");
    }

    /** A deployment's options, its database and broker out of reach (the guard must stop it before them). */
    private static List<String> deployment() {
        return new ArrayList<>(List.of(
                "--server.port=0",
                "--commerce.db.url=jdbc:postgresql://127.0.0.1:1/commerce",
                "--commerce.kafka.bootstrap-servers=127.0.0.1:1",
                "--spring.kafka.listener.auto-startup=false"));
    }

    private static void start(List<String> arguments) {
        new SpringApplicationBuilder(PaymentServiceApplication.class).run(arguments.toArray(String[]::new)).close();
    }
}
