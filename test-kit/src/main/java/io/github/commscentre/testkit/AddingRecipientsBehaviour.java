package io.github.commscentre.testkit;

import io.github.commscentre.AddRecipientsResult;
import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationDetails;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Page;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.github.commscentre.testkit.BehaviourChecks.isVersion7;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Adding recipients by unit or by block, in one bulk look-up, each unit once. */
abstract class AddingRecipientsBehaviour extends BehaviourFixture {

    @Test
    void addRecipientsSnapshotsEachLeaseholderInTheOrderGiven() {
        Communication c = draft();
        tick();
        Instant at = now();
        AddRecipientsResult result = centre.addRecipients(admin, c.id(), List.of("a3", "a1", "a4", "a2"));
        assertThat(result).isEqualTo(new AddRecipientsResult(4, 0, 0));
        List<Recipient> rs = recipients(c.id());
        assertThat(rs).extracting(Recipient::unitId).containsExactly("a3", "a1", "a4", "a2");
        assertThat(rs).extracting(Recipient::position).containsExactly(1L, 2L, 3L, 4L);
        assertThat(rs).extracting(Recipient::recipientName).containsExactly("Carol Chen", "Alice Ames", null, "Bob Brown");
        assertThat(rs).extracting(Recipient::recipientEmail).containsExactly(null, "alice@example.com", null, "bob@example.com");
        assertThat(rs).allSatisfy(r -> {
            assertThat(isVersion7(r.id())).as("recipient id is a UUID version 7").isTrue();
            assertThat(r.organisationId()).isEqualTo(org);
            assertThat(r.communicationId()).isEqualTo(c.id());
            assertThat(r.deliveryStatus()).isEqualTo(DeliveryStatus.PENDING);
            assertThat(r.deliveredAt()).isNull();
            assertThat(r.openedAt()).isNull();
            assertThat(r.failureReason()).isNull();
            assertThat(r.addedAt()).isEqualTo(at);
            assertThat(r.updatedAt()).isEqualTo(at);
            assertThat(r.addedBy()).isEqualTo(admin.userId());
        });
        assertThat(rs).extracting(Recipient::id).doesNotHaveDuplicates();
    }

