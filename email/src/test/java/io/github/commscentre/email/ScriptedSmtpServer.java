package io.github.commscentre.email;

import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP server in a few lines, for what a real one will not do on demand: answer 451 or 550 for a chosen recipient,
 * after RCPT TO or after the data, close the connection after the n-th message or in the middle of one, or say
 * nothing at all. It speaks enough SMTP for Jakarta Mail: the greeting, EHLO/HELO, MAIL FROM, RCPT TO, DATA, RSET,
 * NOOP, QUIT; no STARTTLS, no AUTH. It can speak them over TLS from the first byte, as SMTPS.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    /** One message the server answered 250 to after its data. */
    record Received(String mailFrom, List<String> recipients, String data) {
    }

    private final ServerSocket server;
    private final Map<String, String> rcptReplies = new ConcurrentHashMap<>();
    private final Map<String, String> dataReplies = new ConcurrentHashMap<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger dataStarted = new AtomicInteger();
    private volatile String mailReply = "250 2.1.0 OK";
    private volatile int closeAfterMessages = -1;
    private volatile int closeDuringDataOf = -1;
    private volatile boolean silent;

    private ScriptedSmtpServer(ServerSocketFactory factory) throws IOException {
        server = factory.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "scripted-smtp-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static ScriptedSmtpServer start() {
        return start(ServerSocketFactory.getDefault());
    }

    /** @param tls the server's certificate and key: TLS from the first byte, as SMTPS */
    static ScriptedSmtpServer startSmtps(SSLContext tls) {
        return start(tls.getServerSocketFactory());
    }

    private static ScriptedSmtpServer start(ServerSocketFactory factory) {
        try {
            return new ScriptedSmtpServer(factory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** @param reply the whole reply line to RCPT TO for this address, e.g. {@code 451 4.7.1 Greylisted} */
    ScriptedSmtpServer replyToRcpt(String address, String reply) {
        rcptReplies.put(address.toLowerCase(Locale.ROOT), reply);
        return this;
    }

    /** @param reply the whole reply line to every MAIL FROM, e.g. {@code 550 5.7.1 Sender not allowed} */
    ScriptedSmtpServer replyToMail(String reply) {
        mailReply = reply;
        return this;
    }

    /** @param reply the whole reply line after the data of a message to this address */
    ScriptedSmtpServer replyAfterData(String address, String reply) {
        dataReplies.put(address.toLowerCase(Locale.ROOT), reply);
        return this;
    }

    /** Closes the connection right after answering 250 to the n-th message's data. */
    ScriptedSmtpServer closeAfterMessages(int n) {
        closeAfterMessages = n;
        return this;
    }

    /** Reads the whole data of the n-th message (counting from 1), then closes the connection without a reply. */
    ScriptedSmtpServer closeDuringDataOf(int n) {
        closeDuringDataOf = n;
        return this;
    }

    /** Accepts connections and never says a word. */
    ScriptedSmtpServer silent() {
        silent = true;
        return this;
    }

    int connections() {
        return connections.get();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** @return every command line received, in order, on every connection */
    List<String> commands() {
        return List.copyOf(commands);
    }

    @Override
    public void close() {
        try {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                connections.incrementAndGet();
                Thread session = new Thread(() -> converse(socket), "scripted-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void converse(Socket socket) {
        try (socket) {
            if (silent) {
                socket.getInputStream().read(); // until the client gives up
                return;
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            reply(out, "220 scripted.test ESMTP ready");
            String mailFrom = null;
            List<String> recipients = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                commands.add(line);
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(out, "250-scripted.test\r\n250-8BITMIME\r\n250 SIZE 10485760");
                    case "HELO", "NOOP" -> reply(out, "250 OK");
                    case "MAIL" -> {
                        mailFrom = between(line);
                        recipients.clear();
                        reply(out, mailReply);
                    }
                    case "RCPT" -> {
                        String address = between(line);
                        String answer = rcptReplies.getOrDefault(address.toLowerCase(Locale.ROOT), "250 2.1.5 OK");
                        if (answer.startsWith("2")) {
                            recipients.add(address);
                        }
                        reply(out, answer);
                    }
                    case "DATA" -> {
                        if (recipients.isEmpty()) {
                            reply(out, "503 5.5.1 No valid recipients");
                            continue;
                        }
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        String data = readData(in);
                        int number = dataStarted.incrementAndGet();
                        if (number == closeDuringDataOf) {
                            return; // the whole message read, no reply
                        }
                        String answer = dataReplies.getOrDefault(recipients.get(0).toLowerCase(Locale.ROOT), "250 2.0.0 Queued");
                        if (answer.startsWith("2")) {
                            received.add(new Received(mailFrom, List.copyOf(recipients), data));
                        }
                        reply(out, answer);
                        if (answer.startsWith("2") && received.size() == closeAfterMessages) {
                            return;
                        }
                        recipients.clear();
                    }
                    case "RSET" -> {
                        recipients.clear();
                        reply(out, "250 2.0.0 OK");
                    }
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 Bye");
                        return;
                    }
                    default -> reply(out, "500 5.5.2 Unknown command");
                }
            }
        } catch (IOException e) {
            // The client hung up, close() did, or the client refused the TLS handshake: what the tests look at is the
            // client's side.
        }
    }

    private static String readData(BufferedReader in) throws IOException {
        StringBuilder data = new StringBuilder();
        for (String line = in.readLine(); line != null && !line.equals("."); line = in.readLine()) {
            data.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
        }
        return data.toString();
    }

    private static String between(String line) {
        int open = line.indexOf('<');
        int close = line.indexOf('>', open + 1);
        return open < 0 || close < 0 ? "" : line.substring(open + 1, close);
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
