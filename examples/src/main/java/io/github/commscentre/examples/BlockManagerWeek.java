package io.github.commscentre.examples;

import io.github.commscentre.AddRecipientsResult;
import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
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
import io.github.commscentre.letters.PrintBatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A host application without a framework, playing one week of a block manager at a managing agent.
 * It embeds the Communications Centre on an embedded H2 database through the JPA adapter, answers the
 * library's questions about blocks, units and leaseholders from its own {@link EstateDirectory}, and
 * moves its own {@link OfficeClock} from Monday to Friday. Email goes to a folder of {@code .eml} files
 * ({@link EmlFolderChannel}); post goes through the letters module's print-batch channel into a folder a
 * print-and-post service would collect from ({@link PrintRoom}). It prints a short report of what happened.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am -DskipTests -Prun-example package}.
 */
public final class BlockManagerWeek {

    static final String AGENT = "harbour-estates";
    static final String OTHER_AGENT = "seaview-lettings";

    private final CommunicationCentre centre;
    private final EstateDirectory estate;
    private final OfficeClock clock;
    private final Path outbox;
    private final PrintRoom printRoom;
    private final WeekReport report = new WeekReport();
    /** The trail of the demand sent by post, kept for the example's test once the database is gone. */
    private List<AuditEvent> postedDemandTrail = List.of();
    /** What the office calls each communication of the week, so the report never shows an id. */
    private final Map<UUID, String> shortNames = new HashMap<>();

    private final Caller alice = Caller.admin(AGENT, "alice");     // the block manager
    private final Caller tom = Caller.member(AGENT, "tom");        // read-only staff in the same office
    /** The mail provider's webhook: a system caller that may only apply delivery events, of this organisation. */
    private final DeliveryProvider mailProvider = DeliveryProvider.named("mailer").forOrganisation(AGENT);

    /**
     * What a week leaves behind, for the example's test.
     *
     * @param report            the report
     * @param postedDemandTrail the audit trail of the service-charge demand sent by post
     */
    record Week(String report, List<AuditEvent> postedDemandTrail) {
    }

