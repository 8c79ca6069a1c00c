package io.github.commscentre.testkit;

import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.NamedRecipients;
import io.github.commscentre.spi.ProviderEventRecord;
import io.github.commscentre.spi.RecipientChange;
import io.github.commscentre.spi.StoreTransaction;
import io.github.commscentre.testkit.StoreTestData.RecipientBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.github.commscentre.testkit.StoreTestData.communication;
import static io.github.commscentre.testkit.StoreTestData.recipient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What a batch of provider webhook events needs of a store: recipients found by provider message id and locked many at
 * once, within the organisation only; event ids remembered per organisation and provider, a repeat a conflict; many
 * recipients changed by compare-and-set on their delivery status in one call; all of it undone with the unit of work,
 * and batches that lock the same recipients in any order neither deadlock nor lose an update.
 */
abstract class ProviderEventsContract extends StoreContractFixture {

    private static final String PROVIDER = "postmark";
    private static final Instant RECEIVED = Instant.parse("2026-03-10T10:00:00.000123Z");

    private static ProviderEventRecord seen(String eventId, Recipient r) {
        return new ProviderEventRecord(eventId, r.id(), RECEIVED);
    }

    private Set<String> seenIn(String organisationId, String provider, List<String> eventIds) {
        return read(organisationId, tx -> tx.seenProviderEvents(provider, eventIds));
    }

