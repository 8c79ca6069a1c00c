package io.github.commscentre.email;

/** How the connection to the SMTP server is protected. */
public enum SmtpSecurity {

    /**
     * A plain connection, never upgraded: for a relay on the same host or a private network, and for tests. A channel
     * with this setting refuses a username and password, which would cross the network in clear.
     */
    NONE,

    /**
     * A plain connection upgraded with STARTTLS before anything else is said (the usual submission port, 587). A server
     * that does not offer STARTTLS is not written to: the batch is tried later. The server's certificate and host name
     * are checked. The default.
     */
    STARTTLS_REQUIRED,

    /** TLS from the first byte (implicit TLS, port 465). The server's certificate and host name are checked. */
    SMTPS;

    /** @return the port this kind of connection uses unless told otherwise */
    int defaultPort() {
        return switch (this) {
            case NONE -> 25;
            case STARTTLS_REQUIRED -> 587;
            case SMTPS -> 465;
        };
    }
}
