package com.example.commerce.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FleetJvmOptionsTests {

    @AfterEach
    void forget() {
        System.clearProperty("commerce.fleet.jit");
    }

    @Test
    void withNothingAskedEachHostingGetsItsOwnJit() {
        System.clearProperty("commerce.fleet.jit");
        if (System.getenv("COMMERCE_FLEET_JIT") == null) {
            assertThat(Fleet.jit("c1")).isEqualTo("c1");
            assertThat(Fleet.jit("tiered")).isEqualTo("tiered");
        }
        System.setProperty("commerce.fleet.jit", "auto");
        assertThat(Fleet.jit("tiered")).isEqualTo("tiered");
    }

    @Test
    void anAskedJitWinsAndAnUnknownOneIsRefused() {
        System.setProperty("commerce.fleet.jit", "c1");
        assertThat(Fleet.jit("tiered")).isEqualTo("c1");
        System.setProperty("commerce.fleet.jit", "c2");
        assertThatIllegalArgumentException().isThrownBy(() -> Fleet.jit("c1")).withMessageContaining("c1, tiered or auto");
    }

    @Test
    void c1StopsAtTheFirstTierAndTieredKeepsTwoCompilerThreads() {
        assertThat(Fleet.serviceJvmOptions("c1")).contains("-XX:TieredStopAtLevel=1").doesNotContain("-XX:CICompilerCount=2");
        assertThat(Fleet.hostJvmOptions("tiered", 7)).contains("-XX:CICompilerCount=2", "-Xmx896m")
                .doesNotContain("-XX:TieredStopAtLevel=1");
        assertThat(Fleet.hostJvmOptions("c1", 2)).contains("-XX:TieredStopAtLevel=1", "-Xmx512m");
    }
}