    @Test
    void providerMessageIdsFindTheRecipientsOfThisOrganisationOnly() {
        String awkward = "<0100018e.😀'\"\\%_@eu-west-1.amazonses.com>";
        List<Recipient> mine = accepted(org, "msg-1", "msg-2", awkward);
        Communication c = communication(org).build();
        insert(c);
        insertRecipients(List.of(recipient(c, "unit-pending", 1).build()));
        List<Recipient> theirs = accepted(otherOrg, "msg-1", "msg-other");
        List<String> asked = List.of("msg-1", "msg-2", awkward, "msg-other", "msg-nowhere");

        assertThat(read(org, (StoreTransaction tx) -> tx.recipientIdsByProviderMessageId(asked))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "msg-1", mine.get(0).id(), "msg-2", mine.get(1).id(), awkward, mine.get(2).id()));
        assertThat(read(otherOrg, (StoreTransaction tx) -> tx.recipientIdsByProviderMessageId(asked))).containsExactlyInAnyOrderEntriesOf(
                Map.of("msg-1", theirs.get(0).id(), "msg-other", theirs.get(1).id()));
        assertThat(read(org, (StoreTransaction tx) -> tx.recipientIdsByProviderMessageId(List.of()))).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.recipientIdsByProviderMessageId(List.of("MSG-1", "msg-1 ")))).as("exact match").isEmpty();
    }

    @Test
    void aProviderMessageIdThatSeveralRecipientsHaveNamesNoneOfThem() {
        List<Recipient> recipients = accepted(org, "msg-shared", "msg-shared", "msg-own");

        assertThat(read(org, (StoreTransaction tx) -> tx.recipientIdsByProviderMessageId(List.of("msg-shared", "msg-own"))))
                .containsExactly(Map.entry("msg-own", recipients.get(2).id()));
    }

    @Test
    void aThousandProviderMessageIdsAreFoundInOneCall() {
        String[] ids = IntStream.range(0, 1_000).mapToObj(i -> "msg-" + i + "-" + UUID.randomUUID()).toArray(String[]::new);
        List<Recipient> recipients = accepted(org, ids);
        List<String> asked = new ArrayList<>(List.of(ids));
        IntStream.range(0, 200).forEach(i -> asked.add("unknown-" + i));
        Collections.shuffle(asked, new Random(5));

        Map<String, UUID> found = read(org, (StoreTransaction tx) -> tx.recipientIdsByProviderMessageId(asked));

        assertThat(found).hasSize(1_000);
        for (Recipient r : recipients) {
            assertThat(found.get(r.providerMessageId())).as(r.providerMessageId()).isEqualTo(r.id());
        }
    }

    @Test
    void lockRecipientsReturnsEveryFieldOfThoseFoundInThisOrganisation() {
        Communication a = communication(org).build();
        Communication b = communication(org).build();
        insert(a, b);
        Recipient full = recipient(a, "unit-1", 1).name(TRICKY).email("o'brien@exämple.com").status(DeliveryStatus.DELIVERED)
                .deliveredAt(Instant.parse("2026-03-03T00:00:00.000001Z")).providerMessageId("msg-" + TRICKY)
                .attempts(2).updatedAt(Instant.parse("2026-03-05T00:00:00.000004Z")).build();
        Recipient vacant = recipient(a, "unit-2", 2).name(null).email(null).build();
        Recipient other = recipient(b, "unit-1", 1).status(DeliveryStatus.BOUNCED).failureReason("mailbox full").build();
        insertRecipients(List.of(full, vacant));
        insertRecipients(List.of(other));
        Recipient theirs = accepted(otherOrg, "msg-x").get(0);
        UUID nowhere = UUID.randomUUID();

        Map<UUID, Recipient> locked = store().write(org, tx -> tx.lockRecipients(List.of(other.id(), theirs.id(), full.id(),
                nowhere, vacant.id())));

        assertThat(locked).containsExactlyInAnyOrderEntriesOf(Map.of(full.id(), full, vacant.id(), vacant, other.id(), other));
        assertThat(store().write(org, (StoreTransaction tx) -> tx.lockRecipients(List.of()))).isEmpty();
        assertThat(store().write(otherOrg, (StoreTransaction tx) -> tx.lockRecipients(List.of(full.id(), theirs.id()))))
                .containsOnlyKeys(theirs.id());
    }

    @Test
    void recipientsNamedByIdOrByMessageIdAreLockedTogetherAndASharedMessageIdNamesNone() {
        List<Recipient> mine = accepted(org, "msg-1", "msg-2", "msg-shared", "msg-shared", "msg-by-id");
        Recipient theirs = accepted(otherOrg, "msg-theirs").get(0);
        List<UUID> byId = List.of(mine.get(4).id(), theirs.id(), UUID.randomUUID());
        List<String> byMessageId = List.of("msg-1", "msg-2", "msg-shared", "msg-theirs", "msg-nowhere");

        NamedRecipients named = store().write(org, tx -> tx.lockNamedRecipients(byId, byMessageId));

        assertThat(named.byMessageId()).as("each message id that exactly one recipient of this organisation has")
                .containsExactlyInAnyOrderEntriesOf(Map.of("msg-1", mine.get(0).id(), "msg-2", mine.get(1).id()));
        assertThat(named.locked()).as("every recipient named, with every field")
                .containsAllEntriesOf(Map.of(mine.get(0).id(), mine.get(0), mine.get(1).id(), mine.get(1),
                        mine.get(4).id(), mine.get(4)))
                .doesNotContainKey(theirs.id());
        assertThat(named.locked().keySet()).as("those sharing a message id at most besides")
                .isSubsetOf(mine.stream().map(Recipient::id).toList());
        assertThat(store().write(org, (StoreTransaction tx) -> tx.lockNamedRecipients(List.of(), List.of())))
                .isEqualTo(new NamedRecipients(Map.of(), Map.of()));
        NamedRecipients alone = store().write(org, (StoreTransaction tx) -> tx.lockNamedRecipients(
                List.of(mine.get(2).id()), List.of("msg-shared")));
        assertThat(alone.byMessageId()).as("a recipient named by id does not make a shared message id its own").isEmpty();
        assertThat(alone.locked()).containsEntry(mine.get(2).id(), mine.get(2));
    }

    @Test
    void seenEventsAreThoseRecordedForTheSameProviderInTheSameOrganisation() {
        Recipient r = accepted(org, "msg-1").get(0);
        Recipient theirs = accepted(otherOrg, "msg-1").get(0);
        // An event id has at most 200 characters (the facade refuses longer ones): 150 of the awkward ones.
        String awkward = "evt-" + new String(TRICKY.codePoints().limit(150).toArray(), 0, 150);
        write(org, tx -> tx.recordProviderEvents(PROVIDER, List.of(seen("evt-1", r), seen(awkward, r))));
        write(otherOrg, tx -> tx.recordProviderEvents(PROVIDER, List.of(seen("evt-2", theirs))));
        write(org, tx -> tx.recordProviderEvents("sendgrid", List.of(seen("evt-3", r))));

        List<String> asked = List.of("evt-1", "evt-2", "evt-3", awkward, "evt-4", "EVT-1");
        assertThat(seenIn(org, PROVIDER, asked)).containsExactlyInAnyOrder("evt-1", awkward);
        assertThat(seenIn(org, "sendgrid", asked)).containsExactly("evt-3");
        assertThat(seenIn(org, "Postmark", asked)).as("provider names are exact").isEmpty();
        assertThat(seenIn(otherOrg, PROVIDER, asked)).containsExactly("evt-2");
        assertThat(seenIn(org, PROVIDER, List.of())).isEmpty();
        assertThat(seenIn(org, "sendgrid", asked)).as("recording is not changed by reading").containsExactly("evt-3");
    }

    @Test
    void recordingAnEventIdAgainIsConflictAndRecordsNothingOfTheBatch() {
        Recipient r = accepted(org, "msg-1").get(0);
        write(org, tx -> tx.recordProviderEvents(PROVIDER, List.of(seen("evt-1", r))));

        Throwable again = catchThrowable(() -> write(org, tx -> tx.recordProviderEvents(PROVIDER,
                List.of(seen("evt-2", r), seen("evt-1", r), seen("evt-3", r)))));
        Throwable twiceInOne = catchThrowable(() -> write(org, tx -> tx.recordProviderEvents(PROVIDER,
                List.of(seen("evt-4", r), seen("evt-5", r), seen("evt-4", r)))));

        for (Throwable thrown : List.of(again, twiceInOne)) {
            assertThat(thrown).isInstanceOf(CommunicationCentreException.class);
            assertThat(((CommunicationCentreException) thrown).code()).isEqualTo(ErrorCode.CONFLICT);
        }
        assertThat(seenIn(org, PROVIDER, List.of("evt-1", "evt-2", "evt-3", "evt-4", "evt-5"))).containsExactly("evt-1");
    }

    @Test
    void seenEventsAndChangesOfAFailedUnitOfWorkAreForgotten() {
        Recipient r = accepted(org, "msg-1").get(0);
        Recipient delivered = RecipientBuilder.from(r).status(DeliveryStatus.DELIVERED).deliveredAt(RECEIVED)
                .updatedAt(RECEIVED).build();
        IllegalStateException failure = new IllegalStateException("boom after recording");

        Throwable thrown = catchThrowable(() -> write(org, tx -> {
            tx.recordProviderEvents(PROVIDER, List.of(seen("evt-1", r)));
            assertThat(tx.updateRecipients(List.of(new RecipientChange(delivered, DeliveryStatus.ACCEPTED))))
                    .containsExactly(r.id());
            assertThat(tx.seenProviderEvents(PROVIDER, List.of("evt-1"))).as("seen inside the unit of work").containsExactly("evt-1");
            throw failure;
        }));

        assertThat(thrown).isSameAs(failure);
        assertThat(seenIn(org, PROVIDER, List.of("evt-1"))).isEmpty();
        assertThat(recipientsOf(org, r.communicationId())).containsExactly(r);
        write(org, tx -> tx.recordProviderEvents(PROVIDER, List.of(seen("evt-1", r))));
        assertThat(seenIn(org, PROVIDER, List.of("evt-1"))).as("and can be recorded again").containsExactly("evt-1");
    }

    @Test
    void updateRecipientsReplacesEachOnlyWhileItsStatusIsTheExpectedOne() {
        List<Recipient> rs = accepted(org, "msg-1", "msg-2", "msg-3");
        Recipient delivered = RecipientBuilder.from(rs.get(0)).status(DeliveryStatus.DELIVERED).deliveredAt(RECEIVED)
                .updatedAt(RECEIVED).build();
        Recipient bounced = RecipientBuilder.from(rs.get(1)).status(DeliveryStatus.BOUNCED).failureReason("mailbox full")
                .updatedAt(RECEIVED).build();
        Recipient opened = RecipientBuilder.from(rs.get(2)).status(DeliveryStatus.OPENED).deliveredAt(RECEIVED)
                .openedAt(RECEIVED).updatedAt(RECEIVED).build();
        Communication c = communication(org).build();
        insert(c);
        Recipient neverStored = recipient(c, "unit-9", 9).build();

        Set<UUID> replaced = store().write(org, tx -> tx.updateRecipients(List.of(
                new RecipientChange(delivered, DeliveryStatus.ACCEPTED),
                new RecipientChange(bounced, DeliveryStatus.DELIVERED),
                new RecipientChange(opened, DeliveryStatus.ACCEPTED),
                new RecipientChange(neverStored, DeliveryStatus.PENDING))));

        assertThat(replaced).containsExactlyInAnyOrder(delivered.id(), opened.id());
        assertThat(recipientsOf(org, rs.get(0).communicationId())).containsExactly(delivered, rs.get(1), opened);
        assertThat(recipientsOf(org, c.id())).isEmpty();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateRecipients(List.of()))).isEmpty();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateRecipients(List.of(
                new RecipientChange(RecipientBuilder.from(delivered).updatedAt(RECEIVED.plusSeconds(1)).build(),
                        DeliveryStatus.ACCEPTED))))).as("compared with the stored status, not the one first read").isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.recipientStats(rs.get(0).communicationId())).byStatus())
                .containsEntry(DeliveryStatus.DELIVERED, 1L).containsEntry(DeliveryStatus.OPENED, 1L)
                .containsEntry(DeliveryStatus.ACCEPTED, 1L);
    }

    @Test
    void updateRecipientsRefusesARecipientOfAnotherOrganisationAndChangesNothing() {
        Recipient mine = accepted(org, "msg-1").get(0);
        Recipient theirs = accepted(otherOrg, "msg-2").get(0);
        Recipient delivered = RecipientBuilder.from(mine).status(DeliveryStatus.DELIVERED).deliveredAt(RECEIVED).build();
        Recipient theirsDelivered = RecipientBuilder.from(theirs).status(DeliveryStatus.DELIVERED).deliveredAt(RECEIVED).build();

        write(org, tx -> {
            Throwable thrown = catchThrowable(() -> tx.updateRecipients(List.of(
                    new RecipientChange(delivered, DeliveryStatus.ACCEPTED),
                    new RecipientChange(theirsDelivered, DeliveryStatus.ACCEPTED))));
            assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
            // the work goes on and commits: the refused call must have changed nothing itself
        });

        assertThat(recipientsOf(org, mine.communicationId())).containsExactly(mine);
        assertThat(recipientsOf(otherOrg, theirs.communicationId())).containsExactly(theirs);
    }

    @Test
    void readUnitsOfWorkCannotRecordEventsOrChangeRecipients() {
        Recipient r = accepted(org, "msg-1").get(0);
        Recipient delivered = RecipientBuilder.from(r).status(DeliveryStatus.DELIVERED).deliveredAt(RECEIVED).build();
        List<Function<StoreTransaction, Object>> writes = List.of(
                tx -> {
                    tx.recordProviderEvents(PROVIDER, List.of(seen("evt-1", r)));
                    return null;
                },
                tx -> tx.updateRecipients(List.of(new RecipientChange(delivered, DeliveryStatus.ACCEPTED))));

        for (Function<StoreTransaction, Object> operation : writes) {
            Throwable thrown = catchThrowable(() -> store().read(org, operation::apply));
            assertThat(thrown).isInstanceOfAny(IllegalStateException.class, CommunicationCentreException.class);
        }

        assertThat(seenIn(org, PROVIDER, List.of("evt-1"))).isEmpty();
        assertThat(recipientsOf(org, r.communicationId())).containsExactly(r);
    }

    @Test
    void aBatchOfAThousandIsLockedRecordedAndChangedInOneUnitOfWork() {
        String[] ids = IntStream.range(0, 1_000).mapToObj(i -> "msg-" + i).toArray(String[]::new);
        List<Recipient> recipients = accepted(org, ids);
        List<UUID> recipientIds = recipients.stream().map(Recipient::id).collect(Collectors.toCollection(ArrayList::new));
        Collections.shuffle(recipientIds, new Random(9));
        List<String> eventIds = IntStream.range(0, 1_000).mapToObj(i -> "evt-" + i).toList();

        Set<UUID> replaced = store().write(org, tx -> {
            Map<UUID, Recipient> locked = tx.lockRecipients(recipientIds);
            assertThat(locked).hasSize(1_000);
            assertThat(tx.seenProviderEvents(PROVIDER, eventIds)).isEmpty();
            List<ProviderEventRecord> records = new ArrayList<>();
            List<RecipientChange> changes = new ArrayList<>();
            for (int i = 0; i < recipients.size(); i++) {
                Recipient r = locked.get(recipients.get(i).id());
                records.add(seen(eventIds.get(i), r));
                changes.add(new RecipientChange(RecipientBuilder.from(r).status(DeliveryStatus.DELIVERED)
                        .deliveredAt(RECEIVED).updatedAt(RECEIVED).build(), DeliveryStatus.ACCEPTED));
            }
            tx.recordProviderEvents(PROVIDER, records);
            return tx.updateRecipients(changes);
        });

        assertThat(replaced).hasSize(1_000);
        assertThat(seenIn(org, PROVIDER, eventIds)).hasSize(1_000);
        assertThat(recipientsOf(org, recipients.get(0).communicationId())).allSatisfy(r -> {
            assertThat(r.deliveryStatus()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(r.deliveredAt()).isEqualTo(RECEIVED);
        });
    }

    @Test
    void batchesLockingTheSameRecipientsInAnyOrderNeitherHangNorLoseAnUpdate() throws InterruptedException {
        List<Recipient> recipients = accepted(org, IntStream.range(0, 20).mapToObj(i -> "msg-" + i).toArray(String[]::new));
        int threads = 4;
        int perThread = 10;
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            Thread thread = new Thread(() -> {
                Random random = new Random(worker);
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        List<UUID> ids = new ArrayList<>(recipients.stream().map(Recipient::id).toList());
                        Collections.shuffle(ids, random);
                        List<UUID> some = ids.subList(0, 12 + random.nextInt(9));
                        writeRetryingConflicts(some);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "provider-events-contract-" + t);
            thread.start();
            workers.add(thread);
        }
        start.countDown();
        for (Thread thread : workers) {
            // A guard against a deadlocked store hanging the build, not a timing assertion.
            thread.join(TimeUnit.MINUTES.toMillis(3));
            assertThat(thread.isAlive()).as("%s finished (a deadlock would keep it waiting)", thread.getName()).isFalse();
        }
        assertThat(failures).as("failures (a lost update, or conflicts that never ended)").isEmpty();

        Map<UUID, Integer> expected = new HashMap<>();
        for (int t = 0; t < threads; t++) {
            Random random = new Random(t);
            for (int i = 0; i < perThread; i++) {
                List<UUID> ids = new ArrayList<>(recipients.stream().map(Recipient::id).toList());
                Collections.shuffle(ids, random);
                ids.subList(0, 12 + random.nextInt(9)).forEach(id -> expected.merge(id, 1, Integer::sum));
            }
        }
        for (Recipient r : recipientsOf(org, recipients.get(0).communicationId())) {
            Integer count = expected.get(r.id());
            assertThat(r.failureReason()).as("updates of %s", r.unitId()).isEqualTo(count == null ? null : "n" + count);
        }
    }

    /**
     * A database may give a unit of work up for another ({@code CONFLICT}: a lock timeout, a deadlock it broke), as the
     * contract allows; the caller retries it. What must never happen is an update lost or applied twice.
     */
    private void writeRetryingConflicts(List<UUID> ids) {
        for (int attempt = 1; ; attempt++) {
            try {
                store().write(org, tx -> incrementNames(tx, ids));
                return;
            } catch (CommunicationCentreException e) {
                if (e.code() != ErrorCode.CONFLICT || attempt == 20) {
                    throw e;
                }
            }
        }
    }

    /**
     * Under the locks, each recipient's failure reason counts the units of work that changed it (a field a store lets
     * change without a status move; the name is a snapshot): a lost update shows.
     */
    private static Object incrementNames(StoreTransaction tx, List<UUID> ids) {
        Map<UUID, Recipient> locked = tx.lockRecipients(ids);
        List<RecipientChange> changes = new ArrayList<>();
        for (UUID id : ids) {
            Recipient r = locked.get(id);
            String counter = r.failureReason();
            int count = counter == null ? 0 : Integer.parseInt(counter.substring(1));
            changes.add(new RecipientChange(RecipientBuilder.from(r).failureReason("n" + (count + 1)).build(),
                    r.deliveryStatus()));
        }
        Set<UUID> replaced = tx.updateRecipients(changes);
        if (replaced.size() != ids.size()) {
            throw new AssertionError("compare-and-set failed under the recipients' locks: " + replaced.size() + " of " + ids.size());
        }
        return null;
    }
}
