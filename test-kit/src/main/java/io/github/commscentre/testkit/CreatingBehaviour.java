package io.github.commscentre.testkit;

import io.github.commscentre.AddRecipientsResult;
import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationDetails;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.github.commscentre.testkit.BehaviourChecks.compareUnsigned;
import static io.github.commscentre.testkit.BehaviourChecks.expectError;
import static io.github.commscentre.testkit.BehaviourChecks.isMicros;
import static io.github.commscentre.testkit.BehaviourChecks.isVersion7;
import static io.github.commscentre.testkit.BehaviourChecks.sha256;
import static org.assertj.core.api.Assertions.assertThat;

/** Creating a communication: what is stored, what the caller gets back, the {@code created} event. */
abstract class CreatingBehaviour extends BehaviourFixture {

    private static final String EXOTIC = "Ünïcödé 😀 مرحبا שלום e\u0301 \"double\" 'single' back\\slash "
            + "%_ ; DROP TABLE communications; -- \t tab";

    @Test
    void createMakesADraftHoldingEveryFieldAsGiven() {
        tick();
        Instant at = now();
        Communication c = create(NewCommunication.builder(CommunicationType.DEMAND_LETTER, "Service charge demand 2030")
                .bodyHtml("<p>Please pay by <b>1 April</b>.</p>").blockId(BLOCK_A).unitId("a1").channel("post")
                .notes("ref D/2030/1").build());

        assertThat(c.organisationId()).isEqualTo(org);
        assertThat(c.communicationType()).isEqualTo(CommunicationType.DEMAND_LETTER);
        assertThat(c.subject()).isEqualTo("Service charge demand 2030");
        assertThat(c.bodyHtml()).isEqualTo("<p>Please pay by <b>1 April</b>.</p>");
        assertThat(c.blockId()).isEqualTo(BLOCK_A);
        assertThat(c.unitId()).isEqualTo("a1");
        assertThat(c.channel()).isEqualTo("post");
        assertThat(c.status()).isEqualTo(CommunicationStatus.DRAFT);
        assertThat(c.scheduledAt()).isNull();
        assertThat(c.sentAt()).isNull();
        assertThat(c.sentBy()).isNull();
        assertThat(c.failedAt()).isNull();
        assertThat(c.failureReason()).isNull();
        assertThat(c.notes()).isEqualTo("ref D/2030/1");
        assertThat(c.createdBy()).isEqualTo(admin.userId());
        assertThat(c.createdAt()).isEqualTo(at);
        assertThat(c.updatedAt()).isEqualTo(at);
        assertThat(c.version()).isZero();
        assertThat(current(c.id())).as("stored as returned").isEqualTo(c);
    }

    @Test
    void createWithAFutureScheduledAtMakesAScheduledCommunication() {
        Instant when = now().plus(Duration.ofDays(3));
        Communication c = create(notice("AGM on 1 May").scheduledAt(when).build());
        assertThat(c.status()).isEqualTo(CommunicationStatus.SCHEDULED);
        assertThat(c.scheduledAt()).isEqualTo(when);
        assertThat(current(c.id())).isEqualTo(c);
    }

    @Test
    void organisationLevelDraftNeedsNeitherBlockNorUnitNorBody() {
        Communication c = create(NewCommunication.builder(CommunicationType.CIRCULAR, "Office closed at Easter").build());
        assertThat(c.blockId()).isNull();
        assertThat(c.unitId()).isNull();
        assertThat(c.bodyHtml()).isNull();
        assertThat(c.notes()).isNull();
        assertThat(c.status()).isEqualTo(CommunicationStatus.DRAFT);
    }

    @ParameterizedTest
    @EnumSource(CommunicationType.class)
    void everyCommunicationTypeCanBeCreated(CommunicationType type) {
        Communication c = create(NewCommunication.builder(type, "A " + type.wireName()).build());
        assertThat(c.communicationType()).isEqualTo(type);
        assertThat(current(c.id()).communicationType()).isEqualTo(type);
    }

    @Test
    void channelDefaultsToEmail() {
        Communication c = create(notice("No channel given").build());
        assertThat(c.channel()).isEqualTo("email").isEqualTo(NewCommunication.DEFAULT_CHANNEL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"email", "post", "portal", "hand delivery by the porter", "carrier pigeon 🐦"})
    void channelMayBeAnyString(String channel) {
        Communication c = create(notice("Channels").channel(channel).build());
        assertThat(c.channel()).isEqualTo(channel);
        assertThat(current(c.id()).channel()).isEqualTo(channel);
    }

    @Test
    void subjectAndChannelAreStoredTrimmedButNotesAreNot() {
        Communication c = create(notice("  \t Lift out of order \n ").channel("  post  ").notes("  keep my spaces  ").build());
        assertThat(c.subject()).isEqualTo("Lift out of order");
        assertThat(c.channel()).isEqualTo("post");
        assertThat(c.notes()).isEqualTo("  keep my spaces  ");
        assertThat(current(c.id())).isEqualTo(c);
    }