    @Test
    void recipientsAddedEventListsTheAddedUnits() {
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("a1"));
        tick();
        Instant at = now();
        List<AuditEvent> events = appendedBy(() -> centre.addRecipients(admin, c.id(), List.of("b2", "a1", "x1", "b1", "b2")));
        assertThat(events).hasSize(1);
        AuditEvent e = events.get(0);
        assertEvent(e, AuditEventType.RECIPIENTS_ADDED, c.id(), admin, at);
        assertThat(e.details()).containsEntry("added", "2");
        assertThat(e.unitIds()).containsExactly("b2", "b1");
        assertThat(e.recipientId()).isNull();
    }

    @Test
    void repeatedIdsCountOnce() {
        Communication c = draft();
        assertThat(centre.addRecipients(admin, c.id(), List.of("a1", "a1", "a2", "a1", "a2")))
                .isEqualTo(new AddRecipientsResult(2, 0, 0));
        assertThat(recipients(c.id())).extracting(Recipient::unitId).containsExactly("a1", "a2");
    }

    @Test
    void unitsAlreadyOnTheCommunicationAreSkippedAndCounted() {
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("a1", "a2"));
        assertThat(centre.addRecipients(admin, c.id(), List.of("a2", "a3", "a1", "a4")))
                .isEqualTo(new AddRecipientsResult(2, 2, 0));
        List<Recipient> rs = recipients(c.id());
        assertThat(rs).extracting(Recipient::unitId).containsExactly("a1", "a2", "a3", "a4");
        assertThat(rs).extracting(Recipient::position).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void unitsOutsideTheOrganisationAreSkippedSilently() {
        Communication c = draft();
        assertThat(centre.addRecipients(admin, c.id(), List.of("x1", "a1", "no-such-unit", "x2", "x1")))
                .isEqualTo(new AddRecipientsResult(1, 0, 3));
        assertThat(recipients(c.id())).extracting(Recipient::unitId).containsExactly("a1");
    }

    @Test
    void whenEveryUnitIsAlreadyARecipientNothingIsStored() {
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("a1", "a2"));
        State before = state();
        assertThat(centre.addRecipients(admin, c.id(), List.of("a1", "a2", "x1", "a2")))
                .isEqualTo(new AddRecipientsResult(0, 2, 1));
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void snapshotsNeverChangeWhenTheDirectoryChanges() {
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("a1", "a3"));
        List<Recipient> before = recipients(c.id());
        directory.changeLeaseholder(org, "a1", "New Owner", "new.owner@example.com");
        directory.changeLeaseholder(org, "a3", null, null);
        directory.removeUnit(org, "a1");
        assertThat(recipients(c.id())).isEqualTo(before);
        assertThat(before).extracting(Recipient::recipientName).containsExactly("Alice Ames", "Carol Chen");
        centre.markSent(admin, c.id());
        assertThat(recipients(c.id())).isEqualTo(before);
    }

    @Test
    void positionsContinueAcrossCalls() {
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("b2"));
        centre.addRecipients(admin, c.id(), List.of("a1", "a2"));
        centre.addRecipients(admin, c.id(), List.of("b1"));
        assertThat(recipients(c.id())).extracting(Recipient::unitId, Recipient::position)
                .containsExactly(tuple("b2", 1L), tuple("a1", 2L),
                        tuple("a2", 3L), tuple("b1", 4L));
    }

    @Test
    void fiftyThousandUnitsAreAddedInOneCallWithOneDirectoryLookUp() {
        Communication c = draft();
        List<String> units = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            String unit = "bulk-" + i;
            units.add(unit);
            directory.addUnit(org, "block-bulk", unit, "Leaseholder " + i, i % 10 == 0 ? null : "l" + i + "@example.com");
        }
        List<String> tooMany = new ArrayList<>(units);
        tooMany.add("a1");
        badRequest("unitIds", () -> centre.addRecipients(admin, c.id(), tooMany));
        long callsBefore = directory.findUnitsCalls();
        assertThat(centre.addRecipients(admin, c.id(), units)).isEqualTo(new AddRecipientsResult(50_000, 0, 0));
        assertThat(directory.findUnitsCalls() - callsBefore).as("one bulk look-up").isEqualTo(1);
        CommunicationDetails d = centre.getById(admin, c.id());
        assertThat(d.recipientCount()).isEqualTo(50_000);
        assertThat(d.deliveryCount(DeliveryStatus.PENDING)).isEqualTo(50_000);
        assertThat(d.recipientsWithoutEmail()).isEqualTo(5_000);
        Page<Recipient> first = centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first(100));
        assertThat(first.items()).extracting(Recipient::unitId).startsWith("bulk-0", "bulk-1", "bulk-2");
        assertThat(first.items().get(99).position()).isEqualTo(100);
        List<AuditEvent> events = trail(c.id());
        AuditEvent added = events.get(events.size() - 1);
        assertThat(added.details()).containsEntry("added", "50000");
        assertThat(added.unitIds()).hasSize(50_000).startsWith("bulk-0", "bulk-1");
        assertThat(centre.addRecipients(admin, c.id(), units)).isEqualTo(new AddRecipientsResult(0, 50_000, 0));
    }

    @Test
    void addBlockRecipientsAddsEveryUnitOfTheBlockInTheDirectorysOrder() {
        Communication c = draft();
        tick();
        Instant at = now();
        List<AuditEvent> events = appendedBy(() -> assertThat(centre.addBlockRecipients(admin, c.id()))
                .isEqualTo(new AddRecipientsResult(4, 0, 0)));
        assertThat(recipients(c.id())).extracting(Recipient::unitId).containsExactly("a1", "a2", "a3", "a4");
        assertThat(events).hasSize(1);
        assertEvent(events.get(0), AuditEventType.RECIPIENTS_ADDED, c.id(), admin, at);
        assertThat(events.get(0).unitIds()).containsExactly("a1", "a2", "a3", "a4");

        directory.addUnit(org, BLOCK_A, "a5", "Fay Fox", "fay@example.com");
        assertThat(centre.addBlockRecipients(admin, c.id())).isEqualTo(new AddRecipientsResult(1, 4, 0));
        assertThat(recipients(c.id())).extracting(Recipient::unitId).containsExactly("a1", "a2", "a3", "a4", "a5");
        State before = state();
        assertThat(centre.addBlockRecipients(admin, c.id())).isEqualTo(new AddRecipientsResult(0, 5, 0));
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void addBlockRecipientsNeedsABlock() {
        Communication c = create(notice("No block").build());
        badRequest("blockId", () -> centre.addBlockRecipients(admin, c.id()));
        Communication unitOnly = create(notice("Unit only").unitId("a1").build());
        if (unitOnly.blockId() == null) {
            badRequest("blockId", () -> centre.addBlockRecipients(admin, unitOnly.id()));
        }
    }
}
