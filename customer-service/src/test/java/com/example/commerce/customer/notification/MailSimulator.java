package com.example.commerce.customer.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.stack.FreePorts;
import com.example.commerce.testing.PartnerSimulatorsProcess;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real partner simulators (their built jar, with GreenMail) as a process of their own, once per test JVM, on a
 * free HTTP port and a free SMTP port, so customer-service sends real SMTP to a real mail server and the tests read
 * its mailboxes over the simulators' REST view. Ended with the test JVM.
 */
final class MailSimulator {

    private static MailSimulator instance;

    private final JsonMapper json = JsonMapper.builder().build();
    private final PartnerSimulatorsProcess simulators;
    private final int smtpPort;

    private MailSimulator(PartnerSimulatorsProcess simulators, int smtpPort) {
        this.simulators = simulators;
        this.smtpPort = smtpPort;
    }

    static synchronized MailSimulator get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static MailSimulator start() {
        int smtpPort = FreePorts.any();
        return new MailSimulator(PartnerSimulatorsProcess.start("mail-simulator",
                "--simulators.mail.smtp-port=" + smtpPort), smtpPort);
    }

    int smtpPort() {
        return smtpPort;
    }

    /** The messages one address received, in order of arrival. */
    List<JsonNode> mailbox(String address) {
        return list(get("/mail/v1/mailboxes/" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "/messages"));
    }

    /** Every message that carried {@code messageId}. */
    List<JsonNode> withMessageId(String messageId) {
        return list(get("/mail/v1/messages?messageId=" + URLEncoder.encode(messageId, StandardCharsets.UTF_8)));
    }

    void down() {
        behave("{\"up\":false}");
    }

    void up() {
        behave("{\"up\":true}");
    }

    void refuse(String... addresses) {
        behave("{\"refusedAddresses\":" + json.writeValueAsString(List.of(addresses)) + "}");
    }

    private void behave(String body) {
        HttpResponse<String> response = simulators.send("PUT", "/mail/admin/behaviour", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private List<JsonNode> list(String body) {
        List<JsonNode> nodes = new ArrayList<>();
        json.readTree(body).forEach(nodes::add);
        return nodes;
    }

    private String get(String path) {
        HttpResponse<String> response = simulators.send("GET", path, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

}
