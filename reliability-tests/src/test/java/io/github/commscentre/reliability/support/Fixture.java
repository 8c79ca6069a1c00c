package io.github.commscentre.reliability.support;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import io.github.commscentre.testkit.MutableClock;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A small, fresh organisation on one store: a block of units with awkward ids and leaseholders, a draft with
 * two recipients, a sent communication, and a neighbouring organisation with communications of its own.
 * Every hostile-input case starts from one of these, so no case can see another's data.
 */
public final class Fixture {

    /** The fixture's clock starts here; nanoseconds included, so truncation to micros shows. */
    public static final Instant START = Instant.parse("2026-05-01T10:00:00.123456789Z");

    /** A unit id with SQL in it. */
    public static final String SQL_UNIT = "unit'; DROP TABLE cc_recipient;--";
    /** A unit id of emoji and katakana. */
    public static final String EMOJI_UNIT = "ユニット🏠";
    /** A unit id at the 100-character limit. */
    public static final String LONG_UNIT = "u".repeat(100);
    /** A block id at the 100-character limit. */
    public static final String LONG_BLOCK = "b".repeat(100);
    /** A leaseholder name that mixes right-to-left override, quotes, backslashes and combining marks. */
    public static final String HOSTILE_NAME = "Zoë \u202Eevil\u202C O'Brien \"Jr\" \\ Noe\u0308l 李 😀";

    public final String storeName;
    public final CommunicationCentre centre;
    public final MutableClock clock = MutableClock.at(START);
    public final InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory();
    public final String org = "org-cat-" + UUID.randomUUID();
    public final String otherOrg = "org-other-" + UUID.randomUUID();
    public final Caller admin = Caller.admin(org, "admin-1");
    public final Caller member = Caller.member(org, "member-1");
    public final Caller otherAdmin = Caller.admin(otherOrg, "admin-9");
    public final Communication draft;
    public final Communication sent;
    public final Communication otherDraft;
    public final Recipient recipient;
    /** What a case's setup leaves for its hostile call. */
    public final java.util.Map<String, Object> scratch = new java.util.HashMap<>();

    /**
     * @param storeName for messages
     * @param store     the store under test
     */
    public Fixture(String storeName, CommunicationStore store) {
        this.storeName = storeName;
        directory.addUnit(org, "block-1", "unit-1", "Mrs Smith", "smith@example.com")
                .addUnit(org, "block-1", SQL_UNIT, HOSTILE_NAME, "o'brien+tag@example.com")
                .addUnit(org, "block-1", EMOJI_UNIT, null, null)
                .addUnit(org, "block'2", "unit-b2", "Ms Jones", null)
                .addUnit(org, LONG_BLOCK, LONG_UNIT, "n".repeat(1_000), "long@example.com")
                .addBlock(org, "block-empty")
                .addUnit(otherOrg, "other-block", "other-unit", "Other", "other@example.com");
        this.centre = CommunicationCentre.builder().store(store).directory(directory).clock(clock).build();
        this.draft = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Draft").blockId("block-1").build());
        centre.addRecipients(admin, draft.id(), List.of("unit-1", SQL_UNIT));
        Communication toSend = centre.create(admin, NewCommunication.builder(CommunicationType.DEMAND_LETTER, "Sent").build());
        centre.addRecipients(admin, toSend.id(), List.of("unit-1"));
        this.sent = centre.markSent(admin, toSend.id());
        this.otherDraft = centre.create(otherAdmin, NewCommunication.builder(CommunicationType.CIRCULAR, "Other A").build());
        centre.create(otherAdmin, NewCommunication.builder(CommunicationType.CIRCULAR, "Other B").build());
        this.recipient = centre.listRecipients(admin, draft.id(), RecipientFilter.all(), PageRequest.first(1)).items().get(0);
    }

    /** @return a real cursor of this organisation's unfiltered listing */
    public String listCursor() {
        return centre.list(admin, CommunicationFilter.all(), PageRequest.first(1)).nextCursor();
    }

    /** @return a real cursor of the neighbouring organisation's unfiltered listing */
    public String otherOrganisationCursor() {
        return centre.list(otherAdmin, CommunicationFilter.all(), PageRequest.first(1)).nextCursor();
    }

    /** @return a real cursor of the draft's recipients */
    public String recipientCursor() {
        return centre.listRecipients(admin, draft.id(), RecipientFilter.all(), PageRequest.first(1)).nextCursor();
    }

    /** @return what an observer can see of the organisation: count, chain length, recipients of the draft */
    public String footprint() {
        return "communications=" + centre.count(admin, CommunicationFilter.all())
                + " verification=" + centre.verifyAuditTrail(admin)
                + " draftRecipients=" + centre.getById(admin, draft.id()).recipientCount()
                + " otherCommunications=" + centre.count(otherAdmin, CommunicationFilter.all());
    }
}
