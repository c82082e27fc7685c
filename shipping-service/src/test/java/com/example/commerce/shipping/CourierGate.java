package com.example.commerce.shipping;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A test double at the HTTP level in front of the courier simulator, on a free loopback port: it passes every
 * call through unchanged, remembers each one (method, path, Idempotency-Key), and can hold the next booking
 * calls of one idempotency key at the door until the test lets them in, so a test decides exactly when a call
 * is in flight. One per test JVM, like the simulator.
 */
public final class CourierGate {

    /** One call as the courier got it. */
    public record Call(String method, String path, String idempotencyKey) {
    }

    /** Booking calls held back: {@link #awaitArrived} until one is at the door, {@link #release} lets it in. */
    public static final class Hold {
        private final String idempotencyKey;
        private final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        private Hold(String idempotencyKey) {
            this.idempotencyKey = idempotencyKey;
        }

        public void awaitArrived(Duration patience) {
            try {
                if (!arrived.await(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("no booking call " + idempotencyKey + " within " + patience);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        public void release() {
            released.countDown();
        }
    }

    private static CourierGate instance;

    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String target;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Queue<Hold> holds = new ConcurrentLinkedQueue<>();

    private CourierGate(String target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::pass);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
    }

    public static synchronized CourierGate get() {
        if (instance == null) {
            try {
                instance = new CourierGate(CourierSimulator.get().baseUrl());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Holds the next booking call with this idempotency key until the returned hold is released. */
    public Hold holdNextBooking(String idempotencyKey) {
        Hold hold = new Hold(idempotencyKey);
        holds.add(hold);
        return hold;
    }

    /** Lets every held call in and holds nothing more. */
    public void openUp() {
        Hold hold;
        while ((hold = holds.poll()) != null) {
            hold.release();
        }
    }

    /** The booking calls (POST /courier/v1/bookings) made with this idempotency key. */
    public long bookingCalls(String idempotencyKey) {
        return calls.stream().filter(call -> call.method().equals("POST") && call.path().equals("/courier/v1/bookings")
                && idempotencyKey.equals(call.idempotencyKey())).count();
    }

    /** The cancel calls (POST /courier/v1/bookings/{id}/cancel) of this booking. */
    public long cancelCalls(String bookingId) {
        return calls.stream().filter(call -> call.method().equals("POST")
                && call.path().equals("/courier/v1/bookings/" + bookingId + "/cancel")).count();
    }

    private void pass(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            String path = exchange.getRequestURI().getPath();
            if (method.equals("POST") && path.equals("/courier/v1/bookings") && key != null) {
                Hold hold = holds.stream().filter(h -> h.idempotencyKey.equals(key)).findFirst().orElse(null);
                if (hold != null && holds.remove(hold)) {
                    hold.arrived.countDown();
                    try {
                        hold.released.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            calls.add(new Call(method, path, key));
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!RESTRICTED.contains(name.toLowerCase())) {
                    values.forEach(value -> forward.header(name, value));
                }
            });
            HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            answer.headers().firstValue("Content-Type")
                    .ifPresent(type -> exchange.getResponseHeaders().add("Content-Type", type));
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");
}
