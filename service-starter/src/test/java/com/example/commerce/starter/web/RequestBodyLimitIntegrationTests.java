package com.example.commerce.starter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.starter.security.PublicEndpoints;
import com.example.commerce.testing.ServiceInfrastructureInitializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every request body is bounded before it is read, over a real server and a raw socket (so nothing between the
 * test and the server buffers the body): a 20 MB Content-Length is refused with a 413 problem without the body
 * being sent at all; a chunked 20 MB body is refused once the bound is passed, long before it ends; a route's
 * smaller bound (a public webhook's) holds where the default would have taken the body; a body at the bound is
 * taken whole.
 */
@SpringBootTest(classes = RequestBodyLimitIntegrationTests.ProbeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.application.name=body-limit-test", "commerce.service.schema=payment", "commerce.outbox.enabled=false",
        "commerce.web.body-limit.max-size=64KB",
        "commerce.web.body-limit.routes[0].path=/probe/hooks/**", "commerce.web.body-limit.routes[0].max-size=1KB"})
@ContextConfiguration(initializers = ServiceInfrastructureInitializer.class)
class RequestBodyLimitIntegrationTests {

    private static final int TWENTY_MB = 20 * 1024 * 1024;

    @LocalServerPort
    private int port;

    @Autowired
    private JsonMapper json;

