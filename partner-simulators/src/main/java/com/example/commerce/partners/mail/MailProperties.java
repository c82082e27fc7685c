package com.example.commerce.partners.mail;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The simulated mail server ({@code simulators.mail.*}).
 *
 * @param enabled     whether the SMTP server runs at all
 * @param smtpPort    the SMTP port (its own, beside the HTTP port); 0 picks a free one
 * @param bindAddress where it listens: the loopback address unless a container must reach it from outside
 */
@ConfigurationProperties("simulators.mail")
public record MailProperties(@DefaultValue("true") boolean enabled,
                             @DefaultValue("2525") int smtpPort,
                             @DefaultValue("127.0.0.1") String bindAddress) {
}
