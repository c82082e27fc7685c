package com.example.commerce.partners.mail;

import java.time.Instant;
import java.util.List;

/**
 * One message the mail server accepted, as the mailbox view shows it.
 *
 * @param number    its place in the order of arrival, from 1
 * @param messageId the {@code Message-ID} header as sent (with its angle brackets)
 * @param text      the {@code text/plain} part (null when there is none)
 * @param html      the {@code text/html} part (null when there is none)
 * @param contentType the top-level content type, e.g. {@code multipart/alternative; boundary=...}
 */
public record ReceivedMail(long number, String messageId, String from, List<String> to, String subject,
                           String contentType, String text, String html, Instant receivedAt) {
}