    @Test
    void refusesATwentyMegabyteContentLengthWithoutReadingTheBody() throws Exception {
        long started = System.nanoTime();
        try (Socket socket = connect()) {
            // Headers only: a server that waited for the body would never answer.
            write(socket, head("/probe/bytes", "Content-Length: " + TWENTY_MB));
            Response response = Response.read(socket.getInputStream());

            assertThat(response.status()).isEqualTo(413);
            assertPayloadTooLarge(response, 65536);
            assertThat(response.headers()).containsIgnoringCase("connection: close");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void refusesAChunkedTwentyMegabyteBodyOnceItPassesTheBound() throws Exception {
        for (String path : new String[] {"/probe/bytes", "/probe/json"}) {
            try (Socket socket = connect()) {
                write(socket, head(path, "Transfer-Encoding: chunked"));
                AtomicLong sent = new AtomicLong();
                CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> sendChunks(socket, sent));
                Response response = Response.read(socket.getInputStream());

                assertThat(response.status()).as(path).isEqualTo(413);
                assertPayloadTooLarge(response, 65536);
                assertThat(sent.get()).as("answered before the body ended").isLessThan(TWENTY_MB);
                socket.close();
                sender.exceptionally(ignored -> null).join();
            }
        }
    }

    @Test
    void aRoutesSmallerBoundHoldsWhereTheDefaultWouldTakeTheBody() throws Exception {
        byte[] body = new byte[2048];
        Arrays.fill(body, (byte) 'x');
        try (Socket socket = connect()) {
            write(socket, head("/probe/bytes", "Content-Length: " + body.length));
            write(socket, body);
            assertThat(Response.read(socket.getInputStream()).status()).isEqualTo(200);
        }
        try (Socket socket = connect()) {
            write(socket, head("/probe/hooks/callback", "Content-Length: " + body.length));
            Response response = Response.read(socket.getInputStream());
            assertThat(response.status()).isEqualTo(413);
            assertPayloadTooLarge(response, 1024);
        }
        try (Socket socket = connect()) {
            write(socket, head("/probe/hooks/callback", "Transfer-Encoding: chunked"));
            write(socket, chunk(body));
            write(socket, "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Response response = Response.read(socket.getInputStream());
            assertThat(response.status()).isEqualTo(413);
            assertPayloadTooLarge(response, 1024);
        }
    }

    @Test
    void takesABodyExactlyAtTheBoundAndRefusesOneByteMore() throws Exception {
        for (int size : new int[] {65536, 65537}) {
            byte[] body = new byte[size];
            try (Socket socket = connect()) {
                write(socket, head("/probe/bytes", "Transfer-Encoding: chunked"));
                write(socket, chunk(body));
                write(socket, "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                Response response = Response.read(socket.getInputStream());
                if (size == 65536) {
                    assertThat(response.status()).isEqualTo(200);
                    assertThat(response.body()).isEqualTo("65536");
                } else {
                    assertThat(response.status()).isEqualTo(413);
                }
            }
        }
    }

    private void assertPayloadTooLarge(Response response, long maxBytes) {
        assertThat(response.headers()).containsIgnoringCase("content-type: application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:commerce:problem:payload-too-large");
        assertThat(problem.get("status").asInt()).isEqualTo(413);
        assertThat(problem.get("maxBytes").asLong()).isEqualTo(maxBytes);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static byte[] head(String path, String lengthHeader) {
        return ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + lengthHeader
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] chunk(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void write(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /** A JSON array holding a 20 MB string, in 16 KB chunks, until the server stops taking it. */
    private static void sendChunks(Socket socket, AtomicLong sent) {
        byte[] data = new byte[16 * 1024];
        Arrays.fill(data, (byte) 'x');
        byte[] chunk = chunk(data);
        try {
            // One long string in an array: valid JSON as far as it goes, so only its length can stop it.
            write(socket, chunk("[\"".getBytes(StandardCharsets.US_ASCII)));
            while (sent.get() < TWENTY_MB) {
                write(socket, chunk);
                sent.addAndGet(data.length);
            }
        } catch (IOException closed) {
            // The server answered and closed the connection: the rest is never read.
        }
    }

    record Response(int status, String headers, String body) {

        static Response read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int next = in.read();
                if (next < 0) {
                    throw new IOException("connection closed before the response's headers ended: " + head);
                }
                head.write(next);
                matched = (next == "\r\n\r\n".charAt(matched)) ? matched + 1 : (next == '\r' ? 1 : 0);
            }
            String headers = head.toString(StandardCharsets.US_ASCII);
            int status = Integer.parseInt(headers.split(" ")[1]);
            String lower = headers.toLowerCase();
            String body;
            if (lower.contains("transfer-encoding: chunked")) {
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                while (true) {
                    int size = Integer.parseInt(line(in).trim(), 16);
                    if (size == 0) {
                        break;
                    }
                    content.writeBytes(in.readNBytes(size));
                    line(in);
                }
                body = content.toString(StandardCharsets.UTF_8);
            } else if (!lower.contains("content-length:")) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8); // Connection: close, no length
            } else {
                int at = lower.indexOf("content-length:");
                int length = Integer.parseInt(lower.substring(at + 15, lower.indexOf('\r', at)).trim());
                body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
            return new Response(status, headers, body);
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int next;
            while ((next = in.read()) >= 0 && next != '\n') {
                line.write(next);
            }
            return line.toString(StandardCharsets.US_ASCII);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ProbeApplication {

        @Bean
        PublicEndpoints probe() {
            return PublicEndpoints.anyMethod("/probe/**");
        }

        @Bean
        ProbeController probeController() {
            return new ProbeController();
        }
    }

    @RestController
    static class ProbeController {

        @PostMapping("/probe/bytes")
        String bytes(@RequestBody byte[] body) {
            return Integer.toString(body.length);
        }

        @PostMapping("/probe/hooks/callback")
        String hook(@RequestBody byte[] body) {
            return Integer.toString(body.length);
        }

        @PostMapping("/probe/json")
        Map<String, Object> json(@RequestBody JsonNode body) {
            return Map.of("size", body.size());
        }

        record Line(String sku, int quantity) {
        }

        record Order(String note, java.util.List<Line> lines) {
        }

        @PostMapping("/probe/orders")
        Map<String, Object> order(@RequestBody Order order) {
            return Map.of("lines", order.lines().size());
        }

        @org.springframework.web.bind.annotation.GetMapping("/probe/items/{id}")
        Map<String, Object> item(@org.springframework.web.bind.annotation.PathVariable String id) {
            return Map.of("id", id);
        }
    }
}
