package com.example.commerce.customer.notification;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Customer emails ({@code commerce.customer.notifications.*}). The mail server itself is Spring Boot's
 * {@code spring.mail.*} (host, port, timeouts).
 *
 * @param from              the sender of every email
 * @param messageIdDomain   the right-hand side of every Message-ID ({@code <order-id.kind@domain>})
 * @param maxAttempts       how often one email is tried while the mail server is away (a refusal for good is
 *                          tried once); with commerce.work's backoff this bounds how long an outage may last
 * @param backorderEtaWait  how long a backordered email waits, so the supplier's expected date can be named
 *                          (longer than backorder-service's batching window plus its call to the supplier)
 * @param unknownOrderRetry the wait before trying again an email whose OrderPlaced has not arrived yet
 */
@ConfigurationProperties("commerce.customer.notifications")
public record NotificationProperties(@DefaultValue("Commerce <orders@commerce.local>") String from,
                                     @DefaultValue("notifications.commerce.local") String messageIdDomain,
                                     @DefaultValue("500") int maxAttempts,
                                     @DefaultValue("2m") Duration backorderEtaWait,
                                     @DefaultValue("10s") Duration unknownOrderRetry) {

    public NotificationProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("commerce.customer.notifications.max-attempts must be at least 1");
        }
    }
}
