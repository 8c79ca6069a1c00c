package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.github.commscentre.testkit.BehaviourChecks.chars;
import static io.github.commscentre.testkit.BehaviourChecks.expectError;
import static org.assertj.core.api.Assertions.assertThat;

/** Who may call what: members read, admins write, no organisation sees another. */
abstract class AccessBehaviour extends BehaviourFixture {

    @Test
    void membersMayReadEverything() {
        Communication c = inState(CommunicationStatus.SENT);
        assertThat(centre.list(member, CommunicationFilter.all(), PageRequest.first()))
                .isEqualTo(centre.list(admin, CommunicationFilter.all(), PageRequest.first()));
        assertThat(centre.count(member, CommunicationFilter.all())).isEqualTo(1);
        assertThat(centre.getById(member, c.id())).isEqualTo(centre.getById(admin, c.id()));
        assertThat(centre.listRecipients(member, c.id(), RecipientFilter.all(), PageRequest.first()).items())
                .isEqualTo(recipients(c.id()));
        assertThat(centre.auditTrail(member, c.id())).isEqualTo(trail(c.id()));
        AuditVerification v = centre.verifyAuditTrail(member);
        assertThat(v.intact()).isTrue();
        assertThat(v.eventsChecked()).isEqualTo(3);
    }

    @TestFactory
    Stream<DynamicTest> membersMayNotWriteAndNothingChanges() {
        Communication c = inState(CommunicationStatus.DRAFT);
        Recipient r = recipients(c.id()).get(0);
        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        calls.put("create", () -> centre.create(member, notice("By a member").build()));
        calls.put("create with invalid input", () -> centre.create(member, notice(chars(501)).notes(chars(10_001)).build()));
        calls.put("create without type", () -> centre.create(member, NewCommunication.builder(null, null).build()));
        writesOnExisting().forEach((name, call) -> calls.put(name, call.on(member, c.id(), r.id())));
        writesOnExisting().forEach((name, call) -> calls.put(name + " of an unknown id",
                call.on(member, UUID.randomUUID(), UUID.randomUUID())));
        calls.put("update with invalid input", () -> centre.update(member, c.id(), CommunicationChanges.builder().subject("").build()));
        calls.put("addRecipients with no ids", () -> centre.addRecipients(member, c.id(), List.of()));
        return calls.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(),
                () -> rejected(ErrorCode.FORBIDDEN, entry.getValue())));
    }

    @TestFactory
    Stream<DynamicTest> anotherOrganisationGetsNotFoundForEveryCallAndLearnsNothing() {
        Communication c = inState(CommunicationStatus.DRAFT);
        Recipient r = recipients(c.id()).get(0);
        Communication sent = inState(CommunicationStatus.SENT);
        Recipient sentRecipient = recipients(sent.id()).get(0);
        centre.create(otherAdmin, notice("Theirs").blockId(BLOCK_A).build());
        List<DynamicTest> tests = new ArrayList<>();
        Map<String, CallOn> all = new LinkedHashMap<>(writesOnExisting());
        all.putAll(readsOnExisting());
        for (Caller stranger : List.of(otherAdmin, otherMember)) {
            all.forEach((name, call) -> {
                boolean write = writesOnExisting().containsKey(name);
                if (write && !stranger.isAdmin()) {
                    return;
                }
                for (Communication target : List.of(c, sent)) {
                    UUID recipientId = target == c ? r.id() : sentRecipient.id();
                    tests.add(DynamicTest.dynamicTest(name + " by " + stranger.role().wireName() + " of another organisation on a "
                            + target.status().wireName() + " communication", () -> {
                        CommunicationCentreException foreign = rejected(ErrorCode.NOT_FOUND, call.on(stranger, target.id(), recipientId));
                        UUID unknownId = UUID.randomUUID();
                        UUID unknownRecipient = UUID.randomUUID();
                        CommunicationCentreException unknown = expectError(ErrorCode.NOT_FOUND,
                                call.on(stranger, unknownId, unknownRecipient));
                        String foreignMessage = String.valueOf(foreign.getMessage())
                                .replace(target.id().toString(), "<id>").replace(recipientId.toString(), "<id>");
                        String unknownMessage = String.valueOf(unknown.getMessage())
                                .replace(unknownId.toString(), "<id>").replace(unknownRecipient.toString(), "<id>");
                        assertThat(foreignMessage).as("the message does not reveal that it exists elsewhere").isEqualTo(unknownMessage);
                        assertThat(foreignMessage).doesNotContain(org);
                    }));
                }
            });
        }
        return tests.stream();
    }

    @Test
    void listingCountingAndVerifyingNeverShowAnotherOrganisation() {
        Communication ours = inState(CommunicationStatus.SENT);
        Communication theirs = centre.create(otherAdmin, notice("Theirs").blockId(BLOCK_A).build());
        assertThat(listAll(otherAdmin, CommunicationFilter.all(), 100)).extracting(CommunicationSummary::id).containsExactly(theirs.id());
        assertThat(listAll(otherMember, CommunicationFilter.builder().blockId(BLOCK_A).build(), 100))
                .extracting(CommunicationSummary::id).containsExactly(theirs.id());
        assertThat(listAll(admin, CommunicationFilter.builder().blockId(BLOCK_A).build(), 100))
                .extracting(CommunicationSummary::id).containsExactly(ours.id());
        assertThat(centre.count(otherAdmin, CommunicationFilter.all())).isEqualTo(1);
        assertThat(centre.count(otherAdmin, CommunicationFilter.builder().status(CommunicationStatus.SENT).build())).isZero();
        assertThat(centre.verifyAuditTrail(otherAdmin).eventsChecked()).isEqualTo(1);
        assertThat(centre.verifyAuditTrail(admin).eventsChecked()).isEqualTo(3);
        String fresh = "org-" + UUID.randomUUID();
        assertThat(centre.count(Caller.member(fresh, "m"), CommunicationFilter.all())).isZero();
        assertThat(centre.list(Caller.member(fresh, "m"), CommunicationFilter.all(), PageRequest.first()).items()).isEmpty();
        AuditVerification empty = centre.verifyAuditTrail(Caller.member(fresh, "m"));
        assertThat(empty.intact()).isTrue();
        assertThat(empty.eventsChecked()).isZero();
        assertThat(empty.firstBrokenSequence()).isEmpty();
    }

    @Test
    void eachOrganisationHasItsOwnChain() {
        inState(CommunicationStatus.SENT);
        Communication theirs = centre.create(otherAdmin, notice("Theirs").build());
        AuditEvent first = centre.auditTrail(otherAdmin, theirs.id()).get(0);
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.previousHash()).isEqualTo(AuditEvent.GENESIS_HASH);
        assertThat(first.organisationId()).isEqualTo(otherOrg);
    }
}
