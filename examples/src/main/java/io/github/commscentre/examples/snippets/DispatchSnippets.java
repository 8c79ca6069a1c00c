package io.github.commscentre.examples.snippets;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.DispatchPoller;
import io.github.commscentre.DispatchSettings;
import io.github.commscentre.email.SmtpEmailChannel;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.DeliveryChannel;
import io.github.commscentre.spi.DeliveryOutcome;
import io.github.commscentre.spi.OutgoingMessage;
import io.github.commscentre.spi.PropertyDirectory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The code of {@code docs/dispatch.md} and {@code docs/email-channel.md}, compiled; {@code DocsSnippetsTest} proves the page shows exactly this. */
public final class DispatchSnippets {

    private DispatchSnippets() {
    }

    /** A host's print-and-post service, as its client library might look. */
    public interface PostRoom {
        /**
         * @param reference the host's reference of the letter, kept by the service to refuse a repeat
         * @param name      the addressee
         * @param subject   the letter's heading
         * @param html      the letter's body
         * @return the service's job id
         * @throws PostRoomBusy when the service asks to come back later
         */
        String print(String reference, String name, String subject, String html) throws PostRoomBusy;
    }

    /** The print service's "come back later". */
    public static final class PostRoomBusy extends Exception {
        /** @param message the service's words */
        public PostRoomBusy(String message) {
            super(message);
        }
    }

    // tag::channel[]
    /** Letters go to the host's print-and-post service, one job per recipient. */
    public static final class PostRoomChannel implements DeliveryChannel {
        private final PostRoom postRoom;

        public PostRoomChannel(PostRoom postRoom) {
            this.postRoom = postRoom;
        }

        @Override
        public List<DeliveryOutcome> deliver(List<OutgoingMessage> messages) {
            List<DeliveryOutcome> outcomes = new ArrayList<>();
            for (OutgoingMessage m : messages) {
                try {
                    // the idempotency key is the same on every retry: the service prints a repeat once
                    String job = postRoom.print(m.idempotencyKey(), m.recipientName(), m.subject(), m.bodyHtml());
                    outcomes.add(DeliveryOutcome.accepted(m.recipientId(), job));
                } catch (PostRoomBusy e) {
                    outcomes.add(DeliveryOutcome.tryLater(m.recipientId(), e.getMessage()));
                }
            }
            return outcomes;
        }

        @Override
        public String unreachableReason(OutgoingMessage m) {
            return m.recipientName() == null ? "no leaseholder name to address the letter to" : null;
        }
    }
    // end::channel[]

    /** @return a facade that sends post through the host's print service */
    public static CommunicationCentre build(CommunicationStore store, PropertyDirectory directory, PostRoom postRoom) {
        // tag::build[]
        CommunicationCentre centre = CommunicationCentre.builder()
                .store(store)
                .directory(directory)
                .deliveryChannel("post", new PostRoomChannel(postRoom))
                .dispatchSettings(DispatchSettings.builder()
                        .batchSize(200)                       // recipients handed over at once
                        .maxAttempts(8)                       // try-later answers before a recipient fails
                        .rateLimit("post", 20)                // messages per second, per instance
                        .build())
                .build();
        // end::build[]
        return centre;
    }

    /** @return a facade that sends email by SMTP */
    public static CommunicationCentre email(CommunicationStore store, PropertyDirectory directory, String smtpPassword) {
        // tag::email[]
        SmtpEmailChannel email = SmtpEmailChannel.builder()
                .host("smtp.example.com")                                // STARTTLS required, port 587, by default
                .from("notices@harbour-estates.co.uk", "Harbour Estates")
                .replyTo("office@harbour-estates.co.uk")
                .username("notices@harbour-estates.co.uk").password(smtpPassword) // from your secret store
                .build();

        CommunicationCentre centre = CommunicationCentre.builder()
                .store(store)
                .directory(directory)
                .deliveryChannel("email", email)                          // communications with channel "email"
                .build();
        // end::email[]
        return centre;
    }

    /** Sends a communication now. */
    static Communication sendNow(CommunicationCentre centre, Caller admin, UUID id) {
        // tag::send[]
        Communication sending = centre.send(admin, id);   // sending now; dispatch rounds do the rest
        // end::send[]
        return sending;
    }

    /** @return the host's own scheduler running dispatch rounds */
    static ScheduledExecutorService hostScheduler(CommunicationCentre centre) {
        // tag::scheduler[]
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                centre.dispatchDue();
            } catch (RuntimeException e) {
                // UNAVAILABLE: the database is away; leases keep every recipient safe until the next round
            }
        }, 0, 5, TimeUnit.SECONDS);
        // end::scheduler[]
        return scheduler;
    }

    /** @return the built-in poller, running */
    static DispatchPoller poller(CommunicationCentre centre) {
        // tag::poller[]
        DispatchPoller poller = centre.startDispatchPoller(Duration.ofSeconds(5));
        // ... and when the application stops:
        poller.stop();
        // end::poller[]
        return poller;
    }
}
