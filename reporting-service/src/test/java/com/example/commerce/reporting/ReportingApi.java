package com.example.commerce.reporting;

import com.example.commerce.testing.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;

/** Calls reporting-service's API on its test port with a real signed token. */
public final class ReportingApi {

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    public ReportingApi(int port) {
        this.port = port;
    }

    public static String reader() {
        return TestTokens.client("dashboards", "reports:read");
    }

    public HttpResponse<String> report(String name, LocalDate from, LocalDate to, String query, String accept) {
        return get("/api/v1/reports/" + name + "?from=" + from + "&to=" + to + (query.isEmpty() ? "" : "&" + query),
                accept, reader());
    }

    public HttpResponse<String> get(String path, String accept, String token) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET(), accept, token);
    }

    public HttpResponse<String> post(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()), "application/json", token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String accept, String token) {
        request.header("Accept", accept);
        if (token != null) {
            request.header(TestTokens.AUTHORIZATION, TestTokens.bearer(token));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
