package io.github.commscentre.examples;

import io.github.commscentre.spi.DeliveryChannel;
import io.github.commscentre.spi.DeliveryOutcome;
import io.github.commscentre.spi.OutgoingMessage;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The example's email channel: instead of an SMTP server, each message becomes an {@code .eml} file in a folder, named
 * after its idempotency key, so a message handed over twice is written once. A host trying the library on a laptop
 * can open the files in any mail client; in production it registers {@code SmtpEmailChannel} instead.
 */
final class EmlFolderChannel implements DeliveryChannel {

    private final Path folder;
    private final Session session = Session.getInstance(new Properties());

    EmlFolderChannel(Path folder) {
        this.folder = folder;
    }

    @Override
    public List<DeliveryOutcome> deliver(List<OutgoingMessage> messages) throws IOException, MessagingException {
        Files.createDirectories(folder);
        List<DeliveryOutcome> outcomes = new ArrayList<>(messages.size());
        for (OutgoingMessage m : messages) {
            String messageId = "<" + m.idempotencyKey() + "@harbour-estates.example>";
            MimeMessage mail = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", messageId); // the same on every retry: a mail client shows a repeat once
                }
            };
            mail.setFrom(address("notices@harbour-estates.example", "Harbour Estates"));
            mail.setRecipient(Message.RecipientType.TO, address(m.recipientEmail(), m.recipientName()));
            mail.setSubject(m.subject(), "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(m.bodyHtml() == null ? "" : m.bodyHtml(), "UTF-8", "html");
            mail.setContent(new MimeMultipart("alternative", html));
            mail.saveChanges();
            try (OutputStream out = Files.newOutputStream(folder.resolve(m.idempotencyKey() + ".eml"))) {
                mail.writeTo(out);
            }
            outcomes.add(DeliveryOutcome.accepted(m.recipientId(), messageId));
        }
        return outcomes;
    }

    @Override
    public String unreachableReason(OutgoingMessage message) {
        return message.recipientEmail() == null ? "no email address" : null;
    }

    private static InternetAddress address(String email, String name) throws MessagingException {
        try {
            return new InternetAddress(email, name, "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("UTF-8 is always supported", e);
        }
    }
}
