package io.github.commscentre.inmemory;

import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.AuditEvent;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.spi.CommunicationKey;
import io.github.commscentre.testkit.StoreTestData;
import io.github.commscentre.testkit.StoreTestData.CommunicationBuilder;
import io.github.commscentre.testkit.StoreTestData.RecipientBuilder;
import io.github.commscentre.spi.StoreTransaction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static io.github.commscentre.testkit.StoreTestData.auditEvent;
import static io.github.commscentre.testkit.StoreTestData.communication;
import static io.github.commscentre.testkit.StoreTestData.newOrganisationId;
import static io.github.commscentre.testkit.StoreTestData.recipient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What the in-memory store promises beyond the contract suite: stricter misuse detection (the SPI allows it,
 * this store insists), partial failures a caller catches, and correctness of its indexes at scale.
 */
class InMemoryCommunicationStoreSpecificsTest {

    private final InMemoryCommunicationStore store = new InMemoryCommunicationStore();
    private String org;

    @BeforeEach
    void freshOrganisation() {
        org = newOrganisationId();
    }

    private void insert(Communication... communications) {
        store.write(org, tx -> {
            for (Communication c : communications) {
                tx.insertCommunication(c);
            }
            return null;
        });
    }

    @Test
    void aTransactionIsUnusableAfterItsUnitOfWork() {
        AtomicReference<StoreTransaction> fromWrite = new AtomicReference<>();
        AtomicReference<StoreTransaction> fromRead = new AtomicReference<>();
        store.write(org, tx -> {
            fromWrite.set(tx);
            return null;
        });
        store.read(org, tx -> {
            fromRead.set(tx);
            return null;
        });
        RuntimeException failure = new RuntimeException("work failed");
        AtomicReference<StoreTransaction> fromFailedWrite = new AtomicReference<>();
        assertThatThrownBy(() -> store.write(org, tx -> {
            fromFailedWrite.set(tx);
            throw failure;
        })).isSameAs(failure);

        for (StoreTransaction stale : List.of(fromWrite.get(), fromRead.get(), fromFailedWrite.get())) {
            assertThatThrownBy(() -> stale.findCommunication(UUID.randomUUID()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("only valid during its unit of work");
            assertThatThrownBy(() -> stale.auditChainHead()).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> fromWrite.get().insertCommunication(communication(org).build()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(store.read(org, (StoreTransaction tx) -> tx.countCommunications(CommunicationFilter.all()))).isZero();
    }

    @Test
    void aTransactionCannotBeUsedFromAnotherThread() {
        Communication c = communication(org).build();
        Throwable fromOtherThread = store.write(org, tx -> {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread other = new Thread(() -> thrown.set(catchThrowable(() -> tx.insertCommunication(c))));
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return thrown.get();
        });

        assertThat(fromOtherThread).isInstanceOf(IllegalStateException.class).hasMessageContaining("may not be used by");
        assertThat(store.read(org, (StoreTransaction tx) -> tx.findCommunication(c.id()))).isEmpty();
    }

    @Test
    void everyWriteOperationInsideReadThrowsIllegalStateException() {
        Communication c = communication(org).build();
        insert(c);
        Recipient r = recipient(c, "unit-1", 1).build();
        store.write(org, tx -> {
            tx.insertRecipients(List.of(r));
            return null;
        });
        Map<String, Consumer<StoreTransaction>> writes = new LinkedHashMap<>();
        writes.put("insertCommunication", tx -> tx.insertCommunication(communication(org).build()));
        writes.put("updateCommunication", tx -> tx.updateCommunication(CommunicationBuilder.from(c).nextVersion().build(), 0));
        writes.put("deleteCommunication", tx -> tx.deleteCommunication(c.id(), 0));
        writes.put("insertRecipients", tx -> tx.insertRecipients(List.of(recipient(c, "unit-2", 2).build())));
        writes.put("insertRecipients (empty)", tx -> tx.insertRecipients(List.of()));
        writes.put("updateRecipient", tx -> tx.updateRecipient(RecipientBuilder.from(r).status(DeliveryStatus.OPENED).build(),
                DeliveryStatus.PENDING));
        writes.put("appendAuditEvents", tx -> tx.appendAuditEvents(List.of(auditEvent(org, 1, c.id()).build())));

        writes.forEach((name, write) -> assertThatThrownBy(() -> store.read(org, tx -> {
            write.accept(tx);
            return null;
        })).as(name).isInstanceOf(IllegalStateException.class).hasMessageContaining("read unit of work"));

        assertThat(store.read(org, (StoreTransaction tx) -> tx.findCommunication(c.id()))).contains(c);
        assertThat(store.read(org, (StoreTransaction tx) -> tx.listRecipients(c.id(), null, 0, 10))).containsExactly(r);
        assertThat(store.read(org, (StoreTransaction tx) -> tx.auditChainHead())).isEqualTo(AuditChainHead.empty(org));
    }

    @Test
    void aTransactionRefusesAnotherOrganisation() {
        String other = newOrganisationId();
        Communication foreign = communication(other).build();

        Throwable thrown = catchThrowable(() -> store.write(org, tx -> {
            tx.insertCommunication(communication(org).build());
            tx.insertCommunication(foreign);
            return null;
        }));

        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(org).hasMessageContaining(other);
        assertThat(store.read(org, (StoreTransaction tx) -> tx.countCommunications(CommunicationFilter.all()))).isZero();
        assertThat(store.read(other, (StoreTransaction tx) -> tx.countCommunications(CommunicationFilter.all()))).isZero();
        assertThat(store.read(org, StoreTransaction::organisationId)).isEqualTo(org);
    }

    @Test
    void nestingIsAllowedOnlyWhereItCannotDeadlockOrBreakRollback() {
        Communication c = communication(org).build();
        String other = newOrganisationId();

        store.write(org, tx -> {
            tx.insertCommunication(c);
            // A read of the same organisation inside the write sees the write's own changes.
            assertThat(store.read(org, (StoreTransaction inner) -> inner.findCommunication(c.id()))).contains(c);
            assertThatThrownBy(() -> store.write(org, inner -> null))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be nested");
            store.write(other, inner -> {
                inner.insertCommunication(communication(other).build());
                return null;
            });
            return null;
        });
        store.read(org, tx -> {
            assertThat(store.read(org, (StoreTransaction inner) -> inner.findCommunication(c.id()))).contains(c);
            assertThatThrownBy(() -> store.write(org, inner -> null))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("inside a read unit of work");
            return null;
        });

        assertThat(store.read(other, (StoreTransaction tx) -> tx.countCommunications(CommunicationFilter.all()))).isEqualTo(1);
        assertThat(store.write(org, (StoreTransaction tx) -> tx.findCommunication(c.id()))).contains(c);
    }

    @Test
    void aRejectedBatchThatTheWorkCatchesLeavesNothingOfItself() {
        Communication c = communication(org).build();
        insert(c);
        Recipient first = recipient(c, "unit-1", 1).build();
        AuditEvent event = auditEvent(org, 1, c.id()).build();

        store.write(org, tx -> {
            tx.insertRecipients(List.of(first));
            CommunicationCentreException recipients = catchThrowableOfType(() -> tx.insertRecipients(List.of(
                    recipient(c, "unit-2", 2).build(), recipient(c, "unit-1", 3).build())));
            assertThat(recipients.code()).isEqualTo(ErrorCode.CONFLICT);
            CommunicationCentreException duplicateId = catchThrowableOfType(() -> tx.insertRecipients(List.of(
                    recipient(c, "unit-3", 2).id(first.id()).build())));
            assertThat(duplicateId.code()).isEqualTo(ErrorCode.CONFLICT);
            tx.appendAuditEvents(List.of(event));
            CommunicationCentreException audit = catchThrowableOfType(() -> tx.appendAuditEvents(List.of(
                    auditEvent(org, 2, c.id()).build(), auditEvent(org, 2, c.id()).build())));
            assertThat(audit.code()).isEqualTo(ErrorCode.CONFLICT);
            return null;
        });

        assertThat(store.read(org, (StoreTransaction tx) -> tx.listRecipients(c.id(), null, 0, 10))).containsExactly(first);
        assertThat(store.rawAuditEvents(org)).containsExactly(event);
        assertThat(store.rawAuditChainHead(org)).isEqualTo(new AuditChainHead(org, 1, event.hash()));
    }

    private static CommunicationCentreException catchThrowableOfType(Runnable call) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(CommunicationCentreException.class);
        return (CommunicationCentreException) thrown;
    }

    @Test
    void recipientsOfAMissingCommunicationAreConflict() {
        Communication never = communication(org).build();

        Throwable thrown = catchThrowable(() -> store.write(org, tx -> {
            tx.insertRecipients(List.of(recipient(never, "unit-1", 1).build()));
            return null;
        }));

        assertThat(thrown).isInstanceOf(CommunicationCentreException.class);
        assertThat(((CommunicationCentreException) thrown).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(store.read(org, (StoreTransaction tx) -> tx.recipientStats(never.id())).total()).isZero();
    }

    @Test
    void recipientsOfSeveralCommunicationsInOneCallAreRefused() {
        Communication a = communication(org).build();
        Communication b = communication(org).build();
        insert(a, b);

        assertThatThrownBy(() -> store.write(org, tx -> {
            tx.insertRecipients(List.of(recipient(a, "unit-1", 1).build(), recipient(b, "unit-1", 1).build()));
            return null;
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.read(org, (StoreTransaction tx) -> tx.recipientStats(a.id())).total()).isZero();
    }

    @Test
    void auditEventsMustContinueTheHeadExactly() {
        UUID c = UUID.randomUUID();
        store.write(org, tx -> {
            tx.appendAuditEvents(List.of(auditEvent(org, 1, c).build()));
            return null;
        });

        // Sequence 0 means pending, which carries no hashes: such an event cannot even be built.
        assertThatThrownBy(() -> auditEvent(org, 0, c).build()).isInstanceOf(IllegalArgumentException.class);
        for (long sequence : new long[]{1, 3, 100}) {
            Throwable thrown = catchThrowable(() -> store.write(org, tx -> {
                tx.appendAuditEvents(List.of(auditEvent(org, sequence, c).build()));
                return null;
            }));
            assertThat(thrown).as("sequence %d", sequence).isInstanceOf(CommunicationCentreException.class);
            assertThat(((CommunicationCentreException) thrown).code()).isEqualTo(ErrorCode.CONFLICT);
        }
        // An event planted beyond the head (an attacker's insert) makes the next honest append collide.
        new InMemoryStoreTampering(store).insertAuditEvent(auditEvent(org, 2, c).build());
        Throwable thrown = catchThrowable(() -> store.write(org, tx -> {
            tx.appendAuditEvents(List.of(auditEvent(org, 2, c).build()));
            return null;
        }));
        assertThat(((CommunicationCentreException) thrown).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(store.rawAuditChainHead(org).lastSequence()).isEqualTo(1);
    }

    @Test
    void updatesThatWouldChangeIdentityAreRefusedAndRolledBack() {
        Communication c = communication(org).blockId("block-1").build();
        insert(c);
        Recipient r = recipient(c, "unit-1", 1).build();
        store.write(org, tx -> {
            tx.insertRecipients(List.of(r));
            return null;
        });
        List<Communication> badUpdates = List.of(
                CommunicationBuilder.from(c).nextVersion().blockId("block-2").build(),
                CommunicationBuilder.from(c).nextVersion().unitId("unit-9").build(),
                CommunicationBuilder.from(c).nextVersion().type(CommunicationType.CIRCULAR).build(),
                CommunicationBuilder.from(c).nextVersion().createdBy("someone-else").build(),
                CommunicationBuilder.from(c).nextVersion().createdAt(c.createdAt().plusSeconds(1)).build(),
                CommunicationBuilder.from(c).version(5).build());

        for (Communication bad : badUpdates) {
            assertThatThrownBy(() -> store.write(org, tx -> tx.updateCommunication(bad, 0)))
                    .as("%s", bad).isInstanceOf(IllegalArgumentException.class);
        }
        Recipient moved = new Recipient(r.id(), org, r.communicationId(), r.unitId(), 7, r.recipientName(), r.recipientEmail(),
                DeliveryStatus.DELIVERED, null, null, null, r.addedAt(), r.updatedAt(), r.addedBy());
        assertThatThrownBy(() -> store.write(org, tx -> tx.updateRecipient(moved, DeliveryStatus.PENDING)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store.read(org, (StoreTransaction tx) -> tx.findCommunication(c.id()))).contains(c);
        assertThat(store.read(org, (StoreTransaction tx) -> tx.listRecipients(c.id(), null, 0, 10))).containsExactly(r);
    }

    @Test
    void anErrorThrownByTheWorkRollsBackToo() {
        Communication c = communication(org).build();
        AssertionError error = new AssertionError("a failed assertion inside the work");

        assertThatThrownBy(() -> store.write(org, tx -> {
            tx.insertCommunication(c);
            throw error;
        })).isSameAs(error);

        assertThat(store.read(org, (StoreTransaction tx) -> tx.findCommunication(c.id()))).isEmpty();
    }

    @Test
    void keysetListingStaysExactOverManyCommunicationsAndIndexes() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<Communication> all = new ArrayList<>();
        String[] blocks = {"block-a", "block-b", "block-c", null};
        for (int i = 0; i < 60_000; i++) {
            String block = blocks[random.nextInt(blocks.length)];
            CommunicationBuilder b = communication(org)
                    .id(new UUID(random.nextLong(), random.nextLong()))
                    .createdAt(StoreTestData.BASE.plusMillis(random.nextInt(20_000)))
                    .blockId(block)
                    .unitId(block == null ? null : block + "-unit-" + random.nextInt(20))
                    .type(random.nextInt(50) == 0 ? CommunicationType.AGM_NOTICE : CommunicationType.NOTICE);
            if (random.nextInt(5) == 0) {
                b.sent();
            }
            all.add(b.build());
        }
        for (int from = 0; from < all.size(); from += 10_000) {
            insert(all.subList(from, from + 10_000).toArray(new Communication[0]));
        }
        // Some rows change status afterwards, to prove the indexes follow updates.
        List<Communication> current = new ArrayList<>();
        store.write(org, tx -> {
            for (Communication c : all) {
                if (c.status() == CommunicationStatus.DRAFT && random.nextInt(10) == 0) {
                    Communication failed = CommunicationBuilder.from(c).nextVersion().failed().build();
                    assertThat(tx.updateCommunication(failed, 0)).isTrue();
                    current.add(failed);
                } else {
                    current.add(c);
                }
            }
            return null;
        });
        current.sort(StoreTestData.NEWEST_FIRST);

        List<CommunicationFilter> filters = List.of(
                CommunicationFilter.all(),
                CommunicationFilter.builder().blockId("block-b").build(),
                CommunicationFilter.builder().unitId("block-c-unit-7").build(),
                CommunicationFilter.builder().blockId("block-a").status(CommunicationStatus.FAILED).build(),
                CommunicationFilter.builder().status(CommunicationStatus.SENT).build(),
                CommunicationFilter.builder().blockId("block-a").unitId("block-b-unit-1").build(),
                CommunicationFilter.builder().communicationType(CommunicationType.AGM_NOTICE).build(),
                CommunicationFilter.builder().communicationType(CommunicationType.AGM_NOTICE).status(CommunicationStatus.FAILED).build(),
                CommunicationFilter.builder().communicationType(CommunicationType.CIRCULAR).build(),
                CommunicationFilter.builder().blockId("block-b").communicationType(CommunicationType.NOTICE)
                        .status(CommunicationStatus.SENT).build());
        for (CommunicationFilter filter : filters) {
            List<Communication> expected = current.stream()
                    .filter(c -> filter.blockId() == null || filter.blockId().equals(c.blockId()))
                    .filter(c -> filter.unitId() == null || filter.unitId().equals(c.unitId()))
                    .filter(c -> filter.communicationType() == null || filter.communicationType() == c.communicationType())
                    .filter(c -> filter.status() == null || filter.status() == c.status())
                    .toList();
            List<CommunicationSummary> listed = new ArrayList<>();
            CommunicationKey after = null;
            while (true) {
                CommunicationKey from = after;
                List<CommunicationSummary> page = store.read(org, tx -> tx.listCommunications(filter, from, 101));
                listed.addAll(page);
                if (page.size() < 101) {
                    break;
                }
                after = new CommunicationKey(page.get(100).createdAt(), page.get(100).id());
            }
            assertThat(listed.equals(StoreTestData.summaries(expected))).as("listing %s with seed %d", filter, seed).isTrue();
            assertThat(store.read(org, (StoreTransaction tx) -> tx.countCommunications(filter))).as("count %s with seed %d", filter, seed)
                    .isEqualTo(expected.size());
        }
    }

    @Test
    void rawHooksSeeStoredStateWithoutATransaction() {
        Communication c = communication(org).build();
        insert(c);
        AuditEvent event = auditEvent(org, 1, c.id()).build();
        store.write(org, tx -> {
            tx.appendAuditEvents(List.of(event));
            return null;
        });

        assertThat(store.rawCommunication(org, c.id())).contains(c);
        assertThat(store.rawAuditEvent(org, 1)).contains(event);
        assertThat(store.rawAuditEvent(org, 2)).isEmpty();
        assertThat(store.rawAuditEvents(org)).containsExactly(event);
        assertThat(store.rawAuditChainHead(org)).isEqualTo(new AuditChainHead(org, 1, event.hash()));
        assertThat(store.toString()).contains("InMemoryCommunicationStore");
    }
}