    @Test
    void unitMayBeGivenWithoutBlock() {
        Communication c = create(notice("To one flat").unitId("b2").build());
        assertThat(c.unitId()).isEqualTo("b2");
    }

    @Test
    void idsAreUuidVersion7AndGrowWithTime() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tick();
            ids.add(create(notice("Letter " + i).build()).id());
        }
        assertThat(ids).allMatch(BehaviourChecks::isVersion7, "UUID version 7");
        for (int i = 1; i < ids.size(); i++) {
            assertThat(compareUnsigned(ids.get(i - 1), ids.get(i))).as("a later id is larger").isNegative();
        }
    }

    @Test
    void everyInstantIsTruncatedToMicroseconds() {
        clock.set(Instant.parse("2030-06-01T10:00:00.123456789Z"));
        Instant scheduledWithNanos = Instant.parse("2030-07-01T10:00:00.987654321Z");
        Communication c = create(notice("Truncation").scheduledAt(scheduledWithNanos).build());
        assertThat(c.createdAt()).isEqualTo(Instant.parse("2030-06-01T10:00:00.123456Z"));
        assertThat(c.updatedAt()).isEqualTo(Instant.parse("2030-06-01T10:00:00.123456Z"));
        assertThat(c.scheduledAt()).isEqualTo(Instant.parse("2030-07-01T10:00:00.987654Z"));
        assertThat(current(c.id())).isEqualTo(c);

        clock.set(Instant.parse("2030-06-01T10:00:01.000001999Z"));
        centre.addRecipients(admin, c.id(), List.of("a1"));
        Recipient r = recipient(c.id(), "a1");
        assertThat(r.addedAt()).isEqualTo(Instant.parse("2030-06-01T10:00:01.000001Z"));
        assertThat(r.updatedAt()).isEqualTo(r.addedAt());

        clock.set(Instant.parse("2030-06-01T10:00:02.000002999Z"));
        Recipient delivered = centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.DELIVERED);
        assertThat(delivered.deliveredAt()).isEqualTo(Instant.parse("2030-06-01T10:00:02.000002Z"));
        clock.set(Instant.parse("2030-06-01T10:00:03.000003999Z"));
        Recipient opened = centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.OPENED);
        assertThat(opened.openedAt()).isEqualTo(Instant.parse("2030-06-01T10:00:03.000003Z"));
        assertThat(recipientById(c.id(), r.id())).isEqualTo(opened);

        clock.set(Instant.parse("2030-06-01T10:00:04.000004999Z"));
        Communication sent = centre.markSent(admin, c.id());
        assertThat(sent.sentAt()).isEqualTo(Instant.parse("2030-06-01T10:00:04.000004Z"));
        assertThat(sent.updatedAt()).isEqualTo(sent.sentAt());

        clock.set(Instant.parse("2030-06-01T10:00:05.000005999Z"));
        Communication failed = centre.markFailed(admin, create(notice("Will fail").build()).id(), "no paper");
        assertThat(failed.failedAt()).isEqualTo(Instant.parse("2030-06-01T10:00:05.000005Z"));

        for (AuditEvent e : orgEvents()) {
            assertThat(isMicros(e.occurredAt())).as("occurredAt of %s", e.type()).isTrue();
        }
        assertThat(orgEvents()).extracting(AuditEvent::occurredAt).contains(
                Instant.parse("2030-06-01T10:00:00.123456Z"), Instant.parse("2030-06-01T10:00:04.000004Z"));
    }

    @Test
    void unusualTextRoundTripsExactly() {
        String block = "blöck 'b' \"😀\" \\ %_";
        String unit = "ünit '1' \"😀\" \\ ;--";
        directory.addUnit(org, block, unit, EXOTIC, "o'brien+tag@example.com");
        Communication c = create(notice(EXOTIC).channel("kanal 😀 'quoted'").notes(EXOTIC + "\n second line")
                .blockId(block).unitId(unit).build());
        assertThat(c.subject()).isEqualTo(EXOTIC.trim());
        assertThat(c.channel()).isEqualTo("kanal 😀 'quoted'");
        assertThat(c.notes()).isEqualTo(EXOTIC + "\n second line");
        assertThat(c.blockId()).isEqualTo(block);
        assertThat(c.unitId()).isEqualTo(unit);
        assertThat(current(c.id())).isEqualTo(c);

        centre.addRecipients(admin, c.id(), List.of(unit));
        Recipient r = recipients(c.id()).get(0);
        assertThat(r.unitId()).isEqualTo(unit);
        assertThat(r.recipientName()).isEqualTo(EXOTIC);
        assertThat(r.recipientEmail()).isEqualTo("o'brien+tag@example.com");

        Recipient bounced = centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.BOUNCED, EXOTIC);
        assertThat(bounced.failureReason()).isEqualTo(EXOTIC);
        assertThat(recipientById(c.id(), r.id())).isEqualTo(bounced);

        assertThat(listAll(admin, CommunicationFilter.builder().blockId(block).unitId(unit).build(), 10))
                .extracting(CommunicationSummary::id).containsExactly(c.id());
        assertThat(trail(c.id()).get(0).details()).containsEntry("subject", EXOTIC.trim());
        assertThat(eventCount()).isEqualTo(3);
    }

    @Test
    void unusualOrganisationAndUserIdsRoundTrip() {
        String exoticOrg = "org 'ü' \"😀\" \\ %_ " + UUID.randomUUID();
        Caller exotic = Caller.admin(exoticOrg, "user 'ü' \"😀\" \\ %_;--");
        directory.addUnit(exoticOrg, "b", "u", "Name", "e@example.com");
        Communication c = centre.create(exotic, notice("Exotic organisation").blockId("b").build());
        centre.addRecipients(exotic, c.id(), List.of("u"));
        Communication sent = centre.markSent(exotic, c.id());
        assertThat(sent.organisationId()).isEqualTo(exoticOrg);
        assertThat(sent.createdBy()).isEqualTo(exotic.userId());
        assertThat(sent.sentBy()).isEqualTo(exotic.userId());
        assertThat(centre.getById(exotic, c.id()).communication()).isEqualTo(sent);
        assertThat(centre.listRecipients(exotic, c.id(), RecipientFilter.all(), PageRequest.first()).items())
                .extracting(Recipient::addedBy).containsExactly(exotic.userId());
        assertThat(centre.auditTrail(exotic, c.id())).extracting(AuditEvent::actorUserId).containsOnly(exotic.userId());
        assertThat(centre.verifyAuditTrail(exotic).intact()).isTrue();
        expectError(ErrorCode.NOT_FOUND, () -> centre.getById(admin, c.id()));
    }

    @Test
    void hostIdsOfOneHundredCharactersAreAccepted() {
        String longOrg = ("org-" + UUID.randomUUID() + "-").repeat(3).substring(0, 100);
        String longUser = "u".repeat(100);
        String longBlock = "b".repeat(100);
        String longUnit = "n".repeat(100);
        directory.addUnit(longOrg, longBlock, longUnit, "Name", null);
        Caller caller = Caller.admin(longOrg, longUser);
        Communication c = centre.create(caller, notice("Long ids").blockId(longBlock).unitId(longUnit).build());
        AddRecipientsResult r = centre.addRecipients(caller, c.id(), List.of(longUnit));
        assertThat(r.added()).isEqualTo(1);
        CommunicationDetails d = centre.getById(Caller.member(longOrg, longUser), c.id());
        assertThat(d.communication().organisationId()).isEqualTo(longOrg);
        assertThat(d.communication().createdBy()).isEqualTo(longUser);
        assertThat(d.communication().blockId()).isEqualTo(longBlock);
        assertThat(d.communication().unitId()).isEqualTo(longUnit);
        assertThat(d.recipientCount()).isEqualTo(1);
        assertThat(centre.verifyAuditTrail(caller).eventsChecked()).isEqualTo(2);
    }

    @Test
    void createdEventRecordsTheNewCommunication() {
        tick();
        Instant at = now();
        Instant when = at.plus(Duration.ofDays(1));
        Communication c = create(NewCommunication.builder(CommunicationType.AGM_NOTICE, " AGM 2030 ")
                .bodyHtml("<p>Agenda</p>").blockId(BLOCK_A).unitId("a2").channel("portal").scheduledAt(when)
                .notes("ref AGM").build());
        List<AuditEvent> events = trail(c.id());
        assertThat(events).hasSize(1);
        AuditEvent e = events.get(0);
        assertEvent(e, AuditEventType.CREATED, c.id(), admin, at);
        assertThat(e.recipientId()).isNull();
        assertThat(e.unitIds()).isEmpty();
        assertThat(e.details()).containsEntry("communicationType", "agm_notice")
                .containsEntry("subject", "AGM 2030")
                .containsEntry("channel", "portal")
                .containsEntry("status", "scheduled")
                .containsEntry("bodySha256", sha256(c.bodyHtml()))
                .containsEntry("blockId", BLOCK_A)
                .containsEntry("unitId", "a2")
                .containsEntry("notes", "ref AGM");
        assertThat(Instant.parse(e.details().get("scheduledAt"))).isEqualTo(when);
    }

    @Test
    void createdEventOmitsAbsentFields() {
        Communication c = create(NewCommunication.builder(CommunicationType.CIRCULAR, "Bare").build());
        AuditEvent e = trail(c.id()).get(0);
        assertThat(e.details()).containsEntry("communicationType", "circular").containsEntry("subject", "Bare")
                .containsEntry("channel", "email").containsEntry("status", "draft")
                .doesNotContainKeys("bodySha256", "blockId", "unitId", "scheduledAt", "notes");
        assertThat(e.details().values()).doesNotContainNull();
    }
}
