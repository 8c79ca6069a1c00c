package io.github.commscentre.examples.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.DeliveryEvent;
import io.github.commscentre.DeliveryEvent.Outcome;
import io.github.commscentre.DeliveryEvent.Result;
import io.github.commscentre.DeliveryProvider;
import io.github.commscentre.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A SendGrid Event Webhook endpoint on the JDK's own HTTP server: it takes SendGrid's JSON batch, checks its
 * signature, and applies its delivery events with {@link CommunicationCentre#applyDeliveryEvents}, a thousand at a
 * time. A host with a web framework does the same in a controller; what matters is the answer: {@code 200} once the
 * events are applied (whatever each one's outcome, so that SendGrid stops sending them), {@code 503} when the store is
 * unavailable (SendGrid sends the batch again later, and what was applied is then a duplicate), {@code 400} for a body
 * that is not a batch, {@code 401} for a missing or wrong signature.
 */
public final class SendGridWebhook implements AutoCloseable {

    /** The path the endpoint listens on. */
    public static final String PATH = "/webhooks/sendgrid";
    static final String SIGNATURE = "X-Twilio-Email-Event-Webhook-Signature";
    static final String TIMESTAMP = "X-Twilio-Email-Event-Webhook-Timestamp";
    /** Far more than SendGrid posts at once (it posts when a batch reaches about 768 KB). */
    static final int MAX_BODY_BYTES = 5 * 1024 * 1024;
    /** Events per call of the facade: a batch of a few statements each, whatever SendGrid posted. */
    static final int CHUNK = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(SendGridWebhook.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final CommunicationCentre centre;
    private final DeliveryProvider provider;
    private final PublicKey verificationKey;

    private SendGridWebhook(HttpServer server, ExecutorService executor, CommunicationCentre centre,
                            DeliveryProvider provider, PublicKey verificationKey) {
        this.server = server;
        this.executor = executor;
        this.centre = centre;
        this.provider = provider;
        this.verificationKey = verificationKey;
    }

    /**
     * Starts the endpoint.
     *
     * @param centre          the Communications Centre
     * @param provider        the system caller the events are applied as: {@code DeliveryProvider.named("sendgrid")}
     *                        for a webhook of every organisation (events matched by token), or
     *                        {@code .forOrganisation(id)} for a webhook URL of one organisation
     * @param verificationKey SendGrid's verification key ({@link #verificationKey(String)}), or {@code null} when a
     *                        gateway in front has checked the signature already
     * @param address         where to listen; port 0 for any free one
     * @return the running endpoint
     * @throws IOException if the address cannot be bound
     */
    public static SendGridWebhook start(CommunicationCentre centre, DeliveryProvider provider, PublicKey verificationKey,
                                        InetSocketAddress address) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "sendgrid-webhook");
            t.setDaemon(true);
            return t;
        });
        SendGridWebhook webhook = new SendGridWebhook(server, executor, centre, provider, verificationKey);
        server.createContext(PATH, webhook::handle);
        server.setExecutor(executor);
        server.start();
        return webhook;
    }

    /**
     * @param base64 the key SendGrid shows in its Event Webhook settings (base64 of an X.509 EC public key)
     * @return the key that checks its signatures
     */
    public static PublicKey verificationKey(String base64) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an EC public key in base64: " + e.getMessage(), e);
        }
    }

    /** @return the endpoint's address */
    public URI uri() {
        InetSocketAddress at = server.getAddress();
        return URI.create("http://" + at.getHostString() + ":" + at.getPort() + PATH);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                answer(exchange, 405, "{\"error\":\"POST a SendGrid event batch\"}");
                return;
            }
            byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                answer(exchange, 413, "{\"error\":\"a batch of at most " + MAX_BODY_BYTES + " bytes\"}");
                return;
            }
            if (verificationKey != null && !signed(exchange, body)) {
                answer(exchange, 401, "{\"error\":\"missing or wrong signature\"}");
                return;
            }
            SendGridEvents.Parsed parsed;
            try {
                parsed = SendGridEvents.parse(new String(body, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                answer(exchange, 400, "{\"error\":\"" + e.getMessage().replace("\"", "'") + "\"}");
                return;
            }
            Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
            try {
                apply(parsed.events(), counts);
            } catch (CommunicationCentreException e) {
                if (e.code() != ErrorCode.UNAVAILABLE && e.code() != ErrorCode.CONFLICT) {
                    throw e;
                }
                LOG.warn("SendGrid batch of {} events not applied, answered 503 for a retry: {}", parsed.events().size(),
                        e.getMessage());
                answer(exchange, 503, "{\"error\":\"try again later\"}");
                return;
            }
            answer(exchange, 200, summary(counts, parsed.ignored()));
        }
    }

    // tag::apply-batch[]
    private void apply(List<DeliveryEvent> events, Map<Outcome, Integer> counts) {
        for (int from = 0; from < events.size(); from += CHUNK) {
            List<DeliveryEvent> chunk = events.subList(from, Math.min(events.size(), from + CHUNK));
            for (DeliveryEvent.Result result : centre.applyDeliveryEvents(provider, chunk)) {
                counts.merge(result.outcome(), 1, Integer::sum);
                if (result.outcome() == DeliveryEvent.Outcome.REJECTED) {
                    LOG.info("SendGrid event {} rejected: {}", result.providerEventId(), result.detail());
                }
            }
        }
    }
    // end::apply-batch[]

    /** SendGrid signs the timestamp header followed by the body with ECDSA P-256 and SHA-256. */
    private boolean signed(HttpExchange exchange, byte[] body) {
        String signature = exchange.getRequestHeaders().getFirst(SIGNATURE);
        String timestamp = exchange.getRequestHeaders().getFirst(TIMESTAMP);
        if (signature == null || timestamp == null) {
            return false;
        }
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initVerify(verificationKey);
            ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
            ecdsa.update(body);
            return ecdsa.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String summary(Map<Outcome, Integer> counts, int ignored) {
        StringBuilder json = new StringBuilder("{");
        for (Outcome outcome : Outcome.values()) {
            json.append('"').append(outcome.name().toLowerCase(java.util.Locale.ROOT)).append("\":")
                    .append(counts.getOrDefault(outcome, 0)).append(',');
        }
        return json.append("\"ignored\":").append(ignored).append('}').toString();
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
