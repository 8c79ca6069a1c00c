package io.github.commscentre.testkit;

import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.spi.PropertyDirectory;
import io.github.commscentre.spi.UnitRecord;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the host's directory answers is held to the input rules whichever call asked (by ids, by block, a duplicate),
 * so that no store gets a value another store would refuse; and a directory that throws is reported with a message
 * of the library's own, its own message (which may hold SQL) only in the cause.
 */
abstract class DirectoryAnswersBehaviour extends BehaviourFixture {

    /** A message such as a host's data layer may put in its exceptions, which must never reach the host's clients. */
    private static final String LEAKY = "select * from units where password='hunter2' -- ERROR: relation \"units\" does not exist";

    /** Units the directory may list that no store may keep: the field the refusal names, the unit id, name and email. */
    static Stream<Arguments> unitsNoStoreMayKeep() {
        return Stream.of(
                Arguments.of("unit id of 101 characters", "unitId", "u".repeat(101), "Ann", null),
                Arguments.of("empty unit id", "unitId", "", "Ann", null),
                Arguments.of("unit id with U+0000", "unitId", "u\u0000", "Ann", null),
                Arguments.of("unit id with a lone surrogate", "unitId", "u\uD800", "Ann", null),
                Arguments.of("name with U+0000", "leaseholder", "bad-name", "An\u0000n", null),
                Arguments.of("email with a lone surrogate", "leaseholder", "bad-email", "Ann", "ann\uDC00@example.com"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unitsNoStoreMayKeep")
    void addBlockRecipientsHoldsTheDirectorysUnitsToTheRulesOfAddRecipients(String name, String field, String unitId,
                                                                           String leaseholder, String email) {
        directory.addUnit(org, BLOCK_A, unitId, leaseholder, email);
        Communication c = draft();

        CommunicationCentreException byBlock = badRequest(field, () -> centre.addBlockRecipients(admin, c.id()));
        assertThat(byBlock.getMessage()).contains("from the property directory");
        // addRecipients refuses the same unit: as the caller's input when the id itself breaks the rules, else as the
        // directory's answer
        badRequestNaming(List.of(field, "unitIds"), () -> centre.addRecipients(admin, c.id(), List.of("a1", unitId)));
        assertThat(recipients(c.id())).isEmpty();
    }

    @Test
    void duplicateHoldsFreshSnapshotsToTheSameRules() {
        Communication c = inState(CommunicationStatus.SENT);
        directory.changeLeaseholder(org, "a2", "Bob\u0000Brown", "bob@example.com");
        CommunicationCentreException e = badRequest("leaseholder", () -> centre.duplicate(admin, c.id(), true));
        assertThat(e.getMessage()).contains("from the property directory");
    }

    @Test
    void aUnitTheDirectoryAnswersUnderAnotherIdIsRefused() {
        Communication c = draft();
        // asked for a1, the directory answers with a unit whose own id is something else
        CommunicationCentre misled = centreWith(real -> new Answering(real) {
            @Override
            public Map<String, UnitRecord> findUnits(String organisationId, Collection<String> unitIds) {
                Map<String, UnitRecord> found = new LinkedHashMap<>(real.findUnits(organisationId, unitIds));
                found.computeIfPresent("a1", (id, unit) -> new UnitRecord("u".repeat(101), unit.blockId(), "Mallory", null));
                return found;
            }
        });
        badRequest("unitId", () -> misled.addRecipients(admin, c.id(), List.of("a1", "a2")));
        Communication withRecipients = inState(CommunicationStatus.DRAFT);
        badRequest("unitId", () -> misled.duplicate(admin, withRecipients.id(), true));
    }

    @Test
    void aDirectoryAnsweringNullListsNoUnitsAndNullElementsAreSkipped() {
        Communication c = draft();
        CommunicationCentre nothing = centreWith(real -> new Answering(real) {
            @Override
            public List<UnitRecord> findUnitsInBlock(String organisationId, String blockId) {
                return null;
            }
        });
        badRequest("blockId", () -> nothing.addBlockRecipients(admin, c.id()));
        CommunicationCentre nulls = centreWith(real -> new Answering(real) {
            @Override
            public List<UnitRecord> findUnitsInBlock(String organisationId, String blockId) {
                List<UnitRecord> units = new ArrayList<>(Arrays.asList(null, null));
                units.addAll(real.findUnitsInBlock(organisationId, blockId));
                return units;
            }
        });
        assertThat(nulls.addBlockRecipients(admin, c.id()).added()).isEqualTo(4);
    }

    @Test
    void aFailingDirectoryIsUnavailableWithAMessageOfOurOwnAndItsOwnOnlyInTheCause() {
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("a2"));
        IllegalStateException leaky = new IllegalStateException(LEAKY);
        directory.resetCallCounts().failWith(leaky);
        Map<String, ThrowingCallable> everyDirectoryCall = new LinkedHashMap<>();
        everyDirectoryCall.put("create with a block (blockBelongsTo)", () -> centre.create(admin, notice("Scoped").blockId(BLOCK_A).build()));
        everyDirectoryCall.put("create with a unit (findUnits)", () -> centre.create(admin, notice("Scoped").unitId("a1").build()));
        everyDirectoryCall.put("addRecipients (findUnits)", () -> centre.addRecipients(admin, c.id(), List.of("a1")));
        everyDirectoryCall.put("addBlockRecipients (findUnitsInBlock)", () -> centre.addBlockRecipients(admin, c.id()));
        everyDirectoryCall.put("duplicate with recipients (findUnits)", () -> centre.duplicate(admin, c.id(), true));
        everyDirectoryCall.forEach((call, callable) -> {
            CommunicationCentreException e = rejected(ErrorCode.UNAVAILABLE, callable);
            assertThat(e.getMessage()).as(call).contains("property directory").doesNotContain("select", "password", "hunter2", "units\"");
            assertThat(e.getCause()).as(call).isSameAs(leaky);
        });
        assertThat(directory.blockBelongsToCalls() + directory.findUnitsCalls() + directory.findUnitsInBlockCalls())
                .as("each call reached the directory once").isEqualTo(everyDirectoryCall.size());
    }

    @Test
    void aFailingSanitiserIsUnavailableWithAMessageOfOurOwn() {
        IllegalStateException leaky = new IllegalStateException(LEAKY);
        CommunicationCentre failing = CommunicationCentre.builder().store(store).directory(directory).clock(clock)
                .htmlSanitizer(html -> {
                    throw leaky;
                }).build();
        CommunicationCentreException e = rejected(ErrorCode.UNAVAILABLE, () -> failing.create(admin, notice("x").bodyHtml("<p>x</p>").build()));
        assertThat(e.getMessage()).contains("sanitiser").doesNotContain("select", "password", "hunter2");
        assertThat(e.getCause()).isSameAs(leaky);
    }

    private CommunicationCentre centreWith(UnaryOperator<PropertyDirectory> wrap) {
        return CommunicationCentre.builder().store(store).directory(wrap.apply(directory)).clock(clock).build();
    }

    /** The test's directory, answering as it does unless a test overrides a method. */
    private static class Answering implements PropertyDirectory {
        private final PropertyDirectory real;

        Answering(PropertyDirectory real) {
            this.real = real;
        }

        @Override
        public boolean blockBelongsTo(String organisationId, String blockId) {
            return real.blockBelongsTo(organisationId, blockId);
        }

        @Override
        public Map<String, UnitRecord> findUnits(String organisationId, Collection<String> unitIds) {
            return real.findUnits(organisationId, unitIds);
        }

        @Override
        public List<UnitRecord> findUnitsInBlock(String organisationId, String blockId) {
            return real.findUnitsInBlock(organisationId, blockId);
        }
    }
}
