package com.example.commerce.partners.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The simulated mail server: real SMTP in, the mailbox view over real HTTP out, and its knobs. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MailSimulatorTests {

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    @Autowired
    private MailServer server;

    @AfterEach
    void reset() throws Exception {
        call("POST", "/mail/admin/reset", "");
    }

    @Test
    void showsAMultipartMessageWithItsMessageIdSubjectAndBothParts() throws Exception {
        String to = "ann-" + UUID.randomUUID() + "@example.com";
        String messageId = "<order-1.confirmed@test>";

        send(to, messageId);

        JsonNode box = json.readTree(call("GET", "/mail/v1/mailboxes/" + to + "/messages", null).body());
        assertThat(box).hasSize(1);
        JsonNode mail = box.get(0);
        assertThat(mail.get("messageId").asString()).isEqualTo(messageId);
        assertThat(mail.get("subject").asString()).isEqualTo("Grüße: your order");
        assertThat(mail.get("from").asString()).isEqualTo("shop@example.com");
        assertThat(mail.get("contentType").asString()).startsWith("multipart/alternative");
        assertThat(mail.get("text").asString()).contains("plain words");
        assertThat(mail.get("html").asString()).contains("<p>html words</p>");
        assertThat(json.readTree(call("GET", "/mail/v1/messages?messageId=order-1.confirmed@test", null).body()))
                .hasSize(1);
        assertThat(json.readTree(call("GET", "/mail/v1/mailboxes", null).body()).get(to).asLong()).isEqualTo(1);
    }

    @Test
    void refusesARefusedAddressForGoodAndTakesTheOthers() throws Exception {
        String refused = "gone-" + UUID.randomUUID() + "@example.com";
        String kept = "kept-" + UUID.randomUUID() + "@example.com";
        call("PUT", "/mail/admin/behaviour", "{\"refusedAddresses\":[\"" + refused.toUpperCase() + "\"]}");

        assertThatThrownBy(() -> send(refused, "<r@test>")).isInstanceOf(SendFailedException.class)
                .hasStackTraceContaining("550");
        send(kept, "<k@test>");

        assertThat(json.readTree(call("GET", "/mail/v1/mailboxes/" + refused + "/messages", null).body())).isEmpty();
        assertThat(json.readTree(call("GET", "/mail/v1/mailboxes/" + kept + "/messages", null).body())).hasSize(1);
    }

    @Test
    void aServerTakenDownRefusesConnectionsAndKeepsItsMailboxesWhenUpAgain() throws Exception {
        String to = "down-" + UUID.randomUUID() + "@example.com";
        send(to, "<before@test>");

        JsonNode down = json.readTree(call("PUT", "/mail/admin/behaviour", "{\"up\":false}").body());
        assertThat(down.get("up").asBoolean()).isFalse();
        assertThatThrownBy(() -> send(to, "<during@test>")).isInstanceOf(MessagingException.class)
                .hasStackTraceContaining("Connection refused");

        call("PUT", "/mail/admin/behaviour", "{\"up\":true}");
        send(to, "<after@test>");

        JsonNode box = json.readTree(call("GET", "/mail/v1/mailboxes/" + to + "/messages", null).body());
        assertThat(box.findValuesAsString("messageId")).containsExactly("<before@test>", "<after@test>");
    }

    private void send(String to, String messageId) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", String.valueOf(server.port()));
        properties.put("mail.smtp.connectiontimeout", "2000");
        properties.put("mail.smtp.timeout", "2000");
        Session session = Session.getInstance(properties);
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress("shop@example.com"));
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to));
        message.setSubject("Grüße: your order", "UTF-8");
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("plain words", "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent("<p>html words</p>", "text/html; charset=UTF-8");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        Transport.send(message);
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return response;
    }
}
