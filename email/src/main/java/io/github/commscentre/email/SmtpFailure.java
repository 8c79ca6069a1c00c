package io.github.commscentre.email;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * What went wrong with one message, read from what Jakarta Mail threw: the server's reply when it gave one (4xx: try
 * later, 5xx: refused for good), or a connection that can no longer be used (no reply at all, an I/O error, a timeout,
 * 421 "closing transmission channel").
 *
 * @param code           the SMTP reply code, or {@code -1} when there was no reply
 * @param reason         a one-line reason for the recipient's record
 * @param connectionLost whether the connection is gone, so the messages after this one cannot be sent on it
 * @param senderRefused  whether the server refused MAIL FROM: the sender, not this recipient, so the rest of the batch
 *                       would be refused the same way
 */
record SmtpFailure(int code, String reason, boolean connectionLost, boolean senderRefused) {

    /** Room enough for a server's reply; the record keeps up to 1,000 characters. */
    static final int REASON_MAX = 500;

    /** @return whether the server refused this recipient's message for good */
    boolean permanent() {
        return code >= 500 && code <= 599 && !senderRefused;
    }

    /** @return whether the rest of the batch cannot go on this connection */
    boolean endsBatch() {
        return connectionLost || senderRefused;
    }

    static SmtpFailure of(Throwable failure) {
        for (Throwable t : chain(failure)) {
            int code = replyCode(t);
            if (code >= 400 && code <= 599) {
                String text = reply(t.getMessage(), code);
                boolean sender = chain(failure).stream().anyMatch(SmtpFailure::isMailFrom);
                String reason = "SMTP " + code + (text.isEmpty() ? "" : " " + text) + (sender ? " (to MAIL FROM: the sender was refused)" : "");
                return new SmtpFailure(code, clip(reason), code == 421, sender);
            }
        }
        return new SmtpFailure(-1, clip("connection lost: " + describe(failure)), true, false);
    }

    /** @return the messages of a failure and its causes, on one line, for a reason or a log line */
    static String describe(Throwable failure) {
        List<String> parts = new ArrayList<>();
        for (Throwable t : chain(failure)) {
            String message = t.getMessage() == null ? "" : EmailMessages.oneLine(t.getMessage());
            String part = t instanceof MessagingException && !message.isEmpty()
                    ? message
                    : t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
            if (parts.stream().noneMatch(p -> p.contains(part))) {
                parts.add(part);
            }
        }
        return clip(String.join("; ", parts));
    }

    static String clip(String text) {
        return text.length() <= REASON_MAX ? text : text.substring(0, REASON_MAX - 1) + "…";
    }

    private static int replyCode(Throwable t) {
        if (t instanceof SMTPAddressFailedException e) {
            return e.getReturnCode();
        }
        if (t instanceof SMTPSenderFailedException e) {
            return e.getReturnCode();
        }
        if (t instanceof SMTPSendFailedException e) {
            return e.getReturnCode();
        }
        return -1;
    }

    /** Jakarta Mail throws a failed MAIL FROM as a failed send, naming the command, with the sender's failure next. */
    private static boolean isMailFrom(Throwable t) {
        String command = t instanceof SMTPSendFailedException e ? e.getCommand()
                : t instanceof SMTPSenderFailedException e ? e.getCommand() : null;
        return t instanceof SMTPSenderFailedException
                || command != null && command.regionMatches(true, 0, "MAIL FROM", 0, 9);
    }

    /** The server's text without its leading code, on one line ("451 4.7.1 Greylisted" → "4.7.1 Greylisted"). */
    private static String reply(String message, int code) {
        String text = message == null ? "" : EmailMessages.oneLine(message);
        String prefix = Integer.toString(code);
        if (text.startsWith(prefix)) {
            text = text.substring(prefix.length());
            if (text.startsWith("-") || text.startsWith(" ")) {
                text = text.substring(1);
            }
        }
        return text.strip();
    }

    /** The failure, its causes and the exceptions Jakarta Mail chains with {@code setNextException}, each once. */
    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> todo = new ArrayList<>(List.of(failure));
        while (!todo.isEmpty()) {
            Throwable t = todo.remove(0);
            if (t == null || !seen.add(t)) {
                continue;
            }
            chain.add(t);
            if (t instanceof MessagingException m && m.getNextException() != null) {
                todo.add(m.getNextException());
            }
            todo.add(t.getCause());
        }
        return chain;
    }
}
