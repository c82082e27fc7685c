package com.example.commerce.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTests {

    @Test
    void handsOutDistinctFreePortsBelowTheEphemeralRange() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = FreePorts.any();
            assertThat(port).isBetween(FreePorts.LOWEST, FreePorts.ephemeralRangeStart() - 1);
            assertThat(FreePorts.isFree(port)).isTrue();
            ports.add(port);
        }
        assertThat(ports).hasSize(50);
    }

    @Test
    void aPortSomeoneListensOnIsNotFree() throws IOException {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(FreePorts.isFree(listening.getLocalPort())).isFalse();
        }
    }

    @Test
    void anyExceptNeverReturnsTheTakenPort() {
        int taken = FreePorts.any();
        for (int i = 0; i < 20; i++) {
            assertThat(FreePorts.anyExcept(taken)).isNotEqualTo(taken);
        }
    }
}