    private BlockManagerWeek(ExampleHost host) {
        this.centre = host.centre();
        this.estate = host.estate();
        this.clock = host.clock();
        this.outbox = host.outbox();
        this.printRoom = host.printRoom();
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
     * Plays the week on a fresh in-memory H2 database, emailing and printing into temporary folders.
     *
     * @return the report
     */
    public static String run() {
        return run(temporaryFolder("harbour-estates-outbox"), temporaryFolder("harbour-estates-print")).report();
    }

    /**
     * Plays the week on a fresh in-memory H2 database.
     *
     * @param outbox      the folder the emails are written to
     * @param printFolder the folder the letters for the print-and-post service are written to
     * @return the report, and the trail of the demand sent by post
     */
    static Week run(Path outbox, Path printFolder) {
        try (ExampleHost host = ExampleHost.start(AGENT, OTHER_AGENT, outbox, printFolder)) {
            BlockManagerWeek week = new BlockManagerWeek(host);
            String report = week.play();
            return new Week(report, week.postedDemandTrail);
        }
    }

    private static Path temporaryFolder(String prefix) {
        try {
            Path folder = Files.createTempDirectory(prefix);
            folder.toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the example's folder " + prefix, e);
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
        report.heading("Communications Centre: a week at Harbour Estates (organisation " + AGENT + ")");
        report.heading("Store: the JPA adapter's standalone store on an embedded in-memory H2 database,"
                + " schema applied by Flyway from the adapter's migrations.");
        report.heading("Users: alice (admin, block manager), tom (member, read-only); provider:mailer, the mail provider's"
                + " webhook.");

        Communication section20 = section20NoticeByPost();
        Communication demand = serviceChargeDemandsByEmail();
        serviceChargeDemandsByPost();
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
        shortNames.put(notice.id(), "the Section 20 notice");
        report.line("created %s \"%s\" (%s, channel %s)", notice.communicationType().wireName(), notice.subject(),
                notice.status().wireName(), notice.channel());
        report.line("body as stored (the onclick attribute and the script were removed): %s", notice.bodyHtml());
        AddRecipientsResult added = centre.addBlockRecipients(alice, notice.id());
        report.line("added the whole of Riverside Court: %d leaseholders (%s already on it, %s from another agent)",
                added.added(), WeekReport.noneOr(added.skippedAlreadyRecipients()),
                WeekReport.noneOr(added.skippedNotInOrganisation()));
        recipientsTable(notice.id());
        at("2026-03-02T09:40:00Z");
        Communication sent = centre.markSent(alice, notice.id());
        CommunicationDetails details = centre.getById(alice, notice.id());
        report.line("marked sent at %s by %s: %d recipients, %d without email (the office printed and posted these itself)",
                WeekReport.TIME.format(sent.sentAt()), sent.sentBy(), details.recipientCount(), details.recipientsWithoutEmail());
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
        shortNames.put(demand.id(), "the emailed demand");
        report.line("created %s \"%s\" (%s, channel %s by default)", demand.communicationType().wireName(), demand.subject(),
                demand.status().wireName(), demand.channel());
        List<String> chosen = List.of("RC-1", "RC-2", "RC-4", "RC-2", "ST-1", "RC-99");
        AddRecipientsResult added = centre.addRecipients(alice, demand.id(), chosen);
        report.line("chose %s: %d added, %s already on it, %s left out", WeekReport.inWords(chosen), added.added(),
                WeekReport.noneOr(added.skippedAlreadyRecipients()), WeekReport.noneOr(added.skippedNotInOrganisation()));
        report.line("  (RC-2 was named twice and counts once; ST-1 is another agent's and RC-99 does not exist)");
        List<String> again = List.of("RC-1", "RC-4");
        AddRecipientsResult twice = centre.addRecipients(alice, demand.id(), again);
        report.line("chose %s again: %s added, %s already on it", WeekReport.inWords(again),
                WeekReport.noneOr(twice.added()), WeekReport.noneOr(twice.skippedAlreadyRecipients()));
        recipientsTable(demand.id());
        at("2026-03-02T11:30:00Z");
        Communication sending = centre.send(alice, demand.id());
        report.line("sent by %s at %s: the demand is %s, the dispatcher takes it from here", sending.sentBy(),
                WeekReport.TIME.format(clock.instant()), sending.status().wireName());
        DispatchReport round = centre.dispatchDue(AGENT);
        Communication sent = centre.getById(alice, demand.id()).communication();
        report.line("the dispatcher emailed %d demands in %s, %s failed", round.accepted(), WeekReport.batches(round.batches()),
                WeekReport.noneOr(round.failed()));
        report.line("the demand is %s (%s, by %s): %d emails are in the outbox folder, one .eml file per leaseholder",
                sent.status().wireName(), WeekReport.TIME.format(sent.sentAt()), sent.sentBy(), emailsInOutbox());
        recipientsTable(demand.id());
        return sent;
    }

    private void serviceChargeDemandsByPost() {
        scene(3, "2026-03-02T14:00:00Z", "Service-charge demands by post, for the leaseholders who take paper");
        Communication demand = centre.create(alice, NewCommunication.builder(CommunicationType.DEMAND_LETTER,
                        "Service charge demand: half-year to 30 September 2026")
                .bodyHtml("<p>Your share of the budgeted service charge for the half-year to 30 September 2026 is"
                        + " now due. Please pay within 28 days of the date of this demand.</p>"
                        + "<p>Landlord: Riverside Court Freehold Ltd, Harbour House, 1 Quay Street, Bristol BS1 4AA.</p>")
                .blockId("riverside-court").channel("post").notes("ref SC/2026/H1, on paper")
                .build());
        shortNames.put(demand.id(), "the posted demand");
        AddRecipientsResult added = centre.addRecipients(alice, demand.id(), List.of("RC-3", "RC-5", "RC-6"));
        report.line("created the same demand on channel %s for RC-3, RC-5 and RC-6: %d recipients, each with the"
                + " postal address the directory has today", demand.channel(), added.added());
        at("2026-03-02T14:30:00Z");
        Communication sending = centre.send(alice, demand.id());
        DispatchReport round = centre.dispatchDue(AGENT);
        report.line("sent by %s at %s: the dispatcher handed %d letters to the post channel in %s, %s failed",
                sending.sentBy(), WeekReport.TIME.format(clock.instant()), round.accepted(), WeekReport.batches(round.batches()),
                WeekReport.noneOr(round.failed()));
        StringBuilder printed = new StringBuilder();
        for (PrintRoom.Printed batch : printRoom.printed()) {
            report.line("printed into the print folder, for the print-and-post service to collect:");
            report.line("  %s  one PDF of %d letters, %d pages, to print, fold and post in window envelopes",
                    batch.pdf().getFileName(), batch.letters().size(), batch.pages());
            report.line("  %s  the list of which pages go to whom, with each letter's fingerprint",
                    batch.manifest().getFileName());
            report.table(lettersTable(demand.id(), batch));
            batch.letters().forEach(l -> printed.append(printed.length() == 0 ? "" : ",").append(l.sha256()));
        }
        postedDemandTrail = centre.auditTrail(alice, demand.id());
        String recorded = postedDemandTrail.stream().filter(e -> e.type() == AuditEventType.DISPATCH_BATCH)
                .map(e -> e.details().get("contentSha256s")).collect(Collectors.joining(","));
        report.line("the audit trail recorded each letter's fingerprint as it went: %s",
                recorded.equals(printed.toString()) ? "the same as in the list" : "NOT the same as in the list");
        Recipient arthur = recipient(demand.id(), "RC-5");
        String copy = PrintRoom.fingerprint(centre.letter(tom, demand.id(), arthur.id()));
        report.line("a copy of %s's letter for the file, rendered again by tom: fingerprint %s..., %s",
                arthur.recipientName(), copy.substring(0, 12), recorded.contains(copy)
                        ? "the letter that was posted, byte for byte" : "NOT the letter that was posted");
    }

    private Communication agmNoticeScheduledThenHeld() {
        scene(4, "2026-03-03T10:00:00Z", "AGM notice scheduled for later, then unscheduled and edited");
        TextTable steps = new TextTable("when", "what alice did", "status", "goes out", "audit events");
        Communication agm = centre.create(alice, NewCommunication.builder(CommunicationType.AGM_NOTICE,
                        "Annual General Meeting, Thursday 16 April 2026")
                .bodyHtml("<p>The AGM of Mill House will be held in the community room at 7pm.</p>")
                .blockId("mill-house")
                .scheduledAt(Instant.parse("2026-03-16T08:00:00Z"))
                .build());
        shortNames.put(agm.id(), "the AGM notice");
        centre.addBlockRecipients(alice, agm.id());
        steps.row(WeekReport.TIME.format(clock.instant()), "wrote it for all of Mill House, to go out later", agm.status().wireName(),
                WeekReport.WHEN.format(agm.scheduledAt()), eventTypes(agm.id(), 0));
        int seen = centre.auditTrail(alice, agm.id()).size();

        at("2026-03-03T15:00:00Z");
        agm = centre.update(alice, agm.id(), CommunicationChanges.builder().scheduledAt(null).build());
        steps.row(WeekReport.TIME.format(clock.instant()), "held it back: no time to go out", agm.status().wireName(),
                agm.scheduledAt() == null ? null : WeekReport.WHEN.format(agm.scheduledAt()), eventTypes(agm.id(), seen));
        seen = centre.auditTrail(alice, agm.id()).size();

        at("2026-03-03T15:10:00Z");
        agm = centre.update(alice, agm.id(), CommunicationChanges.builder()
                .subject("Annual General Meeting, Thursday 23 April 2026 (new date)")
                .notes("hall unavailable on 16 April; new date agreed with the chair")
                .build());
        steps.row(WeekReport.TIME.format(clock.instant()), "moved the meeting: new subject, and a note why", agm.status().wireName(),
                agm.scheduledAt() == null ? null : WeekReport.WHEN.format(agm.scheduledAt()), eventTypes(agm.id(), seen));
        report.table(steps);
        report.line("now: %s \"%s\", %d recipients", agm.status().wireName(), agm.subject(),
                centre.getById(alice, agm.id()).recipientCount());
        return agm;
    }

    private Communication leaseholderChangesEmail(Communication demand) {
        scene(5, "2026-03-03T16:00:00Z", "A leaseholder's email changes after the demand went out");
        String before = estate.currentEmail("RC-2");
        estate.changeEmail("RC-2", "priya@shah-family.example");
        report.line("Priya Shah (RC-2) tells the office her new address; the host updates its own directory.");
        Communication reminder = centre.duplicate(alice, demand.id(), true);
        shortNames.put(reminder.id(), "the reminder");
        report.line("the demand is duplicated (with recipients) as a reminder draft: fresh snapshots from the directory.");
        TextTable emails = new TextTable("unit", "on the sent demand", "in the directory now", "on the reminder");
        emails.row("RC-2", recipient(demand.id(), "RC-2").recipientEmail(), estate.currentEmail("RC-2"),
                recipient(reminder.id(), "RC-2").recipientEmail());
        report.table(emails);
        report.line("the sent demand keeps the address it went to (%s): its snapshot never changes.", before);
        return reminder;
    }

    private void providerEventsOutOfOrderAndTwice(Communication demand) {
        scene(6, "2026-03-04T08:02:00Z", "Email provider events arrive in batches, out of order, and twice");
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
        report.table(events);
        CommunicationDetails details = centre.getById(alice, demand.id());
        TextTable counts = new TextTable("delivery status", "recipients");
        for (DeliveryStatus status : DeliveryStatus.values()) {
            counts.row(status.wireName(), details.deliveryCount(status));
        }
        report.line("where the demand's %d emails stand now:", details.recipientCount());
        report.table(counts);
        Page<Recipient> bounced = centre.listRecipients(alice, demand.id(), RecipientFilter.byStatus(DeliveryStatus.BOUNCED),
                PageRequest.first(25));
        for (Recipient r : bounced.items()) {
            report.line("bounced: %s %s <%s>, reason \"%s\": the office will post a copy", r.unitId(), r.recipientName(),
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
            table.row(WeekReport.TIME.format(clock.instant()), now.unitId(), e.providerEventId() + " " + e.status().wireName(),
                    WeekReport.TIME.format(e.occurredAt()), result.outcome().name().toLowerCase(Locale.ROOT),
                    now.deliveryStatus().wireName());
        }
    }

    private void editingSentDemandRefused(Communication demand) {
        scene(7, "2026-03-05T09:00:00Z", "An attempt to edit the sent demand");
        refused("the office tried to change the subject of the demand after it went out", "a sent demand never changes",
                () -> centre.update(alice, demand.id(),
                        CommunicationChanges.builder().subject("Service charge demand (corrected)").build()));
        refused("and tried to add RC-3 to it", "a sent demand takes no new recipients",
                () -> centre.addRecipients(alice, demand.id(), List.of("RC-3")));
        report.line("the demand is still %s with subject \"%s\"", centre.getById(alice, demand.id()).communication().status()
                .wireName(), centre.getById(alice, demand.id()).communication().subject());
    }

    private void draftDeleted(Communication reminder) {
        scene(8, "2026-03-05T10:00:00Z", "The reminder draft is deleted");
        long recipients = centre.getById(alice, reminder.id()).recipientCount();
        centre.delete(alice, reminder.id());
        report.line("alice deleted the reminder, a draft copy of the emailed demand with %d recipients", recipients);
        refused("she looked for it again afterwards", "it no longer exists", () -> centre.getById(alice, reminder.id()));
        TextTable trail = new TextTable("seq", "event", "details");
        for (AuditEvent e : centre.auditTrail(alice, reminder.id())) {
            trail.row(e.sequence(), e.type().wireName(), AuditEventSummary.of(e, shortNames));
        }
        report.line("its audit trail outlives it:");
        report.table(trail);
    }

    private void memberRefusedWrite(Communication agm) {
        scene(9, "2026-03-06T09:00:00Z", "A read-only member tries to write");
        refused("tom tried to mark the AGM notice sent", "only an admin of the organisation may change communications",
                () -> centre.markSent(tom, agm.id()));
        report.line("tom may still read: %d communications in the organisation, the AGM notice is %s",
                centre.count(tom, CommunicationFilter.all()), centre.getById(tom, agm.id()).communication().status()
                        .wireName());
    }

    private void auditTrailOfDemand(Communication demand) {
        scene(10, "2026-03-06T10:00:00Z", "The audit trail of the service-charge demand sent by email");
        TextTable trail = new TextTable("seq", "when", "who", "event", "details");
        for (AuditEvent e : centre.auditTrail(tom, demand.id())) {
            trail.row(e.sequence(), WeekReport.TIME.format(e.occurredAt()), e.actorUserId(), e.type().wireName(), AuditEventSummary.of(e, shortNames));
        }
        report.table(trail);
        report.line("sequences are numbered across the organisation: the gaps are other communications' events.");
    }

    private void verification() {
        scene(11, "2026-03-06T10:05:00Z", "Checking the audit trail");
        AuditVerification v = centre.verifyAuditTrail(tom);
        if (v.intact()) {
            report.line("the audit trail is intact: %d events checked, none broken", v.eventsChecked());
        } else {
            report.line("the audit trail is BROKEN: %d events checked, the first broken is number %s",
                    v.eventsChecked(), v.firstBrokenSequence().isPresent()
                            ? String.valueOf(v.firstBrokenSequence().getAsLong()) : "unknown");
        }
    }

    private void weekInSummary(Communication section20) {
        scene(12, "2026-03-06T17:00:00Z", "The week's communications, newest first");
        TextTable all = new TextTable("created", "type", "subject", "channel", "status", "recipients");
        Page<CommunicationSummary> page = centre.list(tom, CommunicationFilter.all(), PageRequest.first(25));
        for (CommunicationSummary c : page.items()) {
            all.row(WeekReport.TIME.format(c.createdAt()), c.communicationType().wireName(), c.subject(),
                    c.channel(), c.status().wireName(), centre.getById(tom, c.id()).recipientCount());
        }
        report.table(all);
        report.line("sent to Riverside Court this week: %d",
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
        report.table(table);
    }

    /** The letters of a printed batch, in the order they are in its PDF. */
    private TextTable lettersTable(UUID communicationId, PrintRoom.Printed batch) {
        Map<UUID, Recipient> byId = centre.listRecipients(alice, communicationId, RecipientFilter.all(),
                PageRequest.first(100)).items().stream().collect(Collectors.toMap(Recipient::id, r -> r));
        TextTable table = new TextTable("pages", "unit", "leaseholder", "address", "fingerprint (SHA-256)", "status");
        for (PrintBatch.ManifestRow letter : batch.letters()) {
            int last = letter.firstPage() + letter.pageCount() - 1;
            Recipient r = byId.get(letter.recipientId());
            table.row(letter.firstPage() == last ? String.valueOf(last) : letter.firstPage() + "-" + last, r.unitId(),
                    letter.name(), letter.address(), letter.sha256().substring(0, 12) + "...",
                    r.deliveryStatus().wireName());
        }
        return table;
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

    /**
     * A call the library must refuse, told as the office would tell it, with the error code in brackets for the
     * developer reading the example. The library's message names the communication by id, so the report says why
     * in its own words; the code it prints is the one the library gave.
     */
    private void refused(String attempt, String why, Runnable call) {
        try {
            call.run();
            throw new IllegalStateException(attempt + " was expected to be refused");
        } catch (CommunicationCentreException e) {
            report.line("%s: refused, %s (%s)", attempt, why, e.code());
        }
    }

    private void scene(int number, String at, String title) {
        at(at);
        report.scene(number, clock.instant(), title);
    }

    private void at(String instant) {
        clock.set(Instant.parse(instant));
    }
}
