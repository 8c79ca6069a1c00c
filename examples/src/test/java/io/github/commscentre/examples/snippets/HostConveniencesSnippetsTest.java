package io.github.commscentre.examples.snippets;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.PageRequest;
import io.github.commscentre.inmemory.InMemoryCommunicationStore;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import io.github.commscentre.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the reading conveniences the getting-started page shows, as a host would, on the in-memory store. */
class HostConveniencesSnippetsTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-02T09:00:00.123456789Z"));
    private final InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory()
            .addUnit("harbour-estates", "riverside-court", "RC-1", "Margaret Ellis", "m.ellis@example.org")
            .addUnit("harbour-estates", "riverside-court", "RC-2", "Tom Baker", "t.baker@example.org");
    private final CommunicationCentre centre = CommunicationCentre.builder().store(new InMemoryCommunicationStore())
            .directory(directory).clock(clock).build();
    private final Caller admin = Caller.admin("harbour-estates", "alice");
    private final Caller member = Caller.member("harbour-estates", "bob");

    @Test
    void theSnippetsReadWhatTheyPromise() {
        Communication agm = centre.create(admin, NewCommunication.builder(CommunicationType.AGM_NOTICE, "AGM 2026").build());
        Communication sentNotice = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Roof works")
                .blockId("riverside-court").build());
        centre.addBlockRecipients(admin, sentNotice.id());
        Recipient rc2 = centre.listRecipients(admin, sentNotice.id(), RecipientFilter.all(), PageRequest.first()).items().get(1);
        centre.updateRecipientStatus(admin, rc2.id(), DeliveryStatus.BOUNCED, "mailbox full");
        centre.markSent(admin, sentNotice.id());

        assertThat(HostConveniencesSnippets.recipientById(centre, member, rc2.id()).unitId()).isEqualTo("RC-2");
        assertThat(HostConveniencesSnippets.draftAgmSubjects(centre, member)).containsExactly(agm.subject());
        assertThat(HostConveniencesSnippets.bouncedUnits(centre, member, sentNotice.id())).containsExactly("RC-2");
        assertThat(HostConveniencesSnippets.dashboard(centre, member)).containsEntry(CommunicationType.NOTICE, 1L)
                .containsEntry(CommunicationType.AGM_NOTICE, 0L);
        Instant nineTomorrow = clock.instant().plus(Duration.ofDays(1));
        assertThat(HostConveniencesSnippets.scheduleForNineTomorrow(centre, admin, nineTomorrow).scheduledAt())
                .isEqualTo(nineTomorrow.plusNanos(123).truncatedTo(ChronoUnit.MICROS));
    }
}
