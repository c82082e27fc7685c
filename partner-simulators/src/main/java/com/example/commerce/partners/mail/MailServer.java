package com.example.commerce.partners.mail;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.smtp.SmtpHandler;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.smtp.commands.SmtpCommandRegistry;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A real SMTP server (GreenMail) on its own port, whose every accepted message is kept here, in memory, for the
 * mailbox view. Two knobs for tests and people: a set of addresses it refuses for good ({@code RCPT TO} answered
 * {@code 550}, so the sender sees a permanent failure) and taking the server down (its port closed: connections
 * refused) and up again. What arrived stays across down and up; {@link #reset} forgets it.
 */
public class MailServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MailServer.class);

    private final MailProperties properties;
    private final Clock clock;
    private final List<ReceivedMail> received = new CopyOnWriteArrayList<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final AtomicLong numbers = new AtomicLong();
    private GreenMail greenMail;
    private int port;
    private boolean running;

    public MailServer(MailProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        running = true;
        up();
    }

    @Override
    public synchronized void stop() {
        down();
        running = false;
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    /** Opens the SMTP port (again); the same port as before once one was chosen. */
    public synchronized void up() {
        if (greenMail != null) {
            return;
        }
        int wanted = port != 0 ? port : properties.smtpPort() != 0 ? properties.smtpPort() : freePort();
        if (port == 0 && properties.smtpPort() != 0 && !free(wanted)) {
            // A stand-in must not stop the other simulators (tests start this jar beside a running local stack).
            int instead = freePort();
            log.warn("SMTP port {} is taken: the mail server listens on {} instead (GET /mail/admin/behaviour)",
                    wanted, instead);
            wanted = instead;
        }
        GreenMail server = new RecordingGreenMail(new ServerSetup(wanted, properties.bindAddress(),
                ServerSetup.PROTOCOL_SMTP));
        server.start();
        greenMail = server;
        port = wanted;
        log.info("Mail server (SMTP) listening on {}:{}", properties.bindAddress(), port);
    }

    /** Closes the SMTP port: senders get a refused connection until {@link #up}. */
    public synchronized void down() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
            log.info("Mail server (SMTP) taken down");
        }
    }

    /** Whether the SMTP port is open. */
    public synchronized boolean isUp() {
        return greenMail != null;
    }

    /** The SMTP port (0 before the first start). */
    public synchronized int port() {
        return port;
    }

    /** Refuses these addresses for good from now on (replacing the set before). */
    public void refuse(Collection<String> addresses) {
        refused.clear();
        addresses.forEach(address -> refused.add(normalise(address)));
    }

    public Set<String> refused() {
        return Set.copyOf(refused);
    }

    /** Every accepted message, in order of arrival. */
    public List<ReceivedMail> messages() {
        return List.copyOf(received);
    }

    /** The messages to one address, in order of arrival. */
    public List<ReceivedMail> messagesTo(String address) {
        String wanted = normalise(address);
        return received.stream().filter(mail -> mail.to().contains(wanted)).toList();
    }

    /** How many messages each address received. */
    public Map<String, Long> mailboxes() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ReceivedMail mail : received) {
            for (String to : mail.to()) {
                counts.merge(to, 1L, Long::sum);
            }
        }
        return counts;
    }

    /** Forgets every message and refusal and brings the server up. */
    public void reset() {
        received.clear();
        refused.clear();
        up();
    }

    private boolean free(int candidate) {
        try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getByName(properties.bindAddress()))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(properties.bindAddress()))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String normalise(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }

    private void record(SmtpState state) {
        MimeMessage message = state.getMessage().getMessage();
        List<String> to = state.getMessage().getToAddresses().stream().map(MailAddress::getEmail)
                .map(MailServer::normalise).toList();
        try {
            Parts parts = new Parts();
            parts.collect(message);
            Address[] from = message.getFrom();
            received.add(new ReceivedMail(numbers.incrementAndGet(), message.getMessageID(),
                    from == null || from.length == 0 ? null : from[0].toString(), to, message.getSubject(),
                    message.getContentType(), parts.text, parts.html, clock.instant()));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("Cannot read a received message", e);
        }
    }

    private static final class Parts {
        String text;
        String html;

        void collect(Part part) throws MessagingException, IOException {
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart body = multipart.getBodyPart(i);
                    collect(body);
                }
            } else if (part.isMimeType("text/plain") && text == null) {
                text = part.getContent().toString();
            } else if (part.isMimeType("text/html") && html == null) {
                html = part.getContent().toString();
            }
        }
    }

    /** GreenMail whose SMTP server refuses {@link #refused} addresses and records what it accepts. */
    private final class RecordingGreenMail extends GreenMail {

        RecordingGreenMail(ServerSetup setup) {
            super(setup);
        }

        @Override
        protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers managers) {
            Map<String, AbstractServer> services = new LinkedHashMap<>(super.createServices(config, managers));
            services.replaceAll((protocol, server) -> server instanceof SmtpServer
                    ? new RecordingSmtpServer(server.getServerSetup(), managers) : server);
            return services;
        }
    }

    private final class RecordingSmtpServer extends SmtpServer {

        private final SmtpManager manager;

        RecordingSmtpServer(ServerSetup setup, Managers managers) {
            super(setup, managers);
            this.manager = new SmtpManager(managers.getImapHostManager(), managers.getUserManager()) {
                @Override
                public String checkRecipient(SmtpState state, MailAddress rcpt) {
                    if (refused.contains(normalise(rcpt.getEmail()))) {
                        return "550 5.1.1 Recipient address rejected: mailbox unavailable";
                    }
                    return super.checkRecipient(state, rcpt);
                }

                @Override
                public synchronized void send(SmtpState state) {
                    record(state);
                    super.send(state);
                }
            };
        }

        @Override
        protected ProtocolHandler createProtocolHandler(Socket socket) {
            return new SmtpHandler(new SmtpCommandRegistry(), manager, socket);
        }
    }
}
