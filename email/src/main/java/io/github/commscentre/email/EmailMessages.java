package io.github.commscentre.email;

import io.github.commscentre.spi.OutgoingMessage;
import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;

import java.io.UnsupportedEncodingException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Date;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Turns an {@link OutgoingMessage} into the MIME message the channel sends. */
final class EmailMessages {

    static final String COMMUNICATION_ID = "X-Communication-Id";
    static final String RECIPIENT_ID = "X-Recipient-Id";
    static final String ORGANISATION_ID = "X-Organisation-Id";
    /** The message's correlation token, for a provider that gives a message's headers back in its webhooks. */
    static final String CORRELATION_TOKEN = "X-Correlation-Token";

    private static final String UTF_8 = "UTF-8";
    /** RFC 5322 dot-atom-text, what the left of a Message-ID may hold without quoting. */
    private static final Pattern DOT_ATOM = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern CONTROLS = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]+");

    private final Session session;
    private final InternetAddress from;
    private final InternetAddress replyTo;
    private final String messageIdDomain;
    private final Clock clock;

    EmailMessages(Session session, InternetAddress from, InternetAddress replyTo, String messageIdDomain, Clock clock) {
        this.session = session;
        this.from = from;
        this.replyTo = replyTo;
        this.messageIdDomain = messageIdDomain;
        this.clock = clock;
    }

    /**
     * @return the Message-ID of every copy of this message: the same on a retry, so that the provider or the recipient's
     *         server can drop a repeat
     */
    String messageId(OutgoingMessage message) {
        String key = message.idempotencyKey();
        String left = DOT_ATOM.matcher(key).matches() ? key : "sha256." + sha256Hex(key);
        return "<" + left + "@" + messageIdDomain + ">";
    }

    /**
     * @param attachment the recipient's letter to attach, or {@code null} for none
     * @return the message, its headers updated and ready for {@code Transport.sendMessage}
     * @throws AddressException when the recipient's address cannot be parsed: the message can never be sent
     */
    MimeMessage build(OutgoingMessage message, LetterAttachments.Attachment attachment) throws MessagingException {
        MimeMessage mime = new StableIdMessage(session, messageId(message));
        mime.setFrom(from);
        if (replyTo != null) {
            mime.setReplyTo(new InternetAddress[] {replyTo});
        }
        mime.setRecipient(MimeMessage.RecipientType.TO, recipient(message.recipientEmail(), message.recipientName()));
        mime.setSubject(oneLine(message.subject()), UTF_8);
        mime.setSentDate(Date.from(clock.instant()));
        mime.setHeader(COMMUNICATION_ID, message.communicationId().toString());
        mime.setHeader(RECIPIENT_ID, message.recipientId().toString());
        mime.setHeader(ORGANISATION_ID, headerText(ORGANISATION_ID, message.organisationId()));
        if (message.correlationToken() != null) {
            mime.setHeader(CORRELATION_TOKEN, headerText(CORRELATION_TOKEN, message.correlationToken()));
        }
        String html = message.bodyHtml();
        MimeMultipart alternative = null;
        if (html != null && !html.isBlank()) {
            MimeBodyPart text = new MimeBodyPart();
            text.setText(PlainText.of(html), UTF_8, "plain");
            MimeBodyPart rich = new MimeBodyPart();
            rich.setText(document(html), UTF_8, "html");
            alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(text);   // the simplest first: a reader shows the last part it understands
            alternative.addBodyPart(rich);
        }
        if (attachment == null) {
            if (alternative == null) {
                mime.setText("", UTF_8);
            } else {
                mime.setContent(alternative);
            }
        } else {
            MimeBodyPart body = new MimeBodyPart();
            if (alternative == null) {
                body.setText("", UTF_8);
            } else {
                body.setContent(alternative);
            }
            MimeMultipart mixed = new MimeMultipart("mixed");
            mixed.addBodyPart(body);         // the message first, then what it carries
            mixed.addBodyPart(pdf(attachment));
            mime.setContent(mixed);
        }
        mime.saveChanges();
        return mime;
    }

    private static MimeBodyPart pdf(LetterAttachments.Attachment attachment) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment.pdf(), "application/pdf")));
        part.setDisposition(Part.ATTACHMENT);
        part.setFileName(attachment.fileName());
        part.setHeader("Content-Transfer-Encoding", "base64");
        return part;
    }

    /**
     * @param email the snapshot's address; a display name written into it ({@code Ann <ann@example.com>}) is dropped
     *              for the snapshot's name
     * @throws AddressException when Jakarta Mail cannot parse it as one address with a domain
     */
    static InternetAddress recipient(String email, String name) throws AddressException {
        if (email == null || email.isBlank()) {
            throw new AddressException("no email address");
        }
        InternetAddress parsed = new InternetAddress(email.strip(), true);
        if (parsed.isGroup()) {
            throw new AddressException("a group, not one address", email);
        }
        parsed.validate();
        try {
            String personal = name == null || oneLine(name).isEmpty() ? null : oneLine(name);
            return new InternetAddress(ascii(parsed.getAddress()), personal, UTF_8);
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    /**
     * Jakarta Mail parses an address with letters outside ASCII but writes it to the server as ASCII, each such letter a
     * question mark: another mailbox. A domain has an ASCII form (IDNA, {@code żółw.pl} is {@code xn--w-uga1v8h.pl});
     * a mailbox name has none without SMTPUTF8, which this channel does not use.
     */
    static String ascii(String address) throws AddressException {
        int at = address.lastIndexOf('@');
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (!isAscii(local)) {
            throw new AddressException("a mailbox name outside ASCII needs SMTPUTF8, which this channel does not use", address);
        }
        if (isAscii(domain)) {
            return address;
        }
        try {
            return local + "@" + IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            throw new AddressException("the domain has no ASCII form (" + e.getMessage() + ")", address);
        }
    }

    private static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }

    /** Line breaks in a header value would start a header of their own. */
    static String oneLine(String text) {
        return CONTROLS.matcher(text).replaceAll(" ").strip();
    }

    /** ASCII text as it is (a token is ASCII and has no spaces to fold at), anything else encoded; on one line. */
    private static String headerText(String name, String value) {
        try {
            return MimeUtility.fold(name.length() + 2, MimeUtility.encodeText(oneLine(value), UTF_8, null));
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    /** The sanitised body is a fragment; a mail reader is surer of its encoding inside a document that states it. */
    private static String document(String fragment) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"UTF-8\"></head><body>\n" + fragment + "\n</body></html>\n";
    }

    private static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the SHA-256 of the bytes, 64 lower-case hex digits */
    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A MIME message whose Message-ID is given, not made up afresh by {@code saveChanges}. */
    private static final class StableIdMessage extends MimeMessage {

        private final String messageId;

        StableIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
