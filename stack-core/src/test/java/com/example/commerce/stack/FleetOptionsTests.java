package com.example.commerce.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class FleetOptionsTests {

    private final FleetOptions whole = new FleetOptions(Path.of("."), Path.of(".local-stack"), false,
            Optional.empty(), FleetOptions.Ports.free(), false, Duration.ofMinutes(1));

    @Test
    void runsTheWholeFleetByDefault() {
        assertThat(whole.processes()).isEqualTo(FleetLayout.processes());
    }

    @Test
    void aSubsetKeepsFleetOrderWhateverOrderItIsNamedIn() {
        FleetOptions some = whole.only("inventory-service", "catalog-service", "cart-service");

        assertThat(some.processes()).extracting(ServiceSpec::name)
                .containsExactly("catalog-service", "cart-service", "inventory-service");
        assertThat(some.ports()).isEqualTo(whole.ports());
    }

    @Test
    void anUnknownOrEmptySubsetIsRefused() {
        Assertions.assertThatThrownBy(() -> whole.only("catalog-service", "no-such-service"))
                .isInstanceOf(NoSuchElementException.class).hasMessageContaining("no-such-service");
        assertThatIllegalArgumentException().isThrownBy(() -> new FleetOptions(Path.of("."), Path.of("."), false,
                Optional.empty(), FleetOptions.Ports.free(), false, Duration.ofMinutes(1), List.of(), java.util.Map.of(),
                FleetOptions.Hosting.SEPARATE));
    }

    @Test
    void extraArgumentsGoToTheirProcessOnlyAndSurviveASubset() {
        FleetOptions tuned = whole.withArguments("order-service", "--commerce.order.deadlines.pending=5s")
                .withArguments("order-service", "--a=b")
                .only("order-service", "cart-service");

        assertThat(tuned.argumentsOf("order-service")).containsExactly("--commerce.order.deadlines.pending=5s", "--a=b");
        assertThat(tuned.argumentsOf("cart-service")).isEmpty();
        Assertions.assertThatThrownBy(() -> whole.withArguments("no-such-service", "--x=y"))
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void hostingIsSeparateByDefaultAndSurvivesSubsetsAndArguments() {
        assertThat(whole.hosting()).isEqualTo(FleetOptions.Hosting.SEPARATE);
        FleetOptions shared = whole.withHosting(FleetOptions.Hosting.SHARED)
                .only("order-service", "cart-service").withArguments("order-service", "--a=b");
        assertThat(shared.hosting()).isEqualTo(FleetOptions.Hosting.SHARED);
        assertThat(FleetOptions.Hosting.parse(" Shared ")).isEqualTo(FleetOptions.Hosting.SHARED);
        assertThat(FleetOptions.Hosting.parse("separate")).isEqualTo(FleetOptions.Hosting.SEPARATE);
        assertThatIllegalArgumentException().isThrownBy(() -> FleetOptions.Hosting.parse("monolith"));
    }
}
