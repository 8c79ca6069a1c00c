package io.github.commscentre.testkit;

import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.StoreTransaction;
import io.github.commscentre.testkit.StoreTestData.CommunicationBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.github.commscentre.testkit.StoreTestData.communication;
import static io.github.commscentre.testkit.StoreTestData.recipient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The dispatcher's operations: which communications are due, claims of pending recipients as leases, and outcomes
 * recorded only by the claim's holder. A claim that two dispatchers could both hold, or an outcome a stale dispatcher
 * could still record, would send a letter twice or overwrite what the provider said; a communication missed by the
 * due look-up would never be sent. (Claims in transactions running at once are in {@link ConcurrencyContract}.)
 */
abstract class DispatchClaimsContract extends StoreContractFixture {

    /** The dispatcher's now in these tests: a day after the rows' creation. */
    static final Instant NOW = StoreTestData.BASE.plus(1, ChronoUnit.DAYS);
    /** When the tests' claims lapse. */
    static final Instant LEASE = NOW.plusSeconds(300);

    // ---- due communications -------------------------------------------------------------------------------------

    @Test
    void dueCommunicationsAreTheSendingOnesThenTheScheduledOnesDueWithTheirBodies() {
        Communication sendingLowId = communication(org).id(StoreTestData.lowBitId()).sending().build();
        Communication sendingHighId = communication(org).id(StoreTestData.highBitId()).sending().bodyHtml("<p>" + TRICKY + "</p>").build();
        Communication sendingEarly = communication(org).sending().scheduledAt(NOW.minusSeconds(3_600)).build();
        Communication sendingBeforeItsTime = communication(org).sending().scheduledAt(NOW.plusSeconds(3_600)).build();
        Communication dueLongAgo = scheduled(org, NOW.minus(30, ChronoUnit.DAYS)).build();
        Communication tieHighId = scheduled(org, NOW.minusSeconds(60)).id(StoreTestData.highBitId()).build();
        Communication tieLowId = scheduled(org, NOW.minusSeconds(60)).id(StoreTestData.lowBitId()).build();
        Communication dueNow = scheduled(org, NOW).build();
        Communication aMicrosecondLater = scheduled(org, NOW.plus(1, ChronoUnit.MICROS)).build();
        Communication draftWithATime = communication(org).scheduledAt(NOW.minusSeconds(10)).build();
        Communication sent = communication(org).scheduledAt(NOW.minusSeconds(10)).sent().build();
        Communication failed = communication(org).scheduledAt(NOW.minusSeconds(10)).failed().build();
        insert(dueNow, sent, sendingBeforeItsTime, tieHighId, draftWithATime, sendingHighId, aMicrosecondLater, dueLongAgo,
                failed, sendingEarly, tieLowId, sendingLowId);
        Communication otherSending = communication(otherOrg).sending().build();
        Communication otherDue = scheduled(otherOrg, NOW.minusSeconds(1)).build();
        insert(otherDue, otherSending);

        List<Communication> expected = List.of(sendingLowId, sendingHighId, sendingEarly, sendingBeforeItsTime, dueLongAgo,
                tieLowId, tieHighId, dueNow);
        assertThat(read(org, (StoreTransaction tx) -> tx.dueCommunications(NOW, 100)))
                .as("sending first, then by scheduledAt (none first), then by id; bodies included").containsExactlyElementsOf(expected);
        assertThat(read(org, (StoreTransaction tx) -> tx.dueCommunications(NOW, 3))).containsExactlyElementsOf(expected.subList(0, 3));
        assertThat(read(org, (StoreTransaction tx) -> tx.dueCommunications(NOW, 0))).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.dueCommunications(NOW.minusSeconds(61), 100)))
                .containsExactly(sendingLowId, sendingHighId, sendingEarly, sendingBeforeItsTime, dueLongAgo);
        assertThat(read(otherOrg, (StoreTransaction tx) -> tx.dueCommunications(NOW, 100))).containsExactly(otherSending, otherDue);
    }

    @Test
    void dueCommunicationsFollowEveryChangeOfStatus() {
        Communication c = scheduled(org, NOW.plusSeconds(60)).build();
        Communication deleted = scheduled(org, NOW.minusSeconds(60)).build();
        insert(c, deleted);
        assertThat(read(org, (StoreTransaction tx) -> tx.dueCommunications(NOW, 10))).containsExactly(deleted);

        Communication sooner = CommunicationBuilder.from(c).nextVersion().scheduledAt(NOW.minusSeconds(1)).build();
        write(org, tx -> assertThat(tx.updateCommunication(sooner, 0)).isTrue());
        assertThat(read(org, (StoreTransaction tx) -> tx.dueCommunications(NOW, 10))).containsExactly(deleted, sooner);

        Communication sending = CommunicationBuilder.from(sooner).nextVersion().sending().build();
        assertThatThrownBy(() -> write(org, tx -> {
            assertThat(tx.updateCommunication(sending, 1)).isTrue();
            assertThat(tx.deleteCommunication(deleted.id(), 0)).isTrue();
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");
        assertThat(read(org, (StoreTransaction tx) -> tx.dueCommunications(NOW, 10))).as("after a rollback").containsExactly(deleted, sooner);

        write(org, tx -> {
            assertThat(tx.updateCommunication(sending, 1)).isTrue();
            assertThat(tx.deleteCommunication(deleted.id(), 0)).isTrue();
        });
        assertThat(read(org, (StoreTransaction tx) -> tx.dueCommunications(NOW.minus(30, ChronoUnit.DAYS), 10))).as("sending: due whatever the time")
                .containsExactly(sending);
        assertThat(store().organisationsWithDueCommunications(NOW.minus(30, ChronoUnit.DAYS), 100_000)).contains(org);

        Communication sent = CommunicationBuilder.from(sending).nextVersion().status(CommunicationStatus.SENT).sentAt(NOW).build();
        write(org, tx -> assertThat(tx.updateCommunication(sent, 2)).isTrue());
        assertThat(read(org, (StoreTransaction tx) -> tx.dueCommunications(NOW, 10))).isEmpty();
        assertThat(store().organisationsWithDueCommunications(NOW, 100_000)).doesNotContain(org);
    }

    @Test
    void organisationsWithDueCommunicationsNamesEachOnce() {
        insert(communication(org).sending().build(), communication(org).sending().build(), scheduled(org, NOW).build());
        String onlyScheduled = StoreTestData.newOrganisationId();
        insert(scheduled(onlyScheduled, NOW.minusSeconds(1)).build(), communication(onlyScheduled).build());
        insert(scheduled(otherOrg, NOW.plusSeconds(60)).build(), communication(otherOrg).scheduledAt(NOW).build(),
                communication(otherOrg).sent().build(), communication(otherOrg).failed().build());

        List<String> due = store().organisationsWithDueCommunications(NOW, 100_000);
        assertThat(due).contains(org, onlyScheduled).doesNotContain(otherOrg).doesNotHaveDuplicates();
        assertThat(store().organisationsWithDueCommunications(NOW.plusSeconds(60), 100_000)).contains(org, onlyScheduled, otherOrg)
                .doesNotHaveDuplicates();
        assertThat(store().organisationsWithDueCommunications(NOW, 1)).hasSize(1);
        assertThat(store().organisationsWithDueCommunications(NOW, 0)).isEmpty();
    }

    // ---- claims -----------------------------------------------------------------------------------------------------

    @Test
    void aClaimTakesDuePendingRecipientsInPositionOrderUpToTheLimit() {
        Communication c = communication(org).build();
        Communication sibling = communication(org).build();
        insert(c, sibling);
        Recipient p1 = recipient(c, "unit-1", 1).build();
        Recipient accepted = recipient(c, "unit-2", 2).status(DeliveryStatus.ACCEPTED).providerMessageId("prov-2").attempts(1).build();
        Recipient triedLater = recipient(c, "unit-3", 3).attempts(1).nextAttemptAt(NOW.plusSeconds(60)).build();
        Recipient dueNow = recipient(c, "unit-4", 4).attempts(1).nextAttemptAt(NOW).build();
        Recipient dueBefore = recipient(c, "unit-5", 5).attempts(2).nextAttemptAt(NOW.minusSeconds(60)).build();
        Recipient delivered = recipient(c, "unit-6", 6).status(DeliveryStatus.DELIVERED).deliveredAt(NOW).build();
        Recipient failed = recipient(c, "unit-7", 7).status(DeliveryStatus.FAILED).failureReason("no address").build();
        Recipient p8 = recipient(c, "unit-8", 8).build();
        Recipient bounced = recipient(c, "unit-9", 9).status(DeliveryStatus.BOUNCED).build();
        insertRecipients(List.of(p8, bounced, dueBefore, p1, failed, triedLater, delivered, dueNow, accepted));
        List<Recipient> siblings = List.of(recipient(sibling, "unit-1", 1).build(), recipient(sibling, "unit-2", 2).build());
        insertRecipients(siblings);
        List<Recipient> before = recipientsOf(org, c.id());

        List<Recipient> first = claim(org, c, NOW, UUID.randomUUID(), LEASE, 3);

        assertThat(first).as("pending, due, in position order, attempts + 1, leased")
                .containsExactly(leased(p1, LEASE), leased(dueNow, LEASE), leased(dueBefore, LEASE));
        assertThat(first).extracting(Recipient::dispatchAttempts).containsExactly(1, 2, 3);
        assertThat(recipientsOf(org, c.id())).containsExactly(first.get(0), accepted, triedLater, first.get(1), first.get(2),
                delivered, failed, p8, bounced);
        assertThat(claim(org, c, NOW, UUID.randomUUID(), LEASE, 10)).as("the leased ones are not taken again").containsExactly(leased(p8, LEASE));
        assertThat(claim(org, c, NOW, UUID.randomUUID(), LEASE, 10)).isEmpty();
        assertThat(claim(org, c, NOW.plusSeconds(60), UUID.randomUUID(), NOW.plusSeconds(600), 10))
                .as("a try-later recipient is due at its time").containsExactly(leased(triedLater, NOW.plusSeconds(600)));
        assertThat(claim(org, c, LEASE, UUID.randomUUID(), NOW.plusSeconds(900), 10)).as("once a lease lapses, it is taken again")
                .containsExactly(leased(leased(p1, LEASE), NOW.plusSeconds(900)), leased(leased(dueNow, LEASE), NOW.plusSeconds(900)),
                        leased(leased(dueBefore, LEASE), NOW.plusSeconds(900)), leased(leased(p8, LEASE), NOW.plusSeconds(900)));
        assertThat(claim(org, c, NOW.plus(1, ChronoUnit.DAYS), UUID.randomUUID(), NOW.plus(2, ChronoUnit.DAYS), 0)).isEmpty();
        assertThat(recipientsOf(org, sibling.id())).as("another communication's recipients").containsExactlyElementsOf(siblings);
        assertThat(claim(org, communication(org).build(), NOW, UUID.randomUUID(), LEASE, 10)).as("a communication not stored").isEmpty();
        assertThat(before).containsExactly(p1, accepted, triedLater, dueNow, dueBefore, delivered, failed, p8, bounced);
    }

    @Test
    void outcomesApplyOnlyUnderTheirClaimAndReleaseIt() {
        Communication c = sendingWith(org, 4);
        UUID claim = UUID.randomUUID();
        List<Recipient> claimed = claim(org, c, NOW, claim, LEASE, 3);
        Recipient unclaimed = recipientsOf(org, c.id()).get(3);
        Instant at = NOW.plusSeconds(5);
        Recipient accepted = claimed.get(0).withDelivery(DeliveryStatus.ACCEPTED, null, null, null, at)
                .withDispatch(padded("<prov-😀'\"\\%_@mail.example>", 500), claimed.get(0).dispatchAttempts(), null);
        Recipient tryLater = claimed.get(1).withDispatch(null, claimed.get(1).dispatchAttempts(), NOW.plusSeconds(900));
        Recipient rejected = claimed.get(2).withDelivery(DeliveryStatus.FAILED, null, null, TRICKY, at)
                .withDispatch(null, claimed.get(2).dispatchAttempts(), null);
        Recipient notClaimed = unclaimed.withDelivery(DeliveryStatus.ACCEPTED, null, null, null, at).withDispatch("prov-4", 1, null);

        assertThat(record(org, UUID.randomUUID(), List.of(accepted, tryLater, rejected))).as("another claim's token").isEmpty();
        assertThat(recipientsOf(org, c.id())).containsExactly(claimed.get(0), claimed.get(1), claimed.get(2), unclaimed);
        assertThat(record(org, claim, List.of())).isEmpty();

        assertThat(record(org, claim, List.of(accepted, tryLater, rejected, notClaimed)))
                .containsExactlyInAnyOrder(accepted.id(), tryLater.id(), rejected.id());

        List<Recipient> expected = List.of(accepted, tryLater, rejected, unclaimed);
        assertThat(recipientsOf(org, c.id())).containsExactlyElementsOf(expected);
        List<Recipient> streamed = new ArrayList<>();
        store().write(org, tx -> {
            tx.forEachRecipient(c.id(), streamed::add);
            assertThat(tx.lockRecipient(accepted.id())).contains(accepted);
            return null;
        });
        assertThat(streamed).containsExactlyElementsOf(expected);
        assertThat(read(org, (StoreTransaction tx) -> tx.listRecipients(c.id(), DeliveryStatus.ACCEPTED, 0, 10))).containsExactly(accepted);
        assertThat(read(org, (StoreTransaction tx) -> tx.recipientStats(c.id())).byStatus()).containsEntry(DeliveryStatus.ACCEPTED, 1L)
                .containsEntry(DeliveryStatus.FAILED, 1L).containsEntry(DeliveryStatus.PENDING, 2L);

        Recipient again = tryLater.withDelivery(DeliveryStatus.ACCEPTED, null, null, null, at).withDispatch("prov-again", 1, null);
        assertThat(record(org, claim, List.of(again))).as("recorded once: the claim is released").isEmpty();
        assertThat(recipientsOf(org, c.id())).containsExactlyElementsOf(expected);
        assertThat(claim(org, c, NOW, UUID.randomUUID(), LEASE, 10)).containsExactly(leased(unclaimed, LEASE));
        assertThat(claim(org, c, NOW.plusSeconds(900), UUID.randomUUID(), NOW.plusSeconds(1_200), 10)).as("tried later, and a lapsed lease")
                .containsExactly(leased(tryLater, NOW.plusSeconds(1_200)), leased(leased(unclaimed, LEASE), NOW.plusSeconds(1_200)));
    }

    @Test
    void aStaleClaimCannotRecordWhatALaterClaimTookOver() {
        Communication c = sendingWith(org, 1);
        UUID stale = UUID.randomUUID();
        UUID later = UUID.randomUUID();
        Recipient first = claim(org, c, NOW, stale, NOW.plusSeconds(60), 10).get(0);
        Recipient second = claim(org, c, NOW.plusSeconds(61), later, NOW.plusSeconds(120), 10).get(0);
        assertThat(second).isEqualTo(leased(first, NOW.plusSeconds(120)));

        Recipient staleOutcome = first.withDelivery(DeliveryStatus.ACCEPTED, null, null, null, NOW).withDispatch("prov-stale", 1, null);
        assertThat(record(org, stale, List.of(staleOutcome))).isEmpty();
        assertThat(recipientsOf(org, c.id())).containsExactly(second);

        Recipient outcome = second.withDelivery(DeliveryStatus.ACCEPTED, null, null, null, NOW).withDispatch("prov-later", 2, null);
        assertThat(record(org, later, List.of(outcome))).containsExactly(outcome.id());
        assertThat(recipientsOf(org, c.id())).containsExactly(outcome);
    }

    @Test
    void anOutcomeForARecipientNoLongerPendingIsLeftAlone() {
        Communication c = sendingWith(org, 2);
        UUID claim = UUID.randomUUID();
        List<Recipient> claimed = claim(org, c, NOW, claim, LEASE, 2);
        Instant at = NOW.plusSeconds(1);
        Recipient deliveredMeanwhile = claimed.get(0).withDelivery(DeliveryStatus.DELIVERED, at, null, null, at);
        write(org, tx -> assertThat(tx.updateRecipient(deliveredMeanwhile, DeliveryStatus.PENDING)).isTrue());

        List<Recipient> outcomes = claimed.stream().map(r -> r.withDelivery(DeliveryStatus.ACCEPTED, null, null, null, at)
                .withDispatch("prov-" + r.unitId(), r.dispatchAttempts(), null)).toList();
        assertThat(record(org, claim, outcomes)).containsExactly(claimed.get(1).id());
        assertThat(recipientsOf(org, c.id())).containsExactly(deliveredMeanwhile, outcomes.get(1));
    }

    @Test
    void aClaimOrOutcomeRolledBackIsUndone() {
        Communication c = sendingWith(org, 3);
        List<Recipient> before = recipientsOf(org, c.id());
        UUID undone = UUID.randomUUID();
        IllegalStateException failure = new IllegalStateException("the dispatcher failed before commit");

        Throwable thrown = catchThrowable(() -> store().write(org, tx -> {
            List<Recipient> claimed = tx.claimRecipients(c.id(), NOW, undone, LEASE, 2);
            assertThat(claimed).hasSize(2);
            assertThat(tx.recordDispatchOutcomes(undone, List.of(accepted(claimed.get(0))))).hasSize(1);
            throw failure;
        }));

        assertThat(thrown).isSameAs(failure);
        assertThat(recipientsOf(org, c.id())).containsExactlyElementsOf(before);
        assertThat(record(org, undone, List.of(accepted(leased(before.get(1), LEASE))))).as("the claim never happened").isEmpty();

        UUID kept = UUID.randomUUID();
        List<Recipient> claimed = claim(org, c, NOW, kept, LEASE, 2);
        assertThat(claimed).containsExactly(leased(before.get(0), LEASE), leased(before.get(1), LEASE));
        assertThatThrownBy(() -> store().write(org, tx -> {
            assertThat(tx.recordDispatchOutcomes(kept, List.of(accepted(claimed.get(0))))).hasSize(1);
            throw failure;
        })).isSameAs(failure);
        assertThat(recipientsOf(org, c.id())).as("still claimed").containsExactly(claimed.get(0), claimed.get(1), before.get(2));
        assertThat(record(org, kept, List.of(accepted(claimed.get(0))))).as("by the same claim").containsExactly(claimed.get(0).id());

        Communication draft = communication(org).build();
        insert(draft);
        insertRecipients(List.of(recipient(draft, "unit-1", 1).build()));
        UUID held = UUID.randomUUID();
        Recipient inDraft = claim(org, draft, NOW, held, LEASE, 1).get(0);
        assertThatThrownBy(() -> store().write(org, tx -> {
            assertThat(tx.deleteCommunication(draft.id(), 0)).isTrue();
            throw failure;
        })).isSameAs(failure);
        assertThat(record(org, held, List.of(accepted(inDraft)))).as("a delete rolled back keeps its recipients' claims")
                .containsExactly(inDraft.id());
    }

    // ---- the communication being sent ------------------------------------------------------------------------------

    @Test
    void aSendingCommunicationFinishesByCompareAndSetAndIsNeitherDeletedNorFinishedBefore() {
        Communication c = sendingWith(org, 1);
        Recipient r = recipientsOf(org, c.id()).get(0);
        List<Communication> finished = new ArrayList<>();
        store().read(org, (StoreTransaction tx) -> {
            tx.forEachFinishedCommunication(finished::add);
            return null;
        });
        assertThat(finished).as("sending is not finished").isEmpty();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.deleteCommunication(c.id(), 1))).isFalse();
        assertThat(find(org, c.id())).contains(c);
        assertThat(recipientsOf(org, c.id())).containsExactly(r);

        Communication sent = CommunicationBuilder.from(c).nextVersion().status(CommunicationStatus.SENT).sentAt(NOW).build();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateCommunication(sent, 0))).as("another version").isFalse();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateCommunication(sent, 1))).isTrue();
        assertThat(find(org, c.id())).contains(sent);
        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateCommunication(
                CommunicationBuilder.from(sent).nextVersion().notes("after").build(), 2))).as("sent is final").isFalse();

        Communication other = sendingWith(org, 0);
        Communication failed = CommunicationBuilder.from(other).nextVersion().status(CommunicationStatus.FAILED)
                .failedAt(NOW).failureReason("every recipient refused").build();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateCommunication(failed, 1))).isTrue();
        store().read(org, (StoreTransaction tx) -> {
            tx.forEachFinishedCommunication(finished::add);
            return null;
        });
        assertThat(finished).containsExactlyInAnyOrder(sent, failed);
    }

    // ---- organisations ----------------------------------------------------------------------------------------------

    @Test
    void claimsAndOutcomesStayInTheirOrganisation() {
        Communication c = sendingWith(org, 2);
        List<Recipient> before = recipientsOf(org, c.id());
        assertThat(claim(otherOrg, c, NOW, UUID.randomUUID(), LEASE, 10)).isEmpty();
        assertThat(read(otherOrg, (StoreTransaction tx) -> tx.dueCommunications(NOW, 10))).isEmpty();
        assertThat(recipientsOf(org, c.id())).containsExactlyElementsOf(before);

        UUID claim = UUID.randomUUID();
        List<Recipient> claimed = claim(org, c, NOW, claim, LEASE, 10);
        Communication foreign = sendingWith(otherOrg, 1);
        Recipient foreignOutcome = accepted(recipientsOf(otherOrg, foreign.id()).get(0));
        assertThatThrownBy(() -> record(org, claim, List.of(accepted(claimed.get(0)), foreignOutcome)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> record(otherOrg, claim, List.of(accepted(claimed.get(0)))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(recipientsOf(org, c.id())).as("nothing of the batch recorded").containsExactlyElementsOf(claimed);
        assertThat(record(org, claim, claimed.stream().map(DispatchClaimsContract::accepted).toList()))
                .containsExactlyInAnyOrderElementsOf(claimed.stream().map(Recipient::id).toList());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    List<Recipient> claim(String organisationId, Communication c, Instant now, UUID claim, Instant leaseUntil, int limit) {
        return store().write(organisationId, tx -> tx.claimRecipients(c.id(), now, claim, leaseUntil, limit));
    }

    Set<UUID> record(String organisationId, UUID claim, List<Recipient> outcomes) {
        return store().write(organisationId, tx -> tx.recordDispatchOutcomes(claim, outcomes));
    }

    /** @return the recipient as a claim leaves it: one more attempt, not to be taken again before {@code leaseUntil} */
    static Recipient leased(Recipient r, Instant leaseUntil) {
        return r.withDispatch(r.providerMessageId(), r.dispatchAttempts() + 1, leaseUntil);
    }

    /** @return the claimed recipient as a provider's acceptance leaves it */
    static Recipient accepted(Recipient claimed) {
        return claimed.withDelivery(DeliveryStatus.ACCEPTED, null, null, null, NOW.plusSeconds(1))
                .withDispatch("prov-" + claimed.id(), claimed.dispatchAttempts(), null);
    }

    static CommunicationBuilder scheduled(String organisationId, Instant at) {
        return communication(organisationId).status(CommunicationStatus.SCHEDULED).scheduledAt(at);
    }
}
