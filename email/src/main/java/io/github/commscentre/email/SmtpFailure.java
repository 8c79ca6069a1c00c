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
 */
record SmtpFailure(int code, String reason, boolean connectionLost) {

    /** Room enough for a server's reply; the record keeps up to 1,000 characters. */
    static final int REASON_MAX = 500;

    /** @return whether the server refused the message for good */
    boolean permanent() {
        return code >= 500 && code <= 599;
    }

    static SmtpFailure of(Throwable failure) {
        for (Throwable t : chain(failure)) {
            int code = replyCode(t);
            if (code >= 400 && code <= 599) {
                String text = reply(t.getMessage(), code);
                return new SmtpFailure(code, clip("SMTP " + code + (text.isEmpty() ? "" : " " + text)), code == 421);
            }
        }
        return new SmtpFailure(-1, clip("connection lost: " + describe(failure)), true);
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
