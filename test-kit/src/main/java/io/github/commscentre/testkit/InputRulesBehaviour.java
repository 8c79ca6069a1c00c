package io.github.commscentre.testkit;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.github.commscentre.testkit.BehaviourChecks.chars;
import static org.assertj.core.api.Assertions.assertThat;

/** Every input rule of the contract, each refused with {@code BAD_REQUEST} naming the field and nothing stored. */
abstract class InputRulesBehaviour extends BehaviourFixture {

    private static final String[] MALFORMED_TEXT = {"nul\u0000inside", "lone high \uD800 surrogate",
        "lone low \uDC00 surrogate", "reversed \uDC00\uD800 pair", "ends in high surrogate \uD83D"};

    @Test
    void communicationTypeIsRequired() {
        badRequest("communicationType", () -> centre.create(admin, NewCommunication.builder(null, "No type").build()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   ", "\t", "\n \r\n"})
    void subjectMustNotBeBlank(String subject) {
        badRequest("subject", () -> centre.create(admin, notice(subject).build()));
    }

    @Test
    void subjectIsRequired() {
        badRequest("subject", () -> centre.create(admin, notice(null).build()));
    }

    @Test
    void subjectOf500CharactersIsAcceptedAnd501Rejected() {
        assertThat(create(notice(chars(500)).build()).subject()).hasSize(500);
        badRequest("subject", () -> centre.create(admin, notice(chars(501)).build()));
    }

    @Test
    void subjectLimitAppliesToTheTrimmedSubject() {
        Communication c = create(notice("   " + chars(500) + "   ").build());
        assertThat(c.subject()).isEqualTo(chars(500));
        badRequest("subject", () -> centre.create(admin, notice("  " + chars(501) + "  ").build()));
    }

    @Test
    void bodyOfOneMillionCharactersIsAcceptedAndOneMoreRejected() {
        Communication c = create(notice("Long body").bodyHtml(chars(1_000_000)).build());
        assertThat(current(c.id()).bodyHtml()).isEqualTo(chars(1_000_000));
        badRequest("bodyHtml", () -> centre.create(admin, notice("Too long body").bodyHtml(chars(1_000_001)).build()));
        badRequest("bodyHtml", () -> centre.update(admin, c.id(),
                CommunicationChanges.builder().bodyHtml(chars(1_000_001)).build()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "  \t  "})
    void channelMustNotBeBlank(String channel) {
        badRequest("channel", () -> centre.create(admin, notice("Blank channel").channel(channel).build()));
        Communication c = draft();
        badRequest("channel", () -> centre.update(admin, c.id(), CommunicationChanges.builder().channel(channel).build()));
    }

    @Test
    void channelOf50CharactersIsAcceptedAnd51Rejected() {
        Communication c = create(notice("Channel limit").channel(chars(50)).build());
        assertThat(c.channel()).hasSize(50);
        assertThat(create(notice("Trimmed channel limit").channel("  " + chars(50) + "  ").build()).channel())
                .isEqualTo(chars(50));
        badRequest("channel", () -> centre.create(admin, notice("Channel too long").channel(chars(51)).build()));
        badRequest("channel", () -> centre.update(admin, c.id(), CommunicationChanges.builder().channel(chars(51)).build()));
    }

    @Test
    void subjectAndChannelCannotBeClearedByUpdate() {
        Communication c = draft();
        badRequest("subject", () -> centre.update(admin, c.id(), CommunicationChanges.builder().subject(null).build()));
        badRequest("channel", () -> centre.update(admin, c.id(), CommunicationChanges.builder().channel(null).build()));
        badRequest("subject", () -> centre.update(admin, c.id(), CommunicationChanges.builder().subject("   ").build()));
    }

    @Test
    void subjectLimitAppliesToUpdatesToo() {
        Communication c = draft();
        assertThat(centre.update(admin, c.id(), CommunicationChanges.builder().subject(chars(500)).build()).subject())
                .hasSize(500);
        badRequest("subject", () -> centre.update(admin, c.id(), CommunicationChanges.builder().subject(chars(501)).build()));
    }

    @Test
    void notesOf10000CharactersAreAcceptedAnd10001Rejected() {
        Communication c = create(notice("Notes limit").notes(chars(10_000)).build());
        assertThat(current(c.id()).notes()).hasSize(10_000);
        badRequest("notes", () -> centre.create(admin, notice("Notes too long").notes(chars(10_001)).build()));
        badRequest("notes", () -> centre.update(admin, c.id(), CommunicationChanges.builder().notes(chars(10_001)).build()));
        assertThat(centre.update(admin, c.id(), CommunicationChanges.builder().notes("y".repeat(10_000)).build()).notes())
                .isEqualTo("y".repeat(10_000));
    }

    @Test
    void scheduledAtMustBeStrictlyAfterNow() {
        clock.set(Instant.parse("2030-06-01T10:00:00.123456789Z"));
        Instant nowMicros = Instant.parse("2030-06-01T10:00:00.123456Z");
        badRequest("scheduledAt", () -> centre.create(admin, notice("Now").scheduledAt(nowMicros).build()));
        badRequest("scheduledAt", () -> centre.create(admin, notice("Now with nanos").scheduledAt(clock.peek()).build()));
        badRequest("scheduledAt", () -> centre.create(admin, notice("Past").scheduledAt(nowMicros.minusSeconds(1)).build()));
        badRequest("scheduledAt", () -> centre.create(admin, notice("Long past").scheduledAt(Instant.EPOCH).build()));
        Communication c = create(notice("Next microsecond").scheduledAt(nowMicros.plus(1, ChronoUnit.MICROS)).build());
        assertThat(c.status()).isEqualTo(CommunicationStatus.SCHEDULED);
        assertThat(c.scheduledAt()).isEqualTo(nowMicros.plus(1, ChronoUnit.MICROS));
    }

    @Test
    void scheduledAtMustBeStrictlyAfterNowInUpdatesToo() {
        Communication c = draft();
        Instant nowMicros = now();
        badRequest("scheduledAt", () -> centre.update(admin, c.id(), CommunicationChanges.builder().scheduledAt(nowMicros).build()));
        badRequest("scheduledAt", () -> centre.update(admin, c.id(),
                CommunicationChanges.builder().scheduledAt(nowMicros.minus(Duration.ofDays(1))).build()));
        Communication s = centre.update(admin, c.id(),
                CommunicationChanges.builder().scheduledAt(nowMicros.plus(1, ChronoUnit.MICROS)).build());
        assertThat(s.status()).isEqualTo(CommunicationStatus.SCHEDULED);
    }

    @Test
    void scheduledAtIsKeptUpToTheLastMicrosecondOfYear9999AndRefusedBeyond() {
        Instant last = Instant.parse("9999-12-31T23:59:59.999999Z");
        Communication c = create(notice("Far future").scheduledAt(last).build());
        assertThat(centre.getById(admin, c.id()).communication().scheduledAt()).isEqualTo(last);
        badRequest("scheduledAt", () -> centre.create(admin, notice("Year 10000").scheduledAt(last.plus(1, ChronoUnit.MICROS)).build()));
        badRequest("scheduledAt", () -> centre.create(admin, notice("Instant.MAX").scheduledAt(Instant.MAX).build()));
        badRequest("scheduledAt", () -> centre.update(admin, c.id(), CommunicationChanges.builder().scheduledAt(Instant.MAX).build()));
    }

    @Test
    void blockIdOf100CharactersIsAcceptedAnd101Rejected() {
        directory.addBlock(org, "b".repeat(100));
        directory.addBlock(org, "b".repeat(101));
        assertThat(create(notice("Long block").blockId("b".repeat(100)).build()).blockId()).hasSize(100);
        badRequest("blockId", () -> centre.create(admin, notice("Too long block").blockId("b".repeat(101)).build()));
        badRequest("blockId", () -> centre.create(admin, notice("Empty block").blockId("").build()));
    }

    @Test
    void unitIdOf100CharactersIsAcceptedAnd101Rejected() {
        directory.addUnit(org, BLOCK_A, "u".repeat(100), "Long", null);
        directory.addUnit(org, BLOCK_A, "u".repeat(101), "Too long", null);
        assertThat(create(notice("Long unit").unitId("u".repeat(100)).build()).unitId()).hasSize(100);
        badRequest("unitId", () -> centre.create(admin, notice("Too long unit").unitId("u".repeat(101)).build()));
        badRequest("unitId", () -> centre.create(admin, notice("Empty unit").unitId("").build()));
    }

    @Test
    void callerIdsOf101CharactersOrEmptyAreRejected() {
        String longOrg = "o".repeat(101);
        directory.addBlock(longOrg, BLOCK_A);
        for (Caller bad : List.of(Caller.admin(longOrg, "admin"), Caller.admin(org, "u".repeat(101)),
                Caller.admin("", "admin"), Caller.admin(org, ""), Caller.member(longOrg, "member"))) {
            CommunicationCentreException e = badRequest("caller", () -> centre.create(bad, notice("Bad caller").build()));
            assertThat(e.getMessage()).startsWith("caller");
            badRequest("caller", () -> centre.list(bad, CommunicationFilter.all(), PageRequest.first()));
            badRequest("caller", () -> centre.count(bad, CommunicationFilter.all()));
            badRequest("caller", () -> centre.verifyAuditTrail(bad));
        }
    }

    @Test
    void blockOrUnitOfAnotherOrganisationIsRejected() {
        badRequest("blockId", () -> centre.create(admin, notice("Their block").blockId(OTHER_BLOCK).build()));
        badRequest("unitId", () -> centre.create(admin, notice("Their unit").unitId("x1").build()));
        badRequest("unitId", () -> centre.create(admin, notice("Their unit in our block").blockId(BLOCK_A).unitId("x1").build()));
        badRequest("blockId", () -> centre.create(admin, notice("Unknown block").blockId("no-such-block").build()));
        badRequest("unitId", () -> centre.create(admin, notice("Unknown unit").unitId("no-such-unit").build()));
    }

    @Test
    void unitMustBeInTheGivenBlock() {
        badRequest("unitId", () -> centre.create(admin, notice("Wrong block").blockId(BLOCK_A).unitId("b1").build()));
        assertThat(create(notice("Right block").blockId(BLOCK_B).unitId("b1").build()).unitId()).isEqualTo("b1");
    }

    @Test
    void malformedUnicodeIsRejectedInEveryTextFieldOfCreate() {
        for (String bad : MALFORMED_TEXT) {
            directory.addUnit(org, bad, "unit of " + bad, "Name", null);
            directory.addUnit(org, BLOCK_A, bad, "Name", null);
            badRequest("subject", () -> centre.create(admin, notice(bad).build()));
            badRequest("bodyHtml", () -> centre.create(admin, notice("Body").bodyHtml("<p>" + bad + "</p>").build()));
            badRequest("channel", () -> centre.create(admin, notice("Channel").channel(bad).build()));
            badRequest("notes", () -> centre.create(admin, notice("Notes").notes(bad).build()));
            badRequest("blockId", () -> centre.create(admin, notice("Block").blockId(bad).build()));
            badRequest("unitId", () -> centre.create(admin, notice("Unit").unitId(bad).build()));
            badRequest("caller", () -> centre.create(Caller.admin(org, bad), notice("User").build()));
            badRequest("caller", () -> centre.create(Caller.admin(bad, "admin"), notice("Org").build()));
        }
    }

    @Test
    void malformedUnicodeIsRejectedInEveryTextFieldOfTheOtherCalls() {
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("a1"));
        Recipient r = recipients(c.id()).get(0);
        for (String bad : MALFORMED_TEXT) {
            directory.addUnit(org, BLOCK_A, bad, "Name", null);
            badRequest("subject", () -> centre.update(admin, c.id(), CommunicationChanges.builder().subject(bad).build()));
            badRequest("bodyHtml", () -> centre.update(admin, c.id(), CommunicationChanges.builder().bodyHtml(bad).build()));
            badRequest("channel", () -> centre.update(admin, c.id(), CommunicationChanges.builder().channel(bad).build()));
            badRequest("notes", () -> centre.update(admin, c.id(), CommunicationChanges.builder().notes(bad).build()));
            badRequestNaming(List.of("reason", "failureReason"), () -> centre.markFailed(admin, c.id(), bad));
            badRequest("failureReason", () -> centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.BOUNCED, bad));
            badRequest("unitIds", () -> centre.addRecipients(admin, c.id(), List.of("a2", bad)));
            badRequest("caller", () -> centre.getById(Caller.member(org, bad), c.id()));
            CommunicationCentreException e = rejected(ErrorCode.BAD_REQUEST, () -> centre.list(admin,
                    CommunicationFilter.builder().blockId(bad).build(), PageRequest.first()));
            assertThat(e.getMessage()).contains("blockId");
            e = rejected(ErrorCode.BAD_REQUEST, () -> centre.count(admin, CommunicationFilter.builder().unitId(bad).build()));
            assertThat(e.getMessage()).contains("unitId");
        }
    }

    @Test
    void markFailedReasonOf1000CharactersIsAcceptedAnd1001Rejected() {
        Communication a = draft();
        badRequestNaming(List.of("reason", "failureReason"), () -> centre.markFailed(admin, a.id(), chars(1_001)));
        assertThat(centre.markFailed(admin, a.id(), chars(1_000)).failureReason()).isEqualTo(chars(1_000));
    }

    @Test
    void failureReasonOf1000CharactersIsAcceptedAnd1001Rejected() {
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("a1"));
        Recipient r = recipients(c.id()).get(0);
        badRequest("failureReason", () -> centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.FAILED, chars(1_001)));
        assertThat(centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.FAILED, chars(1_000)).failureReason())
                .isEqualTo(chars(1_000));
    }

    @ParameterizedTest
    @EnumSource(value = DeliveryStatus.class, names = {"PENDING", "DELIVERED", "OPENED"})
    void failureReasonIsOnlyAcceptedWithBouncedOrFailed(DeliveryStatus status) {
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("a1"));
        Recipient r = recipients(c.id()).get(0);
        badRequest("failureReason", () -> centre.updateRecipientStatus(admin, r.id(), status, "why"));
    }

    @Test
    void addRecipientsNeedsAtLeastOneAndAtMost50000Ids() {
        Communication c = draft();
        badRequest("unitIds", () -> centre.addRecipients(admin, c.id(), List.of()));
        List<String> tooMany = IntStream.range(0, 50_001).mapToObj(i -> "many-" + i).collect(Collectors.toList());
        badRequest("unitIds", () -> centre.addRecipients(admin, c.id(), tooMany));
        List<String> withNull = Arrays.asList("a1", null);
        badRequest("unitIds", () -> centre.addRecipients(admin, c.id(), withNull));
        directory.addUnit(org, BLOCK_A, "u".repeat(100), "Hundred", null);
        directory.addUnit(org, BLOCK_A, "u".repeat(101), "Hundred and one", null);
        badRequest("unitIds", () -> centre.addRecipients(admin, c.id(), List.of("a1", "u".repeat(101))));
        badRequest("unitIds", () -> centre.addRecipients(admin, c.id(), List.of("a1", "")));
        assertThat(centre.addRecipients(admin, c.id(), List.of("u".repeat(100))).added()).isEqualTo(1);
    }

    @Test
    void addRecipientsWithNoIdOfTheOrganisationIsRejected() {
        Communication c = draft();
        badRequest("unitIds", () -> centre.addRecipients(admin, c.id(), List.of("x1", "x2", "no-such-unit")));
        badRequest("unitIds", () -> centre.addRecipients(admin, c.id(), List.of("no-such-unit")));
    }
}
