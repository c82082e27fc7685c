package com.example.commerce.catalog;

import com.example.commerce.testing.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The catalogue's HTTP API as a test calls it: real requests to the service on its random port. Writes
 * carry a real signed token of the test issuer with {@code catalog:write} (or the one given); reads
 * carry none, since browsing is public.
 */
public final class CatalogApi {

    /** An integrator's token with the scope the catalogue's writes need. */
    public static final String CATALOG_WRITER = TestTokens.bearer(TestTokens.client("catalog-importer", "catalog:write"));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;
    private final String authorization;

    public CatalogApi(int port) {
        this(port, CATALOG_WRITER);
    }

    /** @param authorization the Authorization header of every write, null for none */
    public CatalogApi(int port, String authorization) {
        this.port = port;
        this.authorization = authorization;
    }

    /** A response with its body read as JSON (null when there is none). */
    public record Answer(int status, HttpResponse<String> raw) {

        public JsonNode json() {
            return raw.body() == null || raw.body().isEmpty() ? null : JSON.readTree(raw.body());
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String problemType() {
            return json().get("type").asString();
        }
    }

    public Answer get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    public Answer post(String path, String json, String... headers) {
        return send("POST", path, json, headers);
    }

    public Answer put(String path, String json, String... headers) {
        return send("PUT", path, json, headers);
    }

    /** @param headers name, value, name, value ... */
    public Answer send(String method, String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (!method.equals("GET") && authorization != null) {
            request.header(TestTokens.AUTHORIZATION, authorization);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Adds a category and asserts it was created. */
    public void category(String slug, String name, String parent) {
        String body = parent == null ? "{\"slug\":\"%s\",\"name\":\"%s\"}".formatted(slug, name)
                : "{\"slug\":\"%s\",\"name\":\"%s\",\"parent\":\"%s\"}".formatted(slug, name, parent);
        Answer answer = post("/api/v1/categories", body);
        if (answer.status() != 201) {
            throw new AssertionError("category " + slug + ": " + answer.status() + " " + answer.raw().body());
        }
    }

    /** Lists a product and asserts it was created; {@code extra} is more JSON members, e.g. {@code "brand":"Acme"}. */
    public JsonNode product(String sku, String name, long cents, String extra) {
        String body = "{\"sku\":\"%s\",\"name\":\"%s\",\"price\":{\"amountMinor\":%d,\"currency\":\"EUR\"}%s}"
                .formatted(sku, name, cents, extra == null || extra.isEmpty() ? "" : "," + extra);
        Answer answer = post("/api/v1/products", body);
        if (answer.status() != 201) {
            throw new AssertionError("product " + sku + ": " + answer.status() + " " + answer.raw().body());
        }
        return answer.json();
    }

    /** A slug or SKU part no other test uses. */
    public static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
