package io.github.commscentre.email;

import io.github.commscentre.spi.LetterRenderer;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import javax.net.ssl.SSLSocketFactory;
import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Settings of a {@link SmtpEmailChannel}. Setters only record; {@link #build()} checks every setting and refuses a
 * bad one with an {@link IllegalArgumentException} naming it.
 */
public final class SmtpEmailChannelBuilder {

    private static final Pattern DOMAIN = Pattern.compile(
            "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern HOST = Pattern.compile("[^\\s/@]+");

    String host;
    Integer port;
    String fromAddress;
    String fromName;
    String replyTo;
    String username;
    String password;
    SmtpSecurity security = SmtpSecurity.STARTTLS_REQUIRED;
    Duration connectTimeout = Duration.ofSeconds(10);
    Duration readTimeout = Duration.ofSeconds(30);
    String messageIdDomain;
    SSLSocketFactory sslSocketFactory;
    Clock clock = Clock.systemUTC();
    LetterRenderer letterRenderer;

    SmtpEmailChannelBuilder() {
    }

    /** @param host the SMTP server's host name or IP address (required) @return this builder */
    public SmtpEmailChannelBuilder host(String host) {
        this.host = host;
        return this;
    }

    /**
     * @param port the SMTP server's port; unset, 587 for {@link SmtpSecurity#STARTTLS_REQUIRED}, 465 for
     *             {@link SmtpSecurity#SMTPS}, 25 for {@link SmtpSecurity#NONE}
     * @return this builder
     */
    public SmtpEmailChannelBuilder port(int port) {
        this.port = port;
        return this;
    }

    /**
     * @param address     the sender's address (required): the {@code From} header and the envelope sender, so
     *                    bounces come back to it
     * @param displayName the name shown beside it ("Harbour Estates"), or {@code null}
     * @return this builder
     */
    public SmtpEmailChannelBuilder from(String address, String displayName) {
        this.fromAddress = address;
        this.fromName = displayName;
        return this;
    }

    /** @param address where leaseholders' replies go, when not to the sender; {@code null} for none @return this builder */
    public SmtpEmailChannelBuilder replyTo(String address) {
        this.replyTo = address;
        return this;
    }

    /** @param username the account to log in with; set with a password, or neither @return this builder */
    public SmtpEmailChannelBuilder username(String username) {
        this.username = username;
        return this;
    }

    /** @param password the account's password; set with a username, or neither @return this builder */
    public SmtpEmailChannelBuilder password(String password) {
        this.password = password;
        return this;
    }

    /** @param security how the connection is protected; defaults to {@link SmtpSecurity#STARTTLS_REQUIRED} @return this builder */
    public SmtpEmailChannelBuilder security(SmtpSecurity security) {
        this.security = security;
        return this;
    }

    /** @param connectTimeout how long opening the connection may take; defaults to 10 seconds @return this builder */
    public SmtpEmailChannelBuilder connectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        return this;
    }

    /**
     * @param readTimeout how long the server may take to answer one command, or to take one write; defaults to 30
     *                    seconds. A message whose reply does not come in time is tried later, with the rest of the
     *                    batch
     * @return this builder
     */
    public SmtpEmailChannelBuilder readTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
        return this;
    }

    /**
     * @param messageIdDomain the right-hand side of every Message-ID ({@code <idempotencyKey@messageIdDomain>}); a
     *                        domain the sender controls. Defaults to the domain of the {@code from} address
     * @return this builder
     */
    public SmtpEmailChannelBuilder messageIdDomain(String messageIdDomain) {
        this.messageIdDomain = messageIdDomain;
        return this;
    }

    /**
     * @param sslSocketFactory the factory of TLS sockets for STARTTLS and SMTPS, for a server whose certificate the
     *                         JVM's default trust store does not know (a private certificate authority); the host
     *                         name is checked all the same. Unset, the JVM's default
     * @return this builder
     */
    public SmtpEmailChannelBuilder sslSocketFactory(SSLSocketFactory sslSocketFactory) {
        this.sslSocketFactory = sslSocketFactory;
        return this;
    }

    /** @param clock the source of each message's {@code Date} header; defaults to {@link Clock#systemUTC()} @return this builder */
    public SmtpEmailChannelBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /**
     * Attaches the recipient's letter to every message, as a PDF, and reports its SHA-256 as the accepted outcome's
     * content digest, so that the audit trail records exactly which letter was sent. Use the renderer the facade
     * has ({@code letterRenderer(...)}), so that {@code CommunicationCentre.letter(...)} renders the same bytes
     * again. For letters on some communications only, register a second channel built with it under a channel
     * name of its own ({@code "email-with-letter"}, say).
     *
     * @param renderer renders each recipient's letter (communication-centre-letters' {@code PdfLetterRenderer}, or
     *                 the host's own); {@code null}, the default, for messages without an attachment
     * @return this builder
     */
    public SmtpEmailChannelBuilder attachLetters(LetterRenderer renderer) {
        this.letterRenderer = renderer;
        return this;
    }

    /**
     * @return the channel
     * @throws IllegalArgumentException naming the first setting that is missing or wrong
     */
    public SmtpEmailChannel build() {
        if (host == null || !HOST.matcher(host).matches()) {
            throw bad("host", host == null ? "is required" : "must be a host name or an IP address, was '" + host + "'");
        }
        if (security == null) {
            throw bad("security", "must not be null: NONE, STARTTLS_REQUIRED or SMTPS");
        }
        if (port != null && (port < 1 || port > 65_535)) {
            throw bad("port", "must be between 1 and 65535, was " + port);
        }
        InternetAddress from = address("from", fromAddress, fromName);
        InternetAddress reply = replyTo == null ? null : address("replyTo", replyTo, null);
        if ((username == null) != (password == null)) {
            throw bad(username == null ? "username" : "password", "is required with "
                    + (username == null ? "a password" : "a username") + ": set both, or neither");
        }
        if (username != null && username.isBlank()) {
            throw bad("username", "must not be blank");
        }
        if (username != null && security == SmtpSecurity.NONE) {
            throw bad("security", "NONE would send the password in clear: use STARTTLS_REQUIRED or SMTPS with a username");
        }
        timeout("connectTimeout", connectTimeout);
        timeout("readTimeout", readTimeout);
        if (clock == null) {
            throw bad("clock", "must not be null");
        }
        String domain = messageIdDomain;
        if (domain == null) {
            domain = from.getAddress().substring(from.getAddress().lastIndexOf('@') + 1);
            if (!isDomain(domain)) {
                throw bad("messageIdDomain", "is required: the from address's domain '" + domain
                        + "' is not a plain domain name");
            }
        } else if (!isDomain(domain)) {
            throw bad("messageIdDomain", "must be a domain name such as notices.example.com, was '" + domain + "'");
        }
        return new SmtpEmailChannel(this, from, reply, domain.toLowerCase(Locale.ROOT));
    }

    private static InternetAddress address(String setting, String address, String name) {
        if (address == null || address.isBlank()) {
            throw bad(setting, "is required");
        }
        try {
            InternetAddress parsed = new InternetAddress(address.strip(), true);
            parsed.validate();
            if (parsed.getPersonal() != null || parsed.isGroup() || parsed.getAddress().indexOf('@') < 0) {
                throw new AddressException("not a plain address", address);
            }
            String personal = name == null || name.isBlank() ? null : EmailMessages.oneLine(name);
            return new InternetAddress(EmailMessages.ascii(parsed.getAddress()), personal, "UTF-8");
        } catch (AddressException e) {
            throw bad(setting, "must be one plain email address such as notices@example.com, was '" + address + "' ("
                    + e.getMessage() + ")");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    private static void timeout(String setting, Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.toMillis() < 1
                || timeout.toMillis() > Integer.MAX_VALUE) {
            throw bad(setting, "must be between 1 ms and " + Integer.MAX_VALUE + " ms, was " + timeout);
        }
    }

    private static boolean isDomain(String domain) {
        return domain.length() <= 253 && DOMAIN.matcher(domain).matches();
    }

    private static IllegalArgumentException bad(String setting, String problem) {
        return new IllegalArgumentException(setting + " " + problem);
    }
}
