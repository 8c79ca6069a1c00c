package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.PostalAddress;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.DeliveryOutcome;
import io.github.commscentre.spi.Letter;
import io.github.commscentre.spi.LetterRenderer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.github.commscentre.testkit.BehaviourChecks.expectError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Letters through the facade: the postal address copied onto each recipient like name and email, the letter and its
 * preview rendered by the host's renderer with the date taken from the communication, the errors, and the content
 * digests a channel reports recorded in the trail.
 */
abstract class LettersBehaviour extends BehaviourFixture {

    private static final PostalAddress ALICE = PostalAddress.uk("London", "SE1 9SG", "Flat 1, Riverside Court",
            "12 Thames Walk");

    /** The letters the renderer was asked for, in order. */
    private final List<Letter> rendered = new CopyOnWriteArrayList<>();
    private LetterRenderer renderer = letter -> {
        rendered.add(letter);
        return ("PDF of " + letter.subject() + " to " + letter.recipientName()).getBytes(StandardCharsets.UTF_8);
    };

    @Override
    protected CommunicationCentre centreOver(CommunicationStore s) {
        return CommunicationCentre.builder().store(s).directory(directory).clock(clock)
                .letterRenderer(letter -> renderer.render(letter))
                .deliveryChannel("post", RecordingDeliveryChannel.answering(m -> DeliveryOutcome.accepted(m.recipientId(),
                        "print-1", "ab".repeat(32))))
                .build();
    }

