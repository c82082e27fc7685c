package com.example.commerce.customer.notification;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import java.util.Map;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailSendException;

/** Which answers of a mail server end an email for good, and what is kept of them. */
class SmtpFailuresTests {

    private static final String ADDRESS = "Ann.Example@example.com";

    @Test
    void aRecipientRefusedWithA5xxReplyIsPermanent() throws Exception {
        assertThat(SmtpFailures.permanent(wrapped(refusedRecipient(550)))).isTrue();
    }

    @Test
    void aRecipientRefusedWithA4xxReplyIsWorthTryingAgain() throws Exception {
        assertThat(SmtpFailures.permanent(wrapped(refusedRecipient(450)))).isFalse();
    }

    @Test
    void dataRefusedWithA5xxReplyIsPermanentAndA4xxIsNot() {
        assertThat(SmtpFailures.permanent(new MailSendException("send", new SMTPSendFailedException("DATA", 554,
                "554 rejected", null, null, null, null)))).isTrue();
        assertThat(SmtpFailures.permanent(new MailSendException("send", new SMTPSendFailedException("DATA", 451,
                "451 try later", null, null, null, null)))).isFalse();
    }

    @Test
    void noConnectionIsWorthTryingAgain() {
        MessagingException connect = new MessagingException("Couldn't connect to host", new ConnectException("Connection refused"));
        assertThat(SmtpFailures.permanent(new MailSendException("Mail server connection failed", connect))).isFalse();
    }

    @Test
    void theDescriptionKeepsTheServersAnswerWithoutTheAddress() throws Exception {
        String described = SmtpFailures.describe(wrapped(refusedRecipient(550)), ADDRESS.toLowerCase());
        assertThat(described).contains("550 5.1.1 mailbox unavailable").contains("<recipient>")
                .doesNotContainIgnoringCase(ADDRESS);
    }

    private static SMTPAddressFailedException refusedRecipient(int code) throws Exception {
        return new SMTPAddressFailedException(new InternetAddress(ADDRESS), "RCPT TO:<" + ADDRESS + ">", code,
                code + " 5.1.1 mailbox unavailable for " + ADDRESS);
    }

    /** As JavaMailSenderImpl reports it: the failed message mapped to a SendFailedException naming the address. */
    private static MailSendException wrapped(SMTPAddressFailedException refused) throws Exception {
        SendFailedException invalid = new SendFailedException("Invalid Addresses", refused,
                null, null, new InternetAddress[] {new InternetAddress(ADDRESS)});
        return new MailSendException(Map.of(new Object(), invalid));
    }
}
