package com.example.commerce.customer.notification;

import com.example.commerce.customer.notification.EmailTemplates.RenderedEmail;
import com.example.commerce.customer.notification.Notifications.Delivery;
import com.example.commerce.starter.work.Work;
import com.example.commerce.starter.work.WorkHandler;
import com.example.commerce.starter.work.WorkResult;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the emails of {@link OrderNotifications} over SMTP: one work row ({@value OrderNotifications#WORK_KIND}) per
 * notification, run by service-starter's workers outside any transaction. Each attempt reads the customer as they
 * are now (an erased customer gets nothing), renders the templates in their language, sends a
 * {@code multipart/alternative} message (plain text and HTML) whose Message-ID is fixed by the order and the kind,
 * and records the answer: SENT once the server accepted it, REFUSED for a refusal for good (5xx, not tried again),
 * otherwise tried again with the starter's backoff until {@code max-attempts}. SMTP is at-least-once: a send the
 * server accepted but whose recording was lost is sent again under the same Message-ID.
 */
@Component
class EmailRelay implements WorkHandler {

    private static final Logger log = LoggerFactory.getLogger(EmailRelay.class);

    private final Notifications notifications;
    private final EmailOutcomes outcomes;
    private final EmailTemplates templates;
    private final JavaMailSender mail;
    private final JsonMapper json;
    private final NotificationProperties properties;
    private final Clock clock;

    EmailRelay(Notifications notifications, EmailOutcomes outcomes, EmailTemplates templates, JavaMailSender mail,
               JsonMapper json, NotificationProperties properties, Clock clock) {
        this.notifications = notifications;
        this.outcomes = outcomes;
        this.templates = templates;
        this.mail = mail;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return OrderNotifications.WORK_KIND;
    }

    @Override
    public WorkResult handle(Work work) {
        String[] key = work.key().split(":", 2);
        UUID orderId = UUID.fromString(key[0]);
        NotificationKind kind = NotificationKind.valueOf(key[1]);
        Optional<Delivery> found = notifications.delivery(orderId, kind);
        if (found.isEmpty()) {
            return WorkResult.giveUp("No notification row for " + work.key());
        }
        Delivery delivery = found.get();
        UUID id = delivery.notification().id();
        if (!"PENDING".equals(delivery.notification().status())) {
            return WorkResult.done("Already " + delivery.notification().status());
        }
        if (delivery.customerId() == null) {
            return WorkResult.retryAfter("The order's OrderPlaced has not arrived yet", properties.unknownOrderRetry());
        }
        if (delivery.erased()) {
            outcomes.suppressed(work.lease(), id, delivery.customerId());
            return WorkResult.done("Not sent: the customer is erased");
        }
        NotificationDetails details = json.readValue(delivery.notification().details(), NotificationDetails.class);
        if (kind == NotificationKind.CANCELLED && details.refund() == null && delivery.captured() != null) {
            details = details.withRefund(delivery.captured()); // money that moved is paid back
        }
        Map<String, java.time.Instant> etas = details.shortages() == null ? Map.of()
                : notifications.etas(details.shortages().stream().map(NotificationDetails.Short::sku).toList());
        RenderedEmail email = templates.render(kind, delivery.language(), orderId, delivery.displayName(), details, etas);
        try {
            mail.send(message(delivery, email));
        } catch (MailException | MessagingException e) {
            String error = SmtpFailures.describe(e, delivery.email());
            if (SmtpFailures.permanent(e)) {
                log.warn("The mail server refused the {} email of order {} for good: {}", kind, orderId, error);
                outcomes.refused(work.lease(), id, delivery.customerId(), email.language(), error);
                return WorkResult.giveUp("Refused for good: " + error);
            }
            log.info("The {} email of order {} not sent (attempt {} of {}): {}", kind, orderId, work.attempt(),
                    work.maxAttempts(), error);
            outcomes.failed(work.lease(), id, delivery.customerId(), error, work.lastAttempt());
            return WorkResult.retry(error);
        }
        outcomes.sent(work.lease(), id, delivery.customerId(), email.language());
        return WorkResult.done("Sent " + delivery.notification().messageId());
    }

    @Override
    public String abandoned(Work work) {
        String[] key = work.key().split(":", 2);
        String outcome = "The relay's last attempt vanished without an answer";
        notifications.delivery(UUID.fromString(key[0]), NotificationKind.valueOf(key[1]))
                .ifPresent(delivery -> outcomes.abandoned(work.lease(), delivery.notification().id(), outcome));
        return outcome;
    }

    private MimeMessage message(Delivery delivery, RenderedEmail email) throws MessagingException {
        MimeMessage message = mail.createMimeMessage();
        message.setFrom(new InternetAddress(properties.from(), true));
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(delivery.email(), true));
        message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
        message.setSentDate(Date.from(clock.instant()));
        MimeMultipart alternative = new MimeMultipart("alternative"); // plain text first, the richest last
        MimeBodyPart text = new MimeBodyPart();
        text.setText(email.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(email.html(), StandardCharsets.UTF_8.name(), "html");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        // The same on every send of this email; JavaMailSenderImpl keeps a Message-ID set before it sends.
        message.setHeader("Message-ID", delivery.notification().messageId());
        return message;
    }
}
