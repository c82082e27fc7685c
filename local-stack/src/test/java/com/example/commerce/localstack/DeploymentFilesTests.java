package com.example.commerce.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.events.Topics;
import com.example.commerce.stack.DatabaseProvisioner;
import com.example.commerce.stack.FleetLayout;
import com.example.commerce.stack.ServiceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** docker-compose.yml and its PostgreSQL init script say what the launcher does, and compose accepts them. */
class DeploymentFilesTests {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void composeInitScriptCreatesTheSameRolesAndSchemasAsTheLauncher() throws IOException {
        String script = Files.readString(ROOT.resolve("ops/postgres/init/01-roles-and-schemas.sql"));
        assertThat(script).isEqualTo(DatabaseProvisioner.initScript(FleetLayout.DATABASE, FleetLayout.schemas()));
    }

    @Test
    void composeRunsEveryProcessOnItsPortWithHealthChecksAndEveryTopic() throws IOException {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        for (ServiceSpec spec : FleetLayout.processes()) {
            assertThat(compose).contains(spec.name() + ":").contains(spec.port() + ":" + spec.port());
        }
        assertThat(compose).contains("service_healthy").contains("healthcheck");
        assertThat(compose).as("every service trusts customer-service as the issuer")
                .contains("COMMERCE_SECURITY_ISSUER_URI: http://customer-service:8082");
        Topics.all().forEach(topic -> assertThat(compose).contains(topic));
    }

    @Test
    void composeTakesEverySecretFromTheUncommittedEnvFile() throws IOException {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        assertThat(compose).as("no secret written into the file, no fallback for one")
                .doesNotContain("POSTGRES_PASSWORD: postgres")
                .doesNotContain("webhook-secret}")
                .doesNotContainPattern("(?i)(PASSWORD|SECRET|KEY[A-Z_]*):-");
        Map<String, String> example = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                example.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        Matcher required = Pattern.compile("\\$\\{([A-Z_]+):\\?").matcher(compose);
        Set<String> variables = new TreeSet<>();
        while (required.find()) {
            variables.add(required.group(1));
        }
        assertThat(variables).as("the secrets compose requires").contains("POSTGRES_PASSWORD", "COMMERCE_WEBHOOK_SECRET",
                "PAYMENT_WALLET_KEY");
        for (String schema : FleetLayout.schemas()) {
            assertThat(variables).contains(schema.toUpperCase(Locale.ROOT) + "_DB_PASSWORD");
            assertThat(Files.readString(ROOT.resolve("ops/postgres/init/02-role-passwords.sh"))).contains(" " + schema);
        }
        assertThat(variables).as("the dashboards' read-only role, and Grafana's admin").contains(
                "REPORTING_READER_DB_PASSWORD", "GRAFANA_ADMIN_PASSWORD");
        try (var scripts = Files.list(ROOT.resolve("ops/postgres/init"))) {
            for (Path script : scripts.toList()) {
                assertThat(Files.readString(script)).as(script + " writes no password of its own, except 01's local defaults")
                        .satisfiesAnyOf(text -> assertThat(script.getFileName().toString()).startsWith("01-"),
                                text -> assertThat(text).doesNotContainPattern("(?i)PASSWORD\\s+'"));
            }
        }
        assertThat(Files.readString(ROOT.resolve("ops/postgres/init/04-reporting-reader-password.sh")))
                .contains("REPORTING_READER_DB_PASSWORD");
        assertThat(example.keySet()).as(".env.example names every one").containsExactlyInAnyOrderElementsOf(variables);
        assertThat(example.values()).as("and holds only placeholders the services refuse").allMatch(value -> value.startsWith("change-me"));
        assertThat(Files.readAllLines(ROOT.resolve(".gitignore"))).as(".env is never committed").contains(".env");
    }

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        boolean installed = Files.isExecutable(Path.of("/usr/bin/docker-compose"));
        if (!ci) {
            Assumptions.assumeTrue(installed, "docker-compose is not installed (CI installs it)");
        }
        // The secrets come from an .env that is never committed; the example file stands in for it.
        Process check = new ProcessBuilder("docker-compose", "--env-file", ".env.example", "-f", "docker-compose.yml",
                "config", "-q")
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(check.getInputStream().readAllBytes());
        assertThat(check.exitValue()).as(output).isZero();
    }
}
