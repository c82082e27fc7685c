package com.example.commerce.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds ports on 127.0.0.1 that nothing listens on, for servers that a test or the launcher starts a
 * moment later.
 *
 * <p>The ports come from below the kernel's ephemeral range ({@code net.ipv4.ip_local_port_range}, 32768
 * and up by default): a port the kernel hands out for "port 0" is an ephemeral one, and any outgoing
 * connection (a Kafka or JDBC client of another process) may take it between this check and the server's
 * bind. Below that range only servers bind. A port is handed out once per JVM.
 */
public final class FreePorts {

    static final int LOWEST = 10_000;
    private static final int DEFAULT_EPHEMERAL_START = 32_768;
    private static final int ATTEMPTS = 500;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    public static int any() {
        int below = ephemeralRangeStart();
        if (below - LOWEST < 1_000) {
            throw new IllegalStateException("the ephemeral port range starts at " + below
                    + ": too low to find server ports below it");
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (HANDED_OUT.add(port) && isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1 between " + LOWEST + " and " + below);
    }

    /** A free port other than {@code taken}. */
    public static int anyExcept(int taken) {
        HANDED_OUT.add(taken);
        return any();
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range, or Linux's default where it cannot be read. */
    static int ephemeralRangeStart() {
        // Read as a stream: /proc files report a size of 0, which Files.readString takes too literally.
        try (BufferedReader reader = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_START;
        }
    }
}
