package com.example.commerce.customer.notification;

import jakarta.mail.SendFailedException;
import java.util.Locale;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Tells a mail server's refusal for good from a failure worth trying again. Permanent: the server answered a
 * 5xx reply to the sender, a recipient or the data (SMTP's permanent negative completion, RFC 5321 §4.2.1), or
 * named the recipient invalid. Everything else (no connection, a timeout, a 4xx "try later") is transient.
 */
final class SmtpFailures {

    private SmtpFailures() {
    }

    static boolean permanent(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            Integer code = switch (cause) {
                case SMTPAddressFailedException address -> address.getReturnCode();
                case SMTPSenderFailedException sender -> sender.getReturnCode();
                case SMTPSendFailedException send -> send.getReturnCode();
                default -> null;
            };
            if (code != null && code >= 500 && code < 600) {
                return true;
            }
            if (code == null && cause instanceof SendFailedException send && send.getInvalidAddresses() != null
                    && send.getInvalidAddresses().length > 0 && send.getNextException() == null) {
                return true; // refused before any reply code (an address the client itself found invalid)
            }
        }
        return false;
    }

    private static Throwable next(Throwable cause) {
        if (cause instanceof jakarta.mail.MessagingException messaging && messaging.getNextException() != null
                && messaging.getNextException() != cause) {
            return messaging.getNextException();
        }
        if (cause instanceof org.springframework.mail.MailSendException send && !send.getFailedMessages().isEmpty()) {
            return send.getFailedMessages().values().iterator().next();
        }
        return cause.getCause() == cause ? null : cause.getCause();
    }

    /** A failure's description without the recipient's address (kept in tables an erasure must clean otherwise). */
    static String describe(Throwable failure, String address) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; cause != null && text.length() < 1500; cause = next(cause)) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        }
        String described = text.toString();
        if (address != null && !address.isBlank()) {
            described = described.replaceAll("(?i)" + java.util.regex.Pattern.quote(address.toLowerCase(Locale.ROOT)),
                    "<recipient>");
        }
        return described.length() > 1900 ? described.substring(0, 1900) : described;
    }
}
