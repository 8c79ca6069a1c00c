package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.DispatchSettings;
import io.github.commscentre.spi.CommunicationStore;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the dispatch parts share: a facade with an {@code email} channel that records what it is handed (and cannot
 * reach a recipient without an email address), communications on that channel, and dispatch rounds limited to the
 * test's organisation, since the store may hold other tests' communications.
 */
abstract class DispatchFixture extends BehaviourFixture {

    /** The channel of this test's facade, for communications on {@code email}. */
    protected RecordingDeliveryChannel email;

    /** Settings with small, exact numbers: batches of 2, first retry after 30 s, three attempts. */
    protected static final DispatchSettings SETTINGS = DispatchSettings.builder().batchSize(2)
            .firstRetryAfter(Duration.ofSeconds(30)).longestRetryPause(Duration.ofMinutes(5)).maxAttempts(3)
            .lease(Duration.ofMinutes(5)).channelTimeout(Duration.ofSeconds(30)).build();

    @Override
    protected CommunicationCentre centreOver(CommunicationStore s) {
        email = RecordingDeliveryChannel.acceptingAll().needingEmail();
        return centreWith(s, email, SETTINGS);
    }

    /** @return a facade over {@code s} with {@code channel} registered for {@code email} and these settings */
    protected CommunicationCentre centreWith(CommunicationStore s, RecordingDeliveryChannel channel, DispatchSettings settings) {
        return CommunicationCentre.builder().store(s).directory(directory).clock(clock)
                .deliveryChannel("email", channel).dispatchSettings(settings).build();
    }

    /** @param units the units to add @return a draft on the email channel with these recipients */
    protected Communication emailWith(String... units) {
        tick();
        Communication c = create(notice("AGM 2030").bodyHtml("<p>The AGM is on 1 May.</p>").blockId(BLOCK_A)
                .channel("email").build());
        if (units.length > 0) {
            tick();
            centre.addRecipients(admin, c.id(), List.of(units));
        }
        tick();
        return c;
    }

    /** @return one dispatch round of this test's organisation */
    protected io.github.commscentre.DispatchReport dispatch() {
        return centre.dispatchDue(org);
    }

    /** @param id a communication @return the types of its audit events, in order */
    protected List<AuditEventType> types(UUID id) {
        return trail(id).stream().map(AuditEvent::type).toList();
    }

    /** @param id a communication @return its dispatch_batch events */
    protected List<AuditEvent> batchEvents(UUID id) {
        return trail(id).stream().filter(e -> e.type() == AuditEventType.DISPATCH_BATCH).toList();
    }

    /** Asserts that the organisation's trail verifies, records included. */
    protected void assertVerifies() {
        var v = centre.verifyAuditTrail(admin);
        assertThat(v.intact()).as("verification: %s", v.findings()).isTrue();
    }
}
