package io.github.commscentre.email;

import io.github.commscentre.spi.DeliveryChannel;
import io.github.commscentre.spi.DeliveryOutcome;
import io.github.commscentre.spi.LetterRenderer;
import io.github.commscentre.spi.OutgoingMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * The email channel: sends each {@link OutgoingMessage} by SMTP, through Jakarta Mail (Eclipse Angus Mail).
 *
 * <pre>{@code
 * SmtpEmailChannel channel = SmtpEmailChannel.builder()
 *         .host("smtp.example.com")
 *         .from("notices@harbour-estates.co.uk", "Harbour Estates")
 *         .username("notices@harbour-estates.co.uk").password(secret)
 *         .build();                                     // STARTTLS required on port 587 by default
 * }</pre>
 *
 * <p>Each message is a {@code multipart/alternative} of a plain-text part (derived from the sanitised HTML: paragraphs,
 * line breaks and list items kept, links written "text (url)") and the HTML part, in UTF-8; {@code To} carries the
 * recipient's name and address; {@code Message-ID} is {@code <idempotencyKey@messageIdDomain>}, the same on every
 * retry, so that the provider or the recipient's server can recognise a repeat after a dispatcher crashed between
 * sending and recording; {@code X-Communication-Id}, {@code X-Recipient-Id} and {@code X-Organisation-Id} carry the
 * ids a bounce or a provider event needs to find the recipient again. The accepted outcome's provider message id is
 * that Message-ID, angle brackets included.
 *
 * <p>A batch is sent on one SMTP connection. Per message: the server took it: accepted; a 4xx reply: try later; a 5xx
 * reply or an address Jakarta Mail cannot parse: rejected. When the connection cannot be opened, or is lost
 * mid-batch (no reply, an I/O error, a timeout, a 421 reply), the message being sent and every one not yet sent are
 * try later, and those already accepted stay accepted. So is a refusal of the sender ({@code MAIL FROM}, 4xx or
 * 5xx): it says nothing against the recipients, and would fail every message the same way. {@link #deliver} never throws for trouble with a message or
 * with the server.
 *
 * <p><b>The letter as a PDF.</b> Built with {@link SmtpEmailChannelBuilder#attachLetters(LetterRenderer)}, each message
 * also carries
 * the recipient's letter ({@code multipart/mixed}: the two parts above, then an {@code application/pdf} attachment
 * named after the letter's date and subject), rendered from the same {@code Letter} as the facade's {@code letter(...)}
 * renders it, dated on the UK's calendar the day sending began. The accepted outcome carries the attachment's SHA-256
 * as its content digest, which the dispatcher records in the {@code dispatch_batch} audit event: the letter rendered
 * again later has the same digest. A letter with a character no font of the renderer can show is rejected, that
 * recipient alone, with the renderer's reason (it would fail on every attempt); a renderer that fails otherwise leaves
 * the message to be tried later. The email is never sent without the letter it should carry.
 *
 * <p>Thread-safe: each call of {@link #deliver} opens a connection of its own.
 */
public final class SmtpEmailChannel implements DeliveryChannel {

    /** Why a recipient without an address is not handed over; also the reason of such a message in a batch. */
    public static final String NO_EMAIL_ADDRESS = "no email address";

    private static final Logger log = LoggerFactory.getLogger(SmtpEmailChannel.class);

    private final String host;
    private final int port;
    private final SmtpSecurity security;
    private final String username;
    private final String password;
    private final String from;
    private final Properties properties;
    private final Session session;
    private final EmailMessages messages;
    /** {@code null} unless the host asked for the letter to be attached. */
    private final LetterAttachments letters;

    SmtpEmailChannel(SmtpEmailChannelBuilder b, InternetAddress from, InternetAddress replyTo, String messageIdDomain) {
        this.host = b.host;
        this.port = b.port == null ? b.security.defaultPort() : b.port;
        this.security = b.security;
        this.username = b.username;
        this.password = b.password;
        this.from = from.getAddress();
        this.properties = sessionProperties(b, this.port, from);
        this.session = Session.getInstance(properties);
        this.messages = new EmailMessages(session, from, replyTo, messageIdDomain, b.clock);
        this.letters = b.letterRenderer == null ? null : new LetterAttachments(b.letterRenderer);
    }

    /** @return a builder; {@code host} and {@code from} are required */
    public static SmtpEmailChannelBuilder builder() {
        return new SmtpEmailChannelBuilder();
    }

    /** @return {@value #NO_EMAIL_ADDRESS} when the recipient has no email address, otherwise {@code null} */
    @Override
    public String unreachableReason(OutgoingMessage message) {
        return message.recipientEmail() == null || message.recipientEmail().isBlank() ? NO_EMAIL_ADDRESS : null;
    }

    /**
     * Sends the messages on one SMTP connection and answers for each, in the order given.
     *
     * @param messages the messages of one communication
     * @return one outcome per message
     */
    @Override
    public List<DeliveryOutcome> deliver(List<OutgoingMessage> messages) {
        Objects.requireNonNull(messages, "messages must not be null");
        DeliveryOutcome[] outcomes = new DeliveryOutcome[messages.size()];
        List<Integer> sendable = new ArrayList<>(messages.size());
        MimeMessage[] mimes = new MimeMessage[messages.size()];
        String[] letterDigests = new String[messages.size()];
        for (int i = 0; i < messages.size(); i++) {
            OutgoingMessage message = messages.get(i);
            String unreachable = unreachableReason(message);
            if (unreachable != null) {
                outcomes[i] = DeliveryOutcome.rejected(message.recipientId(), unreachable);
                continue;
            }
            LetterAttachments.Attachment letter = null;
            if (letters != null) {
                try {
                    letter = letters.render(message);
                    letterDigests[i] = letter.sha256();
                } catch (LetterAttachments.NotAttached e) {
                    outcomes[i] = e.permanent() ? rejected(message, e.getMessage()) : tryLater(message, e.getMessage());
                    continue;
                }
            }
            try {
                mimes[i] = this.messages.build(message, letter);
                sendable.add(i);
            } catch (AddressException e) {
                outcomes[i] = rejected(message, "invalid email address: " + SmtpFailure.describe(e));
            } catch (MessagingException | RuntimeException e) {
                // The same message would fail the same way on every retry.
                outcomes[i] = rejected(message, "could not build the message: " + SmtpFailure.describe(e));
            }
        }
        if (!sendable.isEmpty()) {
            send(messages, mimes, letterDigests, sendable, outcomes);
        }
        return List.of(outcomes);
    }

    private void send(List<OutgoingMessage> messages, MimeMessage[] mimes, String[] letterDigests, List<Integer> sendable,
                      DeliveryOutcome[] outcomes) {
        OutgoingMessage first = messages.get(sendable.get(0));
        Transport transport;
        try {
            transport = session.getTransport("smtp");
            transport.connect(host, port, username, password);
        } catch (MessagingException | RuntimeException e) {
            String reason = SmtpFailure.clip("could not connect to " + where() + ": " + SmtpFailure.describe(e));
            log.warn("Email channel: {}; {} message(s) of communication {} to be tried later", reason, sendable.size(),
                    first.communicationId());
            log.debug("Email channel: connection failure", e);
            for (int i : sendable) {
                outcomes[i] = DeliveryOutcome.tryLater(messages.get(i).recipientId(), reason);
            }
            return;
        }
        String lost = null;
        int accepted = 0;
        try {
            for (int i : sendable) {
                OutgoingMessage message = messages.get(i);
                if (lost != null) {
                    outcomes[i] = DeliveryOutcome.tryLater(message.recipientId(), lost);
                    continue;
                }
                try {
                    transport.sendMessage(mimes[i], mimes[i].getAllRecipients());
                    String messageId = this.messages.messageId(message);
                    outcomes[i] = letterDigests[i] == null
                            ? DeliveryOutcome.accepted(message.recipientId(), messageId)
                            : DeliveryOutcome.accepted(message.recipientId(), messageId, letterDigests[i]);
                    accepted++;
                } catch (MessagingException | RuntimeException e) {
                    SmtpFailure failure = SmtpFailure.of(e);
                    log.debug("Email channel: recipient {} failed", message.recipientId(), e);
                    outcomes[i] = failure.permanent()
                            ? rejected(message, failure.reason())
                            : tryLater(message, failure.reason());
                    if (failure.endsBatch()) {
                        String what = failure.connectionLost() ? "the connection to " + where() + " was lost"
                                : where() + " refused the sender";
                        lost = SmtpFailure.clip("not sent: " + what + " before this message (" + failure.reason() + ")");
                        log.warn("Email channel: {} after {} accepted message(s) of communication {} ({});"
                                        + " the rest of the batch is to be tried later",
                                what, accepted, message.communicationId(), failure.reason());
                    }
                }
            }
        } finally {
            close(transport);
        }
        log.debug("Email channel: {} of {} message(s) of communication {} accepted by {}", accepted, messages.size(),
                first.communicationId(), where());
    }

    private static DeliveryOutcome rejected(OutgoingMessage message, String why) {
        String reason = SmtpFailure.clip(why);
        log.info("Email channel: recipient {} of communication {} rejected: {}", message.recipientId(),
                message.communicationId(), reason);
        return DeliveryOutcome.rejected(message.recipientId(), reason);
    }

    private static DeliveryOutcome tryLater(OutgoingMessage message, String why) {
        String reason = SmtpFailure.clip(why);
        log.info("Email channel: recipient {} of communication {} to be tried later: {}", message.recipientId(),
                message.communicationId(), reason);
        return DeliveryOutcome.tryLater(message.recipientId(), reason);
    }

    private static void close(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            // QUIT on a connection already gone: every outcome is known, nothing is lost.
            log.debug("Email channel: closing the connection failed: {}", SmtpFailure.describe(e));
        }
    }

    private String where() {
        return host + ":" + port;
    }

    /** @return a copy of the Jakarta Mail session properties this channel was built with, for tests */
    Properties sessionProperties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    private static Properties sessionProperties(SmtpEmailChannelBuilder b, int port, InternetAddress from) {
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.host", b.host);
        p.setProperty("mail.smtp.port", Integer.toString(port));
        p.setProperty("mail.smtp.from", from.getAddress()); // the envelope sender, where bounces go
        p.setProperty("mail.smtp.auth", Boolean.toString(b.username != null));
        p.setProperty("mail.smtp.connectiontimeout", Long.toString(b.connectTimeout.toMillis()));
        p.setProperty("mail.smtp.timeout", Long.toString(b.readTimeout.toMillis()));
        // Without it a server that stops reading would hold the dispatcher forever.
        p.setProperty("mail.smtp.writetimeout", Long.toString(b.readTimeout.toMillis()));
        switch (b.security) {
            case NONE -> {
                p.setProperty("mail.smtp.starttls.enable", "false");
                p.setProperty("mail.smtp.ssl.enable", "false");
            }
            case STARTTLS_REQUIRED -> {
                p.setProperty("mail.smtp.starttls.enable", "true");
                p.setProperty("mail.smtp.starttls.required", "true");
                p.setProperty("mail.smtp.ssl.enable", "false");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            case SMTPS -> {
                p.setProperty("mail.smtp.ssl.enable", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
        }
        if (b.sslSocketFactory != null) {
            p.put("mail.smtp.ssl.socketFactory", b.sslSocketFactory);
        }
        // Jakarta Mail would otherwise try again without the socket factory after any failure, a failed host name check
        // included, and report that second failure instead.
        p.setProperty("mail.smtp.socketFactory.fallback", "false");
        return p;
    }

    /** @return the server, the security and the sender; never the password */
    @Override
    public String toString() {
        return "SmtpEmailChannel[" + where() + ", " + security + ", from " + from
                + (username == null ? "" : ", as " + username) + (letters == null ? "" : ", letters attached") + "]";
    }
}
