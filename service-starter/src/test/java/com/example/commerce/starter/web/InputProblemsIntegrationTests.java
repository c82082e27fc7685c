package com.example.commerce.starter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.testing.ServiceInfrastructureInitializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bad input that never reaches a controller's own checks is a problem like any other, over a real server: an encoded
 * slash in the path (which Tomcat refuses before any servlet) is a problem, not the container's HTML page; a body
 * with a field its record does not have names that field; a body that is not JSON says so.
 */
@SpringBootTest(classes = RequestBodyLimitIntegrationTests.ProbeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.application.name=body-limit-test", "commerce.service.schema=payment", "commerce.outbox.enabled=false",
        "commerce.web.body-limit.max-size=64KB",
        "commerce.web.body-limit.routes[0].path=/probe/hooks/**", "commerce.web.body-limit.routes[0].max-size=1KB"})
@ContextConfiguration(initializers = ServiceInfrastructureInitializer.class)
class InputProblemsIntegrationTests {

    @LocalServerPort
    private int port;

    @Autowired
    private JsonMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anEncodedSlashInThePathIsAProblemNotTheContainersPage() throws Exception {
        for (String path : new String[] {"/probe/items/a%2Fb", "/probe/items/a%2fb", "/api/v1/anything%2F..%2Fsecret"}) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(path)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            JsonNode problem = json.readTree(response.body());
            assertThat(problem.get("type").asString()).isEqualTo("urn:commerce:problem:malformed-request");
            assertThat(problem.get("status").asInt()).isEqualTo(400);
            assertThat(response.body()).doesNotContain("<html").doesNotContainIgnoringCase("tomcat");
        }
        assertThat(get("/probe/items/a-b").statusCode()).as("the same path without it").isEqualTo(200);
    }

    @Test
    void anUnknownFieldIsRefusedWithAProblemThatNamesIt() throws Exception {
        HttpResponse<String> response = post("/probe/orders", "{\"note\":\"n\",\"lines\":[],\"totalMinor\":1}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:commerce:problem:malformed-request");
        assertThat(problem.get("detail").asString()).contains("'totalMinor'").doesNotContain("Failed to read request");
        assertThat(problem.get("invalidParams").get(0).get("name").asString()).isEqualTo("totalMinor");
        assertThat(problem.get("invalidParams").get(0).get("reason").asString()).isEqualTo("is not a field of this request");

        JsonNode nested = json.readTree(post("/probe/orders",
                "{\"lines\":[{\"sku\":\"A\",\"quantity\":1},{\"sku\":\"B\",\"quantity\":1,\"priceMinor\":0}]}").body());
        assertThat(nested.get("invalidParams").get(0).get("name").asString()).isEqualTo("lines[1].priceMinor");
    }

    @Test
    void aFieldOfTheWrongFormIsNamedAndABodyThatIsNotJsonSaysSo() throws Exception {
        JsonNode wrongForm = json.readTree(post("/probe/orders", "{\"lines\":[{\"sku\":\"A\",\"quantity\":\"many\"}]}").body());
        assertThat(wrongForm.get("invalidParams").get(0).get("name").asString()).isEqualTo("lines[0].quantity");
        assertThat(wrongForm.get("invalidParams").get(0).get("reason").asString()).isEqualTo("has the wrong form");

        HttpResponse<String> notJson = post("/probe/orders", "{\"lines\": [");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json.readTree(notJson.body()).get("detail").asString()).isEqualTo("The body is not valid JSON.");
        assertThat(post("/probe/orders", "{\"note\":\"n\",\"lines\":[]}").statusCode()).as("a good body").isEqualTo(200);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
