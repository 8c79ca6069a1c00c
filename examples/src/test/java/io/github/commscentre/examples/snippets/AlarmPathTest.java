package io.github.commscentre.examples.snippets;

import io.github.commscentre.AuditFinding;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.inmemory.InMemoryCommunicationStore;
import io.github.commscentre.inmemory.InMemoryStoreTampering;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host testing its alarm path with the in-memory store's public tampering hook, as docs/testing-with-in-memory.md
 * shows: the host's nightly check raises an alarm when verification finds the trail edited.
 */
class AlarmPathTest {

    /** The host's own code under test: what it does with a verification. */
    static final class NightlyAuditCheck {
        final List<String> alarms = new ArrayList<>();

        void run(CommunicationCentre centre, Caller auditor) {
            AuditVerification v = centre.verifyAuditTrail(auditor);
            if (!v.intact()) {
                alarms.add("audit trail broken at " + v.firstBrokenSequence().orElse(0) + ": " + v.firstProblem().orElse(""));
            }
        }
    }

    @Test
    void anEditedAuditEventRaisesTheAlarm() {
        // tag::alarm-path[]
        InMemoryCommunicationStore store = new InMemoryCommunicationStore();
        CommunicationCentre centre = CommunicationCentre.builder().store(store)
                .directory(new InMemoryPropertyDirectory()).build();
        Caller admin = Caller.admin("harbour-estates", "alice");
        Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Roof works").build());
        centre.markSent(admin, c.id());                               // events 1 (created) and 2 (sent)
        NightlyAuditCheck check = new NightlyAuditCheck();            // your code under test

        new InMemoryStoreTampering(store).changeAuditEventDetail("harbour-estates", 1, "subject", "Nothing to see");
        check.run(centre, Caller.member("harbour-estates", "auditor"));

        assertThat(check.alarms).singleElement().asString().startsWith("audit trail broken at 1");
        // end::alarm-path[]
        AuditVerification v = centre.verifyAuditTrail(admin);
        assertThat(v.findings()).extracting(AuditFinding::kind).contains(AuditFinding.Kind.CHAIN);
    }

    @Test
    void aDeletedOrReorderedEventRaisesItToo() {
        InMemoryCommunicationStore store = new InMemoryCommunicationStore();
        CommunicationCentre centre = CommunicationCentre.builder().store(store).directory(new InMemoryPropertyDirectory()).build();
        Caller admin = Caller.admin("harbour-estates", "alice");
        for (int i = 0; i < 3; i++) {
            centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Notice " + i).build());
        }
        NightlyAuditCheck check = new NightlyAuditCheck();
        InMemoryStoreTampering tampering = new InMemoryStoreTampering(store);

        tampering.swapAuditEvents("harbour-estates", 2, 3);
        check.run(centre, admin);
        tampering.swapAuditEvents("harbour-estates", 2, 3);
        check.run(centre, admin);
        tampering.deleteAuditEvent("harbour-estates", 2);
        check.run(centre, admin);

        assertThat(check.alarms).hasSize(2);
        assertThat(check.alarms.get(0)).startsWith("audit trail broken at 2");
        assertThat(check.alarms.get(1)).startsWith("audit trail broken at 2");
    }
}
