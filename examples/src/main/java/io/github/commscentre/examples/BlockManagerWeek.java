package io.github.commscentre.examples;

import io.github.commscentre.AddRecipientsResult;
import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationDetails;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryEvent;
import io.github.commscentre.DeliveryProvider;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.DispatchReport;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.Page;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.jpa.JpaCommunicationStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A host application without a framework, playing one week of a block manager at a managing agent.
 * It embeds the Communications Centre on an embedded H2 database through the JPA adapter, answers the
 * library's questions about blocks, units and leaseholders from its own {@link EstateDirectory}, and
 * moves its own {@link OfficeClock} from Monday to Friday. It prints a short report of what happened.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am -DskipTests -Prun-example package}.
 */
public final class BlockManagerWeek {

    static final String AGENT = "harbour-estates";
    static final String OTHER_AGENT = "seaview-lettings";

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.UK).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("EEE HH:mm", Locale.UK).withZone(ZoneOffset.UTC);

    private final CommunicationCentre centre;
    private final EstateDirectory estate;
    private final OfficeClock clock;
    private final Path outbox;
    private final StringBuilder report = new StringBuilder();

    private final Caller alice = Caller.admin(AGENT, "alice");     // the block manager
    private final Caller tom = Caller.member(AGENT, "tom");        // read-only staff in the same office
    /** The mail provider's webhook: a system caller that may only apply delivery events, of this organisation. */
    private final DeliveryProvider mailProvider = DeliveryProvider.named("mailer").forOrganisation(AGENT);

    private BlockManagerWeek(CommunicationCentre centre, EstateDirectory estate, OfficeClock clock, Path outbox) {
        this.outbox = outbox;
        this.centre = centre;
        this.estate = estate;
        this.clock = clock;
    }

    /**
     * Plays the week and prints the report.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.print(run());
    }

    /**
     * Plays the week on a fresh in-memory H2 database.
     *
     * @return the report
     */
    public static String run() {
        // Hibernate logs through JBoss Logging, which falls back to java.util.logging unless told otherwise;
        // routed to SLF4J, the example's simplelogger.properties keeps it to warnings. A host's own choice wins.
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "slf4j");
        }
        String jdbcUrl = "jdbc:h2:mem:block-manager-week-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try {
            ExampleDatabase.migrate(jdbcUrl);
            try (JpaCommunicationStore store = JpaCommunicationStore.standalone(jdbcUrl, "sa", "")) {
                EstateDirectory estate = EstateDirectory.harbourEstates(AGENT, OTHER_AGENT);
                OfficeClock clock = new OfficeClock(Instant.parse("2026-03-02T08:30:00Z"));
                Path outbox = temporaryOutbox();
                CommunicationCentre centre = CommunicationCentre.builder()
                        .store(store)
                        .directory(estate)
                        .clock(clock)
                        .deliveryChannel("email", new EmlFolderChannel(outbox))
                        .build();
                return new BlockManagerWeek(centre, estate, clock, outbox).play();
            }
        } finally {
            ExampleDatabase.shutdown(jdbcUrl);
        }
    }

    private static Path temporaryOutbox() {
        try {
            Path outbox = Files.createTempDirectory("harbour-estates-outbox");
            outbox.toFile().deleteOnExit();
            return outbox;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the example's outbox folder", e);
        }
    }

    private long emailsInOutbox() {
        try (var files = Files.list(outbox)) {
            return files.filter(f -> f.toString().endsWith(".eml")).peek(f -> f.toFile().deleteOnExit()).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the example's outbox folder", e);
        }
    }

    private String play() {
        heading("Communications Centre: a week at Harbour Estates (organisation " + AGENT + ")");
        heading("Store: JpaCommunicationStore.standalone on an embedded in-memory H2 database,"
                + " schema applied by Flyway from the adapter's migrations.");
        heading("Users: alice (admin, block manager), tom (member, read-only); provider:mailer, the mail provider's"
                + " webhook.");

        Communication section20 = section20NoticeByPost();
        Communication demand = serviceChargeDemandsByEmail();
        Communication agm = agmNoticeScheduledThenHeld();
        Communication reminder = leaseholderChangesEmail(demand);
        providerEventsOutOfOrderAndTwice(demand);
        editingSentDemandRefused(demand);
        draftDeleted(reminder);
        memberRefusedWrite(agm);
        auditTrailOfDemand(demand);
        verification();
        weekInSummary(section20);
        return report.toString();
    }

    // ---- the scenes -----------------------------------------------------------------------------

    private Communication section20NoticeByPost() {
        scene(1, "2026-03-02T09:00:00Z", "Section 20 notice to the whole of Riverside Court, by post");
        Communication notice = centre.create(alice, NewCommunication.builder(CommunicationType.NOTICE,
                        "Section 20: notice of intention, roof replacement")
                .bodyHtml("<p>We intend to carry out qualifying works: replacement of the main roof.</p>"
                        + "<p onclick=\"steal()\">Observations by 3 April 2026.</p><script>alert(1)</script>")
                .blockId("riverside-court")
                .channel("post")
                .notes("ref S20/2026/04")
                .build());
        line("created %s \"%s\" (%s, channel %s)", notice.communicationType().wireName(), notice.subject(),
                notice.status().wireName(), notice.channel());
        line("body as stored (the onclick attribute and the script were removed): %s", notice.bodyHtml());
        AddRecipientsResult added = centre.addBlockRecipients(alice, notice.id());
        line("addBlockRecipients: %d added, %d already recipients, %d not in organisation",
                added.added(), added.skippedAlreadyRecipients(), added.skippedNotInOrganisation());
        recipientsTable(notice.id());
        at("2026-03-02T09:40:00Z");
        Communication sent = centre.markSent(alice, notice.id());
        CommunicationDetails details = centre.getById(alice, notice.id());
        line("marked sent at %s by %s: %d recipients, %d without email (a letter is printed for every unit)",
                TIME.format(sent.sentAt()), sent.sentBy(), details.recipientCount(), details.recipientsWithoutEmail());
        return sent;
    }

    private Communication serviceChargeDemandsByEmail() {
        scene(2, "2026-03-02T11:00:00Z", "Service-charge demands to chosen units, by email");
        Communication demand = centre.create(alice, NewCommunication.builder(CommunicationType.DEMAND_LETTER,
                        "Service charge demand: half-year to 30 September 2026")
                .bodyHtml("<p>Your share of the budgeted service charge is now due.</p>")
                .blockId("riverside-court")
                .notes("ref SC/2026/H1")
                .build());
        line("created %s \"%s\" (%s, channel %s by default)", demand.communicationType().wireName(), demand.subject(),
                demand.status().wireName(), demand.channel());
        List<String> chosen = List.of("RC-1", "RC-2", "RC-4", "RC-2", "ST-1", "RC-99");
        AddRecipientsResult added = centre.addRecipients(alice, demand.id(), chosen);
        line("addRecipients %s:", chosen);
        line("  %d added, %d already recipients, %d not in organisation (RC-2 twice counts once;"
                        + " ST-1 is another agent's, RC-99 does not exist)",
                added.added(), added.skippedAlreadyRecipients(), added.skippedNotInOrganisation());
        AddRecipientsResult again = centre.addRecipients(alice, demand.id(), List.of("RC-1", "RC-4"));
        line("addRecipients [RC-1, RC-4] again: %d added, %d already recipients", again.added(),
                again.skippedAlreadyRecipients());
        recipientsTable(demand.id());
        at("2026-03-02T11:30:00Z");
        Communication sending = centre.send(alice, demand.id());
        line("send: %s, asked by %s; the dispatcher takes it from here", sending.status().wireName(), sending.sentBy());
        DispatchReport round = centre.dispatchDue(AGENT);
        Communication sent = centre.getById(alice, demand.id()).communication();
        line("dispatch round: %d %s, %d accepted by the email channel, %d failed", round.batches(),
                round.batches() == 1 ? "batch" : "batches", round.accepted(), round.failed());
        line("%s at %s, sent by %s; %d emails written to the outbox folder as <recipient id>.eml", sent.status().wireName(),
                TIME.format(sent.sentAt()), sent.sentBy(), emailsInOutbox());
        recipientsTable(demand.id());
        return sent;
    }

    private Communication agmNoticeScheduledThenHeld() {
        scene(3, "2026-03-03T10:00:00Z", "AGM notice scheduled for later, then unscheduled and edited");
        TextTable steps = new TextTable("when", "call", "status", "scheduledAt", "audit events");
        Communication agm = centre.create(alice, NewCommunication.builder(CommunicationType.AGM_NOTICE,
                        "Annual General Meeting, Thursday 16 April 2026")
                .bodyHtml("<p>The AGM of Mill House will be held in the community room at 7pm.</p>")
                .blockId("mill-house")
                .scheduledAt(Instant.parse("2026-03-16T08:00:00Z"))
                .build());
        centre.addBlockRecipients(alice, agm.id());
        steps.row(TIME.format(clock.instant()), "create with scheduledAt", agm.status().wireName(),
                WHEN.format(agm.scheduledAt()), eventTypes(agm.id(), 0));
        int seen = centre.auditTrail(alice, agm.id()).size();

        at("2026-03-03T15:00:00Z");
        agm = centre.update(alice, agm.id(), CommunicationChanges.builder().scheduledAt(null).build());
        steps.row(TIME.format(clock.instant()), "update scheduledAt=null", agm.status().wireName(),
                agm.scheduledAt() == null ? null : WHEN.format(agm.scheduledAt()), eventTypes(agm.id(), seen));
        seen = centre.auditTrail(alice, agm.id()).size();

        at("2026-03-03T15:10:00Z");
        agm = centre.update(alice, agm.id(), CommunicationChanges.builder()
                .subject("Annual General Meeting, Thursday 23 April 2026 (new date)")
                .notes("hall unavailable on 16 April; new date agreed with the chair")
                .build());
        steps.row(TIME.format(clock.instant()), "update subject, notes", agm.status().wireName(),
                agm.scheduledAt() == null ? null : WHEN.format(agm.scheduledAt()), eventTypes(agm.id(), seen));
        report.append(steps.render());
        line("now: %s \"%s\", %d recipients", agm.status().wireName(), agm.subject(),
                centre.getById(alice, agm.id()).recipientCount());
        return agm;
    }

    private Communication leaseholderChangesEmail(Communication demand) {
        scene(4, "2026-03-03T16:00:00Z", "A leaseholder's email changes after the demand went out");
        String before = estate.currentEmail("RC-2");
        estate.changeEmail("RC-2", "priya@shah-family.example");
        line("Priya Shah (RC-2) tells the office her new address; the host updates its own directory.");
        Communication reminder = centre.duplicate(alice, demand.id(), true);
        line("the demand is duplicated (with recipients) as a reminder draft: fresh snapshots from the directory.");
        TextTable emails = new TextTable("unit", "on the sent demand", "in the directory now", "on the reminder");
        emails.row("RC-2", recipient(demand.id(), "RC-2").recipientEmail(), estate.currentEmail("RC-2"),
                recipient(reminder.id(), "RC-2").recipientEmail());
        report.append(emails.render());
        line("the sent demand keeps the address it went to (%s): its snapshot never changes.", before);
        return reminder;
    }

    private void providerEventsOutOfOrderAndTwice(Communication demand) {
        scene(5, "2026-03-04T08:02:00Z", "Email provider events arrive in batches, out of order, and twice");
        TextTable events = new TextTable("received", "unit", "provider event", "happened", "outcome", "status now");
        webhookBatch(events, demand, "2026-03-04T08:02:00Z",
                event(demand, "ev-1", "RC-1", DeliveryStatus.OPENED, "2026-03-04T08:00:00Z", null));
        webhookBatch(events, demand, "2026-03-04T08:10:00Z",
                event(demand, "ev-2", "RC-1", DeliveryStatus.DELIVERED, "2026-03-04T07:59:00Z", null),
                event(demand, "ev-3", "RC-2", DeliveryStatus.DELIVERED, "2026-03-04T08:05:00Z", null),
                event(demand, "ev-3", "RC-2", DeliveryStatus.DELIVERED, "2026-03-04T08:05:00Z", null));
        webhookBatch(events, demand, "2026-03-04T09:20:00Z",
                event(demand, "ev-4", "RC-4", DeliveryStatus.BOUNCED, "2026-03-04T08:20:00Z", "550 mailbox unavailable"),
                event(demand, "ev-5", "RC-2", DeliveryStatus.OPENED, "2026-03-04T09:15:00Z", null),
                event(demand, "ev-1", "RC-1", DeliveryStatus.OPENED, "2026-03-04T08:00:00Z", null));
        report.append(events.render());
        CommunicationDetails details = centre.getById(alice, demand.id());
        TextTable counts = new TextTable("delivery status", "recipients");
        for (DeliveryStatus status : DeliveryStatus.values()) {
            counts.row(status.wireName(), details.deliveryCount(status));
        }
        line("delivery of the demand (getById):");
        report.append(counts.render());
        Page<Recipient> bounced = centre.listRecipients(alice, demand.id(), RecipientFilter.byStatus(DeliveryStatus.BOUNCED),
                PageRequest.first(25));
        for (Recipient r : bounced.items()) {
            line("bounced: %s %s <%s>, reason \"%s\": the office will post a copy", r.unitId(), r.recipientName(),
                    r.recipientEmail(), r.failureReason());
        }
    }

    /** One event of the provider's webhook, naming its message by the id the channel recorded when it was accepted. */
    private DeliveryEvent event(Communication demand, String eventId, String unitId, DeliveryStatus status,
                                String happened, String reason) {
        String messageId = recipient(demand.id(), unitId).providerMessageId();
        return DeliveryEvent.byProviderMessageId(eventId, null, messageId, status, Instant.parse(happened), reason);
    }

    /** The provider posts a batch; the host hands it over in one call and reads one result per event. */
    private void webhookBatch(TextTable table, Communication demand, String receivedAt, DeliveryEvent... batch) {
        at(receivedAt);
        List<DeliveryEvent.Result> results = centre.applyDeliveryEvents(mailProvider, List.of(batch));
        Map<UUID, Recipient> byId = centre.listRecipients(alice, demand.id(), RecipientFilter.all(), PageRequest.first(100))
                .items().stream().collect(Collectors.toMap(Recipient::id, r -> r));
        for (DeliveryEvent.Result result : results) {
            DeliveryEvent e = batch[result.index()];
            Recipient now = byId.get(result.recipientId());
            table.row(TIME.format(clock.instant()), now.unitId(), e.providerEventId() + " " + e.status().wireName(),
                    TIME.format(e.occurredAt()), result.outcome().name().toLowerCase(Locale.ROOT),
                    now.deliveryStatus().wireName());
        }
    }

    private void editingSentDemandRefused(Communication demand) {
        scene(6, "2026-03-05T09:00:00Z", "An attempt to edit the sent demand");
        refused("update subject of the sent demand", () -> centre.update(alice, demand.id(),
                CommunicationChanges.builder().subject("Service charge demand (corrected)").build()));
        refused("add RC-3 to the sent demand", () -> centre.addRecipients(alice, demand.id(), List.of("RC-3")));
        line("the demand is still %s with subject \"%s\"", centre.getById(alice, demand.id()).communication().status()
                .wireName(), centre.getById(alice, demand.id()).communication().subject());
    }

    private void draftDeleted(Communication reminder) {
        scene(7, "2026-03-05T10:00:00Z", "The reminder draft is deleted");
        centre.delete(alice, reminder.id());
        line("deleted the reminder draft %s", reminder.id());
        refused("getById of the deleted reminder", () -> centre.getById(alice, reminder.id()));
        TextTable trail = new TextTable("seq", "event", "details");
        for (AuditEvent e : centre.auditTrail(alice, reminder.id())) {
            trail.row(e.sequence(), e.type().wireName(), AuditEventSummary.of(e));
        }
        line("its audit trail outlives it:");
        report.append(trail.render());
    }

    private void memberRefusedWrite(Communication agm) {
        scene(8, "2026-03-06T09:00:00Z", "A read-only member tries to write");
        refused("tom marks the AGM notice sent", () -> centre.markSent(tom, agm.id()));
        line("tom may still read: %d communications in the organisation, the AGM notice is %s",
                centre.count(tom, CommunicationFilter.all()), centre.getById(tom, agm.id()).communication().status()
                        .wireName());
    }

    private void auditTrailOfDemand(Communication demand) {
        scene(9, "2026-03-06T10:00:00Z", "The audit trail of the service-charge demand");
        TextTable trail = new TextTable("seq", "when", "who", "event", "details");
        for (AuditEvent e : centre.auditTrail(tom, demand.id())) {
            trail.row(e.sequence(), TIME.format(e.occurredAt()), e.actorUserId(), e.type().wireName(), AuditEventSummary.of(e));
        }
        report.append(trail.render());
        line("sequences are numbered across the organisation: the gaps are other communications' events.");
    }

    private void verification() {
        scene(10, "2026-03-06T10:05:00Z", "verifyAuditTrail");
        AuditVerification v = centre.verifyAuditTrail(tom);
        line("intact: %s, events checked: %d, first broken sequence: %s", v.intact(), v.eventsChecked(),
                v.firstBrokenSequence().isPresent() ? String.valueOf(v.firstBrokenSequence().getAsLong()) : "none");
    }

    private void weekInSummary(Communication section20) {
        scene(11, "2026-03-06T17:00:00Z", "The week's communications, newest first");
        TextTable all = new TextTable("created", "type", "subject", "channel", "status", "recipients");
        Page<CommunicationSummary> page = centre.list(tom, CommunicationFilter.all(), PageRequest.first(25));
        for (CommunicationSummary c : page.items()) {
            all.row(TIME.format(c.createdAt()), c.communicationType().wireName(), c.subject(),
                    c.channel(), c.status().wireName(), centre.getById(tom, c.id()).recipientCount());
        }
        report.append(all.render());
        line("sent to Riverside Court this week: %d (filter blockId=riverside-court, status=sent)",
                centre.count(tom, CommunicationFilter.builder().blockId(section20.blockId())
                        .status(section20.status()).build()));
    }

    // ---- report helpers -------------------------------------------------------------------------

    private void recipientsTable(UUID communicationId) {
        TextTable table = new TextTable("pos", "unit", "leaseholder", "email", "status");
        Page<Recipient> page = centre.listRecipients(alice, communicationId, RecipientFilter.all(), PageRequest.first(100));
        for (Recipient r : page.items()) {
            table.row(r.position(), r.unitId(), r.recipientName(), r.recipientEmail(), r.deliveryStatus().wireName());
        }
        report.append(table.render());
    }

    private Recipient recipient(UUID communicationId, String unitId) {
        String cursor = null;
        do {
            PageRequest request = cursor == null ? PageRequest.first(100) : PageRequest.after(cursor, 100);
            Page<Recipient> page = centre.listRecipients(alice, communicationId, RecipientFilter.all(), request);
            for (Recipient r : page.items()) {
                if (r.unitId().equals(unitId)) {
                    return r;
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        throw new IllegalStateException(unitId + " is not a recipient of " + communicationId);
    }

    private String eventTypes(UUID communicationId, int skip) {
        List<AuditEvent> trail = centre.auditTrail(alice, communicationId);
        StringBuilder types = new StringBuilder();
        for (AuditEvent e : trail.subList(skip, trail.size())) {
            types.append(types.length() == 0 ? "" : ", ").append(e.type().wireName());
        }
        return types.toString();
    }

    private void refused(String what, Runnable call) {
        try {
            call.run();
            throw new IllegalStateException(what + " was expected to be refused");
        } catch (CommunicationCentreException e) {
            line("%s -> refused: %s: %s", what, e.code(), e.getMessage());
        }
    }

    private void scene(int number, String at, String title) {
        at(at);
        report.append('\n').append(String.format("[%d] %s  %s%n", number, WHEN.format(clock.instant()), title));
    }

    private void at(String instant) {
        clock.set(Instant.parse(instant));
    }

    private void line(String format, Object... args) {
        report.append("  ").append(String.format(format, args)).append('\n');
    }

    private void heading(String text) {
        report.append(text).append('\n');
    }
}
