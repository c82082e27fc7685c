package com.example.commerce.stack.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/** Sends JSON to one service with the caller's Authorization header (if it has one). */
class ApiClient {

    /** A status and body. */
    record Reply(int status, String body) {
    }

    private final HttpClient http;
    private final String baseUrl;
    private final Supplier<String> authorization;

    ApiClient(HttpClient http, String baseUrl, Supplier<String> authorization) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.authorization = authorization;
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    Reply post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private Reply send(HttpRequest.Builder request) {
        request.timeout(Duration.ofSeconds(30));
        String header = authorization.get();
        if (header != null) {
            request.header("Authorization", header);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("calling " + baseUrl + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling " + baseUrl, e);
        }
    }
}
