package com.example.commerce.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.events.Topics;
import com.example.commerce.stack.DatabaseProvisioner;
import com.example.commerce.stack.FleetLayout;
import com.example.commerce.stack.ServiceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
    void dockerComposeAcceptsTheFile() throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        boolean installed = Files.isExecutable(Path.of("/usr/bin/docker-compose"));
        if (!ci) {
            Assumptions.assumeTrue(installed, "docker-compose is not installed (CI installs it)");
        }
        Process check = new ProcessBuilder("docker-compose", "-f", "docker-compose.yml", "config", "-q")
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(check.getInputStream().readAllBytes());
        assertThat(check.exitValue()).as(output).isZero();
    }
}
