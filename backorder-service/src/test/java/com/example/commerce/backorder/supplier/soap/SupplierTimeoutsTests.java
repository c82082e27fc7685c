package com.example.commerce.backorder.supplier.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.commerce.backorder.supplier.SupplierOrder;
import com.example.commerce.backorder.supplier.SupplierPropertiesMother;
import com.example.commerce.backorder.supplier.SupplierUnavailableException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The explicit connect and read timeouts of the supplier client, each proved alone: the time limiter is set far
 * above them (10 s) and one attempt only, so only the timeout under test can end the call this early.
 */
class SupplierTimeoutsTests {

    private static final Duration LIMITER = Duration.ofSeconds(10);

    @Test
    void aSupplierThatAcceptsButNeverAnswersIsGivenUpAfterTheReadTimeout() throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    held.add(silent.accept());
                    connected.countDown();
                } catch (Exception ignored) {
                    // closed at the end of the test
                }
            });
            SoapSupplier supplier = supplier("http://127.0.0.1:" + silent.getLocalPort() + "/supplier/ws",
                    Duration.ofSeconds(5), Duration.ofMillis(400));

            long started = System.nanoTime();
            assertThatThrownBy(() -> supplier.place(order()))
                    .isInstanceOf(SupplierUnavailableException.class)
                    .hasRootCauseInstanceOf(SocketTimeoutException.class);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(connected.getCount()).as("the connection was made: it is the read that timed out").isZero();
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(400)).isLessThan(Duration.ofSeconds(3));
            acceptor.interrupt();
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void aSupplierThatNeverTakesTheConnectionIsGivenUpAfterTheConnectTimeout() throws Exception {
        // A listening socket that never accepts, its accept queue filled first: the kernel drops further SYNs,
        // so a connect hangs until the client's connect timeout ends it.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Socket filler = new Socket();
                try {
                    filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()), 200);
                    fillers.add(filler);
                } catch (SocketTimeoutException queueFull) {
                    filler.close();
                    break;
                }
            }
            SoapSupplier supplier = supplier("http://127.0.0.1:" + full.getLocalPort() + "/supplier/ws",
                    Duration.ofMillis(400), Duration.ofSeconds(5));

            long started = System.nanoTime();
            assertThatThrownBy(() -> supplier.place(order()))
                    .isInstanceOf(SupplierUnavailableException.class)
                    .hasRootCauseInstanceOf(SocketTimeoutException.class)
                    .rootCause().hasMessageContaining("onnect");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(400)).isLessThan(Duration.ofSeconds(3));
            for (Socket filler : fillers) {
                filler.close();
            }
        }
    }

    private static SoapSupplier supplier(String url, Duration connect, Duration read) {
        var properties = SupplierPropertiesMother.withTimeouts(url, connect, read, LIMITER, 1);
        return new SoapSupplier(SupplierClients.template(properties), new SupplierResilience(properties), "commerce");
    }

    private static SupplierOrder order() {
        return new SupplierOrder("PO-timeout", List.of(new SupplierOrder.Line(1, "SUP-MUG-1", 1)));
    }
}