    @Test
    void theAddressIsSnapshotWhenAddedAndNeverChangesAfter() {
        directory.changePostalAddress(org, "a1", ALICE);
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("a1", "a2"));
        directory.changePostalAddress(org, "a1", PostalAddress.uk("Leeds", "LS1 1AA", "3 New Road"));
        assertThat(recipient(c.id(), "a1").postalAddress()).isEqualTo(ALICE);
        assertThat(recipient(c.id(), "a2").postalAddress()).isNull();
        Communication copy = duplicate(c.id(), true);
        assertThat(recipient(copy.id(), "a1").postalAddress()).as("a duplicate takes fresh snapshots")
                .isEqualTo(PostalAddress.uk("Leeds", "LS1 1AA", "3 New Road"));
    }

    @Test
    void anAddressFromTheDirectoryThatBreaksTheRulesIsRefusedNamingIt() {
        directory.changePostalAddress(org, "a1", new PostalAddress(List.of("1", "2", "3", "4", "5"), null, null, null));
        Communication c = draft();
        badRequest("postalAddress", () -> centre.addRecipients(admin, c.id(), List.of("a1", "a2")));
        directory.changePostalAddress(org, "a1", new PostalAddress(List.of(" "), null, null, null));
        badRequest("postalAddress", () -> centre.addRecipients(admin, c.id(), List.of("a1")));
        directory.changePostalAddress(org, "a1", new PostalAddress(List.of("x".repeat(101)), null, null, null));
        badRequest("postalAddress", () -> centre.addRecipients(admin, c.id(), List.of("a1")));
        directory.changePostalAddress(org, "a1", new PostalAddress(List.of("1 High St\nLondon"), null, null, null));
        badRequest("postalAddress", () -> centre.addRecipients(admin, c.id(), List.of("a1")));
    }

    @Test
    void aLetterIsRenderedWithTheSnapshotAndTheDateSendingBegan() {
        directory.changePostalAddress(org, "a1", ALICE);
        Communication c = draft(); // on the post channel
        centre.addRecipients(admin, c.id(), List.of("a1"));
        clock.set(java.time.Instant.parse("2030-03-04T23:30:00Z")); // London keeps GMT in March: still 4 March there
        Communication sending = centre.send(admin, c.id());
        assertThat(sending.sendingStartedAt()).isEqualTo(now());
        Recipient r = recipient(c.id(), "a1");
        clock.advance(Duration.ofDays(40)); // the letter's date does not follow the clock

        byte[] pdf = centre.letter(member, c.id(), r.id());
        assertThat(new String(pdf, StandardCharsets.UTF_8)).isEqualTo("PDF of Section 20: roof works to Alice Ames");
        Letter letter = rendered.get(0);
        assertThat(letter.recipientId()).isEqualTo(r.id());
        assertThat(letter.postalAddress()).isEqualTo(ALICE);
        assertThat(letter.date()).isEqualTo(LocalDate.of(2030, 3, 4));
        assertThat(letter.bodyHtml()).isEqualTo(c.bodyHtml());
        assertThat(letter.organisationId()).isEqualTo(org);
    }

    @Test
    void aLetterInBritishSummerTimeIsDatedOnTheLondonCalendar() {
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("a1"));
        clock.set(java.time.Instant.parse("2030-06-04T23:30:00Z")); // 00:30 on 5 June in London
        centre.send(admin, c.id());
        centre.letter(admin, c.id(), recipient(c.id(), "a1").id());
        assertThat(rendered.get(0).date()).isEqualTo(LocalDate.of(2030, 6, 5));
    }

    @Test
    void aPreviewHasNoRecipientAndADraftIsDatedWhenCreated() {
        Communication c = draft();
        centre.letterPreview(member, c.id());
        Letter preview = rendered.get(0);
        assertThat(preview.recipientId()).isNull();
        assertThat(preview.recipientName()).isNull();
        assertThat(preview.postalAddress()).isNull();
        assertThat(preview.date()).isEqualTo(LocalDate.ofInstant(c.createdAt(), java.time.ZoneId.of("Europe/London")));
    }

    @Test
    void unknownCommunicationOrRecipientIsNotFoundAndAnotherOrganisationSeesNothing() {
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("a1"));
        Communication other = draft();
        centre.addRecipients(admin, other.id(), List.of("a2"));
        Recipient ofOther = recipient(other.id(), "a2");
        expectError(ErrorCode.NOT_FOUND, () -> centre.letter(admin, c.id(), ofOther.id()));
        expectError(ErrorCode.NOT_FOUND, () -> centre.letter(otherAdmin, c.id(), recipient(c.id(), "a1").id()));
        expectError(ErrorCode.NOT_FOUND, () -> centre.letterPreview(otherMember, c.id()));
        assertThat(rendered).isEmpty();
    }

    @Test
    void aCharacterNoFontShowsIsBadRequestNamingTheFieldAndTheCharacter() {
        renderer = letter -> {
            throw new LetterRenderer.UnrenderableTextException("recipientName", 0x4E2D);
        };
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("a1"));
        CommunicationCentreException e = expectError(ErrorCode.BAD_REQUEST,
                () -> centre.letter(admin, c.id(), recipient(c.id(), "a1").id()));
        assertThat(e.getMessage()).startsWith("recipientName").contains("U+4E2D");
    }

    @Test
    void withoutARendererLettersAreUnavailable() {
        CommunicationCentre plain = CommunicationCentre.builder().store(store).directory(directory).clock(clock).build();
        Communication c = draft();
        CommunicationCentreException e = expectError(ErrorCode.UNAVAILABLE, () -> plain.letterPreview(admin, c.id()));
        assertThat(e.getMessage()).contains("letterRenderer");
    }

    @Test
    void theDigestOfWhatWasSentIsInTheBatchEventAndTheAddressInTheRecipientsDigest() {
        directory.changePostalAddress(org, "a1", ALICE);
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("a1", "a2"));
        centre.send(admin, c.id());
        centre.dispatchDue(org);
        assertThat(current(c.id()).status()).isEqualTo(CommunicationStatus.SENT);
        AuditEvent batch = trail(c.id()).stream().filter(e -> e.type() == AuditEventType.DISPATCH_BATCH).findFirst()
                .orElseThrow();
        assertThat(batch.details()).containsEntry("contentSha256s", "ab".repeat(32) + "," + "ab".repeat(32));
        AuditEvent sent = trail(c.id()).get(trail(c.id()).size() - 1);
        assertThat(sent.details()).containsEntry("recipientsSha256Version", "4");
        assertThat(centre.verifyAuditTrail(admin).intact()).isTrue();
    }
}
