package com.example.commerce.partners.mail;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the mail server received, for tests and people ({@code /mail/v1}), and its knobs ({@code /mail/admin}):
 * addresses it refuses for good, and the server down or up.
 */
@RestController
class MailboxController {

    /** The knobs; on {@code PUT} an absent one stays as it is. */
    record MailBehaviour(Boolean up, Set<String> refusedAddresses, Integer smtpPort) {
    }

    private final MailServer server;

    MailboxController(MailServer server) {
        this.server = server;
    }

    /** Every address that received something, with how many messages. */
    @GetMapping("/mail/v1/mailboxes")
    Map<String, Long> mailboxes() {
        return server.mailboxes();
    }

    /** One address's messages, in order of arrival (an address that received nothing: an empty list). */
    @GetMapping("/mail/v1/mailboxes/{address}/messages")
    List<ReceivedMail> mailbox(@PathVariable String address) {
        return server.messagesTo(address);
    }

    /** Every message, in order of arrival; {@code messageId} picks those of one Message-ID (with or without brackets). */
    @GetMapping("/mail/v1/messages")
    List<ReceivedMail> messages(@RequestParam(required = false) String messageId) {
        List<ReceivedMail> all = server.messages();
        if (messageId == null) {
            return all;
        }
        String wanted = messageId.startsWith("<") ? messageId : "<" + messageId + ">";
        return all.stream().filter(mail -> wanted.equals(mail.messageId())).toList();
    }

    @GetMapping("/mail/admin/behaviour")
    MailBehaviour behaviour() {
        return new MailBehaviour(server.isUp(), server.refused(), server.port());
    }

    @PutMapping("/mail/admin/behaviour")
    MailBehaviour change(@RequestBody MailBehaviour change) {
        if (change.refusedAddresses() != null) {
            server.refuse(change.refusedAddresses());
        }
        if (Boolean.TRUE.equals(change.up())) {
            server.up();
        } else if (Boolean.FALSE.equals(change.up())) {
            server.down();
        }
        return behaviour();
    }

    /** Forgets every message and refusal; the server up. */
    @PostMapping("/mail/admin/reset")
    MailBehaviour reset() {
        server.reset();
        return behaviour();
    }
}
