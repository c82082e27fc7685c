package com.example.commerce.stack.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * A small JSON-over-HTTP client for the fleet's REST APIs, as the system and load tests use them: one bearer
 * token per call, the answer's status, headers and parsed body. It hides nothing the API does: a 4xx is an
 * answer to look at, not an exception.
 */
public final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final Duration timeout;

    public Api(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** An answer: the status, the headers and the body (parsed when it is JSON, else {@code text} only). */
    public record Reply(int status, Map<String, java.util.List<String>> headers, String text, JsonNode json) {

        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        /** The text of a JSON field by path ("status", "totals/total/amountMinor"); empty when absent. */
        public String field(String path) {
            JsonNode node = json;
            for (String part : path.split("/")) {
                node = node.path(part);
            }
            return node.isMissingNode() || node.isNull() ? "" : node.asString();
        }

        public Reply expect(int... statuses) {
            for (int expected : statuses) {
                if (status == expected) {
                    return this;
                }
            }
            throw new IllegalStateException("expected HTTP " + java.util.Arrays.toString(statuses) + " but got " + status
                    + ": " + text);
        }
    }

    public Reply get(String url, String bearer) {
        return send(builder(url, bearer).GET().build());
    }

    public Reply post(String url, String bearer, String body, String... headers) {
        HttpRequest.Builder request = builder(url, bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    public Reply put(String url, String bearer, String body) {
        return send(builder(url, bearer).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Reply delete(String url, String bearer) {
        return send(builder(url, bearer).DELETE().build());
    }

    /** Reads a Server-Sent Events stream until it ends (or the timeout), returning its raw text. */
    public Reply stream(String url, String bearer, Duration within) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(within)
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + bearer).GET().build();
        return send(request);
    }

    public static JsonNode parse(String text) {
        return JSON.readTree(text);
    }

    private HttpRequest.Builder builder(String url, String bearer) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Accept", "application/json, application/problem+json");
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return builder;
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode json = NullNode.getInstance();
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (type.contains("json") && !text.isBlank()) {
                json = JSON.readTree(text);
            }
            return new Reply(response.statusCode(), response.headers().map(), text, json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
