package com.example.commerce.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalStackArgumentsTests {

    @Test
    void runsEmbeddedWithAotCacheByDefault() {
        LocalStackArguments arguments = LocalStackArguments.parse(new String[0], Map.of());
        assertThat(arguments.clean()).isFalse();
        assertThat(arguments.aot()).isTrue();
        assertThat(arguments.database()).isEmpty();
        assertThat(arguments.stateDirectory()).isEqualTo(java.nio.file.Path.of(".local-stack"));
        assertThat(arguments.demoData()).isTrue();
        assertThat(arguments.hosting()).isEqualTo(com.example.commerce.stack.FleetOptions.Hosting.SHARED);
    }

    @Test
    void hostingComesFromTheCommandLineOrTheEnvironment() {
        assertThat(LocalStackArguments.parse(new String[] {"--hosting=separate"}, Map.of()).hosting())
                .isEqualTo(com.example.commerce.stack.FleetOptions.Hosting.SEPARATE);
        assertThat(LocalStackArguments.parse(new String[0], Map.of("COMMERCE_FLEET_HOSTING", "separate")).hosting())
                .isEqualTo(com.example.commerce.stack.FleetOptions.Hosting.SEPARATE);
        assertThat(LocalStackArguments.parse(new String[] {"--hosting=shared"}, Map.of("COMMERCE_FLEET_HOSTING", "separate"))
                .hosting()).isEqualTo(com.example.commerce.stack.FleetOptions.Hosting.SHARED);
        assertThatIllegalArgumentException().isThrownBy(() -> LocalStackArguments.parse(new String[] {"--hosting=one"}, Map.of()));
        assertThat(LocalStackArguments.USAGE).contains("--hosting=shared|separate");
    }

    @Test
    void noDemoDataSkipsTheDemoCatalogue() {
        assertThat(LocalStackArguments.parse(new String[] {"--no-demo-data"}, Map.of()).demoData()).isFalse();
        assertThat(LocalStackArguments.USAGE).contains("--no-demo-data");
    }

    @Test
    void prometheusStartsOnlyWhenAskedOnItsDefaultOrAGivenPort() {
        assertThat(LocalStackArguments.parse(new String[0], Map.of()).prometheusPort()).isEmpty();
        assertThat(LocalStackArguments.parse(new String[] {"--with-prometheus"}, Map.of()).prometheusPort()).hasValue(9090);
        assertThat(LocalStackArguments.parse(new String[] {"--with-prometheus=19090"}, Map.of()).prometheusPort()).hasValue(19090);
        assertThatIllegalArgumentException().isThrownBy(() -> LocalStackArguments.parse(new String[] {"--with-prometheus=x"}, Map.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> LocalStackArguments.parse(new String[] {"--with-prometheus=70000"}, Map.of()));
    }

    @Test
    void usesAnExistingDatabaseFromTheEnvironmentOrTheCommandLine() {
        LocalStackArguments fromEnv = LocalStackArguments.parse(new String[0],
                Map.of("COMMERCE_DB_URL", "jdbc:postgresql://db:5433/commerce", "COMMERCE_DB_ADMIN_PASSWORD", "s3cret"));
        assertThat(fromEnv.database()).hasValueSatisfying(login -> {
            assertThat(login.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5433/commerce");
            assertThat(login.user()).isEqualTo("postgres");
            assertThat(login.password()).isEqualTo("s3cret");
        });
        LocalStackArguments fromArgs = LocalStackArguments.parse(
                new String[] {"--db-url=jdbc:postgresql://other/commerce", "--db-user=admin", "--clean", "--no-aot",
                        "--health-timeout=90"},
                Map.of("COMMERCE_DB_URL", "jdbc:postgresql://db:5433/commerce"));
        assertThat(fromArgs.database()).hasValueSatisfying(login -> {
            assertThat(login.jdbcUrl()).isEqualTo("jdbc:postgresql://other/commerce");
            assertThat(login.user()).isEqualTo("admin");
        });
        assertThat(fromArgs.clean()).isTrue();
        assertThat(fromArgs.aot()).isFalse();
        assertThat(fromArgs.healthTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void refusesUnknownOptionsAndMissingValues() {
        assertThatIllegalArgumentException().isThrownBy(() -> LocalStackArguments.parse(new String[] {"--fast"}, Map.of()))
                .withMessageContaining("unknown option --fast");
        assertThatIllegalArgumentException().isThrownBy(() -> LocalStackArguments.parse(new String[] {"--db-url="}, Map.of()))
                .withMessageContaining("--db-url needs a value");
        assertThatIllegalArgumentException().isThrownBy(
                        () -> LocalStackArguments.parse(new String[] {"--health-timeout=-3"}, Map.of()))
                .withMessageContaining("positive number of seconds");
    }
}
