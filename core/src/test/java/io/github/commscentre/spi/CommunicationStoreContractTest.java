package io.github.commscentre.spi;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.StoreTestData.CommunicationBuilder;
import io.github.commscentre.spi.StoreTestData.RecipientBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static io.github.commscentre.spi.StoreTestData.NEWEST_FIRST;
import static io.github.commscentre.spi.StoreTestData.auditEvent;
import static io.github.commscentre.spi.StoreTestData.communication;
import static io.github.commscentre.spi.StoreTestData.hash;
import static io.github.commscentre.spi.StoreTestData.highBitId;
import static io.github.commscentre.spi.StoreTestData.lowBitId;
import static io.github.commscentre.spi.StoreTestData.newOrganisationId;
import static io.github.commscentre.spi.StoreTestData.recipient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

/**
 * The contract every {@link CommunicationStore} keeps, tested directly against {@link StoreTransaction} (not
 * through the facade). An adapter proves itself by extending this class and implementing {@link #store()}:
 * <pre>{@code
 * class MyStoreTest extends CommunicationStoreContractTest {
 *     private static final MyStore STORE = new MyStore(...);
 *     @Override protected CommunicationStore store() { return STORE; }
 * }
 * }</pre>
 * The same store instance may serve every test: each test works in fresh random organisations, so tests
 * neither see each other's rows nor need any cleanup. Hashes here are arbitrary 64-hex strings: computing and
 * checking them is the facade's job, storing them exactly is the store's.
 */
public abstract class CommunicationStoreContractTest {

    /** Text that trips up encodings, escaping and normalisation; no U+0000 and no lone surrogate, as the facade ensures. */
    protected static final String TRICKY = "Ünïcödé ✓ 😀 👩‍👩‍👧‍👦 🇬🇧 שלום עליכם مرحبا بكم e\u0301 a\u0308\u0323 \u00C5 \u212B A\u030A "
            + "'single' \"double\" `back` back\\slash \\n \\u0000 '; DROP TABLE communication; -- % _ [x] {y} $1 ?"
            + " \t tab \n newline \r\n crlf \u200B zero-width \uFEFF bom \u202E reversed \uFFFD";

    /**
     * @return the store under test; may be the same instance for every test, since each test uses fresh
     *         random organisation ids
     */
    protected abstract CommunicationStore store();

    private String org;
    private String otherOrg;

    @BeforeEach
    void freshOrganisations() {
        org = newOrganisationId();
        otherOrg = newOrganisationId();
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private <T> T read(String organisationId, Function<StoreTransaction, T> work) {
        return store().read(organisationId, work::apply);
    }

    private void write(String organisationId, Consumer<StoreTransaction> work) {
        store().write(organisationId, tx -> {
            work.accept(tx);
            return null;
        });
    }

    private void insert(Communication... communications) {
        write(communications[0].organisationId(), tx -> {
            for (Communication c : communications) {
                tx.insertCommunication(c);
            }
        });
    }

    private void insert(List<Communication> communications) {
        insert(communications.toArray(new Communication[0]));
    }

    private void insertRecipients(List<Recipient> recipients) {
        write(recipients.get(0).organisationId(), tx -> tx.insertRecipients(recipients));
    }

    private void append(String organisationId, AuditEvent... events) {
        write(organisationId, tx -> {
            tx.tryLockAuditChain().orElseThrow();
            tx.appendAuditEvents(List.of(events));
        });
    }

    private Optional<Communication> find(String organisationId, UUID id) {
        return read(organisationId, tx -> tx.findCommunication(id));
    }

    private List<Recipient> recipientsOf(String organisationId, UUID communicationId) {
        return read(organisationId, tx -> tx.listRecipients(communicationId, null, 0, Integer.MAX_VALUE));
    }

    private List<AuditEvent> allEvents(String organisationId) {
        return read(organisationId, tx -> {
            List<AuditEvent> events = new ArrayList<>();
            tx.forEachAuditEvent(events::add);
            return events;
        });
    }

    private List<Communication> listAll(String organisationId, CommunicationFilter filter, int pageSize) {
        List<Communication> all = new ArrayList<>();
        CommunicationKey after = null;
        for (int pages = 0; ; pages++) {
            if (pages > 100_000) {
                fail("paging did not end");
            }
            CommunicationKey from = after;
            List<Communication> page = read(organisationId, tx -> tx.listCommunications(filter, from, pageSize));
            assertThat(page.size()).isLessThanOrEqualTo(pageSize);
            all.addAll(page);
            if (page.size() < pageSize) {
                return all;
            }
            Communication last = page.get(page.size() - 1);
            after = new CommunicationKey(last.createdAt(), last.id());
        }
    }

    private static CommunicationKey keyOf(Communication c) {
        return new CommunicationKey(c.createdAt(), c.id());
    }

    private static String padded(String prefix, int length) {
        StringBuilder s = new StringBuilder(prefix);
        while (s.length() < length) {
            s.append('x');
        }
        assertThat(s).hasSize(length);
        return s.toString();
    }

    private static void withSeed(long seed, Runnable test) {
        try {
            test.run();
        } catch (AssertionError e) {
            throw new AssertionError("failed with seed " + seed + " (replay with new Random(" + seed + "L)): " + e.getMessage(), e);
        }
    }

    private static void runConcurrently(int threads, IntConsumer task) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int worker = i;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    task.accept(worker);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "store-contract-worker-" + i);
            thread.start();
            workers.add(thread);
        }
        start.countDown();
        for (Thread thread : workers) {
            // A guard against a deadlocked store hanging the build, not a timing assertion.
            thread.join(TimeUnit.MINUTES.toMillis(3));
            assertThat(thread.isAlive()).as("%s finished (a store deadlock would keep it waiting)", thread.getName()).isFalse();
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError(failures.size() + " of " + threads + " workers failed: " + failures.get(0));
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }

    // ---- communications: round trips -------------------------------------------------------------------

    @Test
    void insertedCommunicationRoundTripsEveryField() {
        Communication c = communication(org).type(CommunicationType.AGM_NOTICE).subject("AGM 2026").bodyHtml("<p>Agenda</p>")
                .blockId("block-a").unitId("unit-1").channel("post").status(CommunicationStatus.SENT)
                .scheduledAt(Instant.parse("2026-04-01T10:00:00.000001Z"))
                .sentAt(Instant.parse("2026-03-02T11:12:13.999999Z")).sentBy("user-sender")
                .failedAt(Instant.parse("2026-03-02T11:12:14.500000Z")).failureReason("partial")
                .notes("ref AGM/2026").createdBy("user-creator")
                .createdAt(Instant.parse("2026-03-01T08:00:00.000007Z")).updatedAt(Instant.parse("2026-03-02T11:12:13.999999Z"))
                .version(7).build();
        insert(c);

        assertThat(find(org, c.id())).contains(c);
        store().write(org, tx -> {
            assertThat(tx.lockCommunication(c.id())).contains(c);
            return null;
        });
        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(), null, 10))).containsExactly(c);
        List<Communication> finished = new ArrayList<>();
        store().read(org, tx -> {
            tx.forEachFinishedCommunication(finished::add);
            return null;
        });
        assertThat(finished).containsExactly(c);
    }

    @Test
    void readAnswersAListingOrACountAloneExactlyAsWhenTheWorkMakesMoreCalls() {
        Communication older = communication(org).blockId("block-a").createdAt(Instant.parse("2026-03-01T08:00:00.000001Z")).build();
        Communication newer = communication(org).blockId("block-a").createdAt(Instant.parse("2026-03-01T08:00:00.000002Z")).build();
        Communication elsewhere = communication(org).blockId("block-b").build();
        insert(older);
        insert(newer);
        insert(elsewhere);
        CommunicationFilter filter = CommunicationFilter.builder().blockId("block-a").build();

        List<Communication> single = read(org, (StoreTransaction tx) -> tx.listCommunications(filter, null, 10));
        assertThat(single).containsExactly(newer, older)
                .isEqualTo(read(org, (StoreTransaction tx) -> {
                    tx.countCommunications(filter);
                    return tx.listCommunications(filter, null, 10);
                }));
        CommunicationKey afterNewer = new CommunicationKey(newer.createdAt(), newer.id());
        List<Communication> afterIt = read(org, (StoreTransaction tx) -> tx.listCommunications(filter, afterNewer, 10));
        assertThat(afterIt).containsExactly(older);
        long counted = read(org, (StoreTransaction tx) -> tx.countCommunications(filter));
        assertThat(counted).isEqualTo(2);
        long countedBesideAListing = read(org, (StoreTransaction tx) -> {
            tx.listCommunications(filter, null, 10);
            return tx.countCommunications(filter);
        });
        assertThat(countedBesideAListing).isEqualTo(2);
    }

    @Test
    void optionalFieldsRoundTripAsNull() {
        Communication c = communication(org).bodyHtml(null).blockId(null).unitId(null).scheduledAt(null).sentAt(null)
                .sentBy(null).failedAt(null).failureReason(null).notes(null).build();
        insert(c);

        Communication stored = find(org, c.id()).orElseThrow();
        assertThat(stored).isEqualTo(c);
        assertThat(stored.bodyHtml()).isNull();
        assertThat(stored.notes()).isNull();
        assertThat(stored.blockId()).isNull();
    }

    @Test
    void unusualTextRoundTripsExactly() {
        String body = "<p>" + "abcdefghij".repeat(99_998) + "😀€\"\\'éab</p>";
        body = body + "z".repeat(1_000_000 - body.length());
        assertThat(body).hasSize(1_000_000);
        String weirdOrg = padded("org-Ω'\"\\%_😀-" + UUID.randomUUID(), 100);
        Communication c = communication(weirdOrg)
                .subject("😀".repeat(250))
                .bodyHtml(body)
                .channel(padded("canal ✉ \"quoted\" \\ ", 50))
                .blockId(padded("block-é'\"\\%_😀", 100))
                .unitId(padded("unit-שלום-", 100))
                .notes("né 😀 \"'\\ ".repeat(1000))
                .failureReason(TRICKY)
                .sentBy(padded("user-مرحبا", 100))
                .createdBy(padded("user-👩‍👩‍👧‍👦", 100))
                .build();
        Communication other = communication(weirdOrg).subject(TRICKY).bodyHtml(TRICKY).notes(TRICKY).channel(" padded channel ")
                .createdAt(StoreTestData.BASE.plusSeconds(1)).build();
        insert(c, other);

        Communication stored = find(weirdOrg, c.id()).orElseThrow();
        assertThat(stored).isEqualTo(c);
        assertThat(stored.bodyHtml()).isEqualTo(body);
        assertThat(stored.subject()).isEqualTo(c.subject());
        assertThat(find(weirdOrg, other.id())).contains(other);
        assertThat(read(weirdOrg, (StoreTransaction tx) -> tx.listCommunications(
                CommunicationFilter.builder().blockId(c.blockId()).unitId(c.unitId()).build(), null, 10))).containsExactly(c);
        assertThat(find(weirdOrg.substring(0, 99) + "y", c.id())).isEmpty();
    }

    @Test
    void instantsKeepTheirMicroseconds() {
        Instant[] instants = {
                Instant.parse("1970-01-01T00:00:00.000001Z"),
                Instant.parse("2026-06-30T23:59:59.999999Z"),
                Instant.parse("2099-12-31T12:00:00.100000Z"),
                Instant.parse("1999-01-01T00:00:00.000010Z"),
        };
        Communication c = communication(org).createdAt(instants[0]).updatedAt(instants[1]).scheduledAt(instants[2])
                .sentAt(instants[3]).failedAt(instants[1]).build();
        insert(c);
        Recipient r = recipient(c, "unit-1", 1).addedAt(instants[3]).updatedAt(instants[1]).deliveredAt(instants[0])
                .openedAt(instants[2]).status(DeliveryStatus.OPENED).build();
        insertRecipients(List.of(r));
        AuditEvent e = auditEvent(org, 1, c.id()).occurredAt(instants[1]).build();
        append(org, e);

        Communication stored = find(org, c.id()).orElseThrow();
        assertThat(stored.createdAt()).isEqualTo(instants[0]);
        assertThat(stored.updatedAt()).isEqualTo(instants[1]);
        assertThat(stored.scheduledAt()).isEqualTo(instants[2]);
        assertThat(stored.sentAt()).isEqualTo(instants[3]);
        assertThat(recipientsOf(org, c.id())).containsExactly(r);
        assertThat(allEvents(org)).containsExactly(e);
        assertThat(allEvents(org).get(0).occurredAt().getNano()).isEqualTo(999_999_000);
    }

    @Test
    void insertingAnExistingIdIsConflictAndKeepsTheStoredRow() {
        Communication c = communication(org).subject("original").build();
        insert(c);
        Communication clash = CommunicationBuilder.from(c).subject("impostor").createdAt(c.createdAt().plusSeconds(5)).build();

        Throwable thrown = catchThrowable(() -> insert(clash));

        assertThat(thrown).isInstanceOf(CommunicationCentreException.class);
        assertThat(((CommunicationCentreException) thrown).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(find(org, c.id())).contains(c);
        assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(CommunicationFilter.all()))).isEqualTo(1);
    }

    // ---- communications: listing ------------------------------------------------------------------------

    @Test
    void listingIsNewestFirstWithEqualCreatedAtOrderedByUnsignedIdDescending() {
        Instant tie = StoreTestData.BASE.plusSeconds(100);
        List<Communication> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            all.add(communication(org).id(highBitId()).createdAt(tie).subject("high " + i).build());
            all.add(communication(org).id(lowBitId()).createdAt(tie).subject("low " + i).build());
        }
        all.add(communication(org).createdAt(tie.plusNanos(1_000)).subject("newest").build());
        all.add(communication(org).createdAt(tie.minusNanos(1_000)).subject("oldest").build());
        all.add(communication(org).createdAt(tie.minusSeconds(3600)).subject("older still").build());
        Collections.shuffle(all, new Random(42));
        insert(all);

        List<Communication> listed = read(org, tx -> tx.listCommunications(CommunicationFilter.all(), null, 100));

        List<Communication> expected = new ArrayList<>(all);
        expected.sort(NEWEST_FIRST);
        assertThat(listed).containsExactlyElementsOf(expected);
        assertThat(listed.get(0).subject()).isEqualTo("newest");
        // Unsigned order puts every id with the top bit set before those without; signed order would not.
        assertThat(listed.subList(1, 4)).allMatch(c -> c.id().getMostSignificantBits() < 0);
        assertThat(listed.subList(4, 7)).allMatch(c -> c.id().getMostSignificantBits() >= 0);
        assertThat(listed.get(listed.size() - 1).subject()).isEqualTo("older still");
    }

    @Test
    void keysetPagingContinuesStrictlyAfterTheKeyWithoutRepeatsOrGaps() {
        List<Communication> all = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            // Pairs share createdAt, so that pages break inside a tie.
            UUID id = i % 3 == 0 ? highBitId() : lowBitId();
            all.add(communication(org).id(id).createdAt(StoreTestData.BASE.plusSeconds(i / 2)).build());
        }
        insert(all);
        List<Communication> expected = new ArrayList<>(all);
        expected.sort(NEWEST_FIRST);

        for (int pageSize : new int[]{1, 2, 3, 5, 22, 23, 24, 100}) {
            assertThat(listAll(org, CommunicationFilter.all(), pageSize)).as("page size %d", pageSize)
                    .containsExactlyElementsOf(expected);
        }
        for (int i = 0; i < expected.size(); i++) {
            CommunicationKey key = keyOf(expected.get(i));
            assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(), key, 100)))
                    .as("after row %d", i).containsExactlyElementsOf(expected.subList(i + 1, expected.size()));
        }
    }

    @Test
    void keysetPositionNeedNotBeAStoredRow() {
        Communication newer = communication(org).createdAt(StoreTestData.BASE.plusSeconds(10)).build();
        Communication tieLow = communication(org).id(lowBitId()).createdAt(StoreTestData.BASE).build();
        Communication tieHigh = communication(org).id(highBitId()).createdAt(StoreTestData.BASE).build();
        Communication older = communication(org).createdAt(StoreTestData.BASE.minusSeconds(10)).build();
        insert(newer, tieLow, tieHigh, older);

        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(),
                new CommunicationKey(StoreTestData.BASE.plusSeconds(5), UUID.randomUUID()), 10)))
                .containsExactly(tieHigh, tieLow, older);
        // Between the two tied rows: an id above tieLow and below tieHigh, unsigned.
        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(),
                new CommunicationKey(StoreTestData.BASE, new UUID(0x7fff_ffff_ffff_ffffL, -1L)), 10)))
                .containsExactly(tieLow, older);
        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(),
                new CommunicationKey(StoreTestData.BASE, new UUID(-1L, -1L)), 10)))
                .containsExactly(tieHigh, tieLow, older);
        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(), keyOf(older), 10))).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(),
                new CommunicationKey(Instant.parse("1970-01-01T00:00:00Z"), new UUID(0, 0)), 10))).isEmpty();
    }

    @Test
    void limitCapsTheRows() {
        List<Communication> all = IntStream.range(0, 5)
                .mapToObj(i -> communication(org).createdAt(StoreTestData.BASE.plusSeconds(i)).build()).toList();
        insert(all);

        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(), null, 1)))
                .containsExactly(all.get(4));
        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(), null, 3)))
                .containsExactly(all.get(4), all.get(3), all.get(2));
        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(), null, 101))).hasSize(5);
        assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(CommunicationFilter.all()))).isEqualTo(5);
    }

    @Test
    void everyFilterCombinationListsAndCountsExactlyTheMatches() {
        long seed = System.nanoTime();
        withSeed(seed, () -> {
            Random random = new Random(seed);
            String[] blocks = {"block-1", "block-2", null};
            String[] units = {"unit-1", "unit-2", null};
            List<Communication> all = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                CommunicationBuilder b = communication(org)
                        .id(new UUID(random.nextLong(), random.nextLong()))
                        .createdAt(StoreTestData.BASE.plusSeconds(random.nextInt(12)))
                        .blockId(blocks[random.nextInt(blocks.length)])
                        .unitId(units[random.nextInt(units.length)])
                        .type(CommunicationType.values()[random.nextInt(CommunicationType.values().length)]);
                switch (random.nextInt(4)) {
                    case 0 -> b.status(CommunicationStatus.DRAFT);
                    case 1 -> b.status(CommunicationStatus.SCHEDULED).scheduledAt(StoreTestData.BASE.plusSeconds(86_400));
                    case 2 -> b.sent();
                    default -> b.failed();
                }
                all.add(b.build());
            }
            insert(all);
            // Rows of another organisation that would match every filter, to prove they never leak in.
            insert(all.stream().map(c -> CommunicationBuilder.from(c).id(UUID.randomUUID()).build())
                    .map(c -> new Communication(c.id(), otherOrg, c.communicationType(), c.subject(), c.bodyHtml(), c.blockId(),
                            c.unitId(), c.channel(), c.status(), c.scheduledAt(), c.sentAt(), c.sentBy(), c.failedAt(),
                            c.failureReason(), c.notes(), c.createdBy(), c.createdAt(), c.updatedAt(), c.version()))
                    .toList());

            List<CommunicationType> types = new ArrayList<>(List.of(CommunicationType.values()));
            types.add(null);
            List<CommunicationStatus> statuses = new ArrayList<>(List.of(CommunicationStatus.values()));
            statuses.add(null);
            int combinations = 0;
            for (String block : blocks) {
                for (String unit : units) {
                    for (CommunicationType type : types) {
                        for (CommunicationStatus status : statuses) {
                            CommunicationFilter filter = new CommunicationFilter(block, unit, type, status);
                            List<Communication> expected = all.stream()
                                    .filter(c -> block == null || block.equals(c.blockId()))
                                    .filter(c -> unit == null || unit.equals(c.unitId()))
                                    .filter(c -> type == null || type == c.communicationType())
                                    .filter(c -> status == null || status == c.status())
                                    .sorted(NEWEST_FIRST).toList();
                            assertThat(listAll(org, filter, 7)).as("list %s", filter).containsExactlyElementsOf(expected);
                            assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(filter))).as("count %s", filter)
                                    .isEqualTo(expected.size());
                            combinations++;
                        }
                    }
                }
            }
            assertThat(combinations).isEqualTo(3 * 3 * 5 * 5);
            CommunicationFilter nothing = CommunicationFilter.builder().blockId("block-unknown").build();
            assertThat(listAll(org, nothing, 7)).isEmpty();
            assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(nothing))).isZero();
            assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(
                    CommunicationFilter.builder().unitId("unit-unknown").status(CommunicationStatus.DRAFT).build()))).isZero();
        });
    }

    // ---- communications: compare-and-set ----------------------------------------------------------------

    @Test
    void updateReplacesTheStoredCommunicationWhenVersionAndStatusMatch() {
        Communication c = communication(org).notes("old").build();
        insert(c);
        Communication updated = CommunicationBuilder.from(c).nextVersion().subject("new subject").bodyHtml(null)
                .channel("portal").notes(TRICKY).status(CommunicationStatus.SCHEDULED)
                .scheduledAt(Instant.parse("2026-05-01T00:00:00.000001Z")).build();

        boolean replaced = store().write(org, tx -> tx.updateCommunication(updated, 0));

        assertThat(replaced).isTrue();
        assertThat(find(org, c.id())).contains(updated);
        Communication again = CommunicationBuilder.from(updated).nextVersion().scheduledAt(null).status(CommunicationStatus.DRAFT).build();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateCommunication(again, 1))).isTrue();
        assertThat(find(org, c.id())).contains(again);
    }

    @Test
    void updateWithAnotherVersionChangesNothing() {
        Communication c = communication(org).version(3).build();
        insert(c);

        for (long expected : new long[]{0, 2, 4, -1}) {
            Communication attempt = CommunicationBuilder.from(c).version(expected + 1).subject("lost").build();
            assertThat(store().write(org, (StoreTransaction tx) -> tx.updateCommunication(attempt, expected))).as("expected %d", expected).isFalse();
        }
        assertThat(find(org, c.id())).contains(c);
    }

    @Test
    void updateCanFinishACommunicationButNeverChangesAFinishedOne() {
        Communication draft = communication(org).build();
        Communication sent = communication(org).sent().build();
        Communication failed = communication(org).failed().build();
        insert(draft, sent, failed);

        Communication marked = CommunicationBuilder.from(draft).nextVersion().sent().build();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateCommunication(marked, 0))).isTrue();
        assertThat(find(org, draft.id())).contains(marked);

        for (Communication finished : List.of(marked, sent, failed)) {
            Communication attempt = CommunicationBuilder.from(finished).nextVersion().subject("rewritten history")
                    .status(CommunicationStatus.DRAFT).build();
            assertThat(store().write(org, (StoreTransaction tx) -> tx.updateCommunication(attempt, finished.version())))
                    .as("update of %s", finished.status()).isFalse();
            assertThat(find(org, finished.id())).contains(finished);
        }
    }

    @Test
    void updateOfAMissingOrForeignCommunicationChangesNothing() {
        Communication c = communication(org).build();
        insert(c);
        Communication foreign = new Communication(c.id(), otherOrg, c.communicationType(), "hijacked", null, null, null,
                "email", CommunicationStatus.DRAFT, null, null, null, null, null, null, "intruder", c.createdAt(),
                c.updatedAt(), 1);

        assertThat(store().write(otherOrg, (StoreTransaction tx) -> tx.updateCommunication(foreign, 0))).isFalse();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateCommunication(
                CommunicationBuilder.from(c).id(UUID.randomUUID()).nextVersion().build(), 0))).isFalse();

        assertThat(find(org, c.id())).contains(c);
        assertThat(find(otherOrg, c.id())).isEmpty();
    }

    @Test
    void statusChangesAreReflectedInFiltersAndCounts() {
        Communication c = communication(org).blockId("block-1").unitId("unit-1").build();
        insert(c);
        CommunicationFilter drafts = CommunicationFilter.builder().status(CommunicationStatus.DRAFT).build();
        CommunicationFilter sentInBlock = CommunicationFilter.builder().blockId("block-1").status(CommunicationStatus.SENT).build();
        CommunicationFilter sentInUnit = CommunicationFilter.builder().unitId("unit-1").status(CommunicationStatus.SENT)
                .communicationType(CommunicationType.NOTICE).build();
        assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(drafts))).isEqualTo(1);

        Communication sent = CommunicationBuilder.from(c).nextVersion().sent().build();
        write(org, tx -> assertThat(tx.updateCommunication(sent, 0)).isTrue());

        assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(drafts))).isZero();
        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(drafts, null, 10))).isEmpty();
        for (CommunicationFilter filter : List.of(sentInBlock, sentInUnit)) {
            assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(filter))).isEqualTo(1);
            assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(filter, null, 10))).containsExactly(sent);
        }
    }

    @Test
    void deleteRemovesTheCommunicationAndItsRecipientsButKeepsItsAuditEvents() {
        Communication c = communication(org).build();
        Communication kept = communication(org).build();
        insert(c, kept);
        List<Recipient> recipients = List.of(recipient(c, "unit-1", 1).build(), recipient(c, "unit-2", 2).build());
        insertRecipients(recipients);
        Recipient keptRecipient = recipient(kept, "unit-1", 1).build();
        insertRecipients(List.of(keptRecipient));
        AuditEvent created = auditEvent(org, 1, c.id()).build();
        AuditEvent added = auditEvent(org, 2, c.id()).type(AuditEventType.RECIPIENTS_ADDED).unitIds(List.of("unit-1", "unit-2")).build();
        append(org, created, added);

        boolean deleted = store().write(org, tx -> {
            boolean done = tx.deleteCommunication(c.id(), 0);
            AuditEvent deletion = auditEvent(org, 3, c.id()).type(AuditEventType.DELETED).build();
            tx.tryLockAuditChain().orElseThrow();
            tx.appendAuditEvents(List.of(deletion));
            return done;
        });

        assertThat(deleted).isTrue();
        assertThat(find(org, c.id())).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(), null, 10))).containsExactly(kept);
        assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(CommunicationFilter.all()))).isEqualTo(1);
        assertThat(recipientsOf(org, c.id())).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.recipientStats(c.id()))).isEqualTo(RecipientStats.none());
        assertThat(read(org, (StoreTransaction tx) -> tx.existingRecipientUnitIds(c.id(), List.of("unit-1", "unit-2")))).isEmpty();
        for (Recipient r : recipients) {
            assertThat(store().write(org, (StoreTransaction tx) -> tx.lockRecipient(r.id()))).isEmpty();
        }
        assertThat(recipientsOf(org, kept.id())).containsExactly(keptRecipient);
        assertThat(read(org, (StoreTransaction tx) -> tx.auditEventsOf(c.id()))).extracting(AuditEvent::sequence).containsExactly(1L, 2L, 3L);
        assertThat(read(org, (StoreTransaction tx) -> tx.auditEventsOf(c.id())).subList(0, 2)).containsExactly(created, added);
        assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead()).lastSequence()).isEqualTo(3);
    }

    @Test
    void deleteWithAnotherVersionOrOfAFinishedCommunicationChangesNothing() {
        Communication draft = communication(org).version(2).build();
        Communication scheduled = communication(org).status(CommunicationStatus.SCHEDULED).scheduledAt(StoreTestData.BASE.plusSeconds(9999)).build();
        Communication sent = communication(org).sent().build();
        Communication failed = communication(org).failed().build();
        insert(draft, scheduled, sent, failed);
        insertRecipients(List.of(recipient(sent, "unit-1", 1).build()));

        assertThat(store().write(org, (StoreTransaction tx) -> tx.deleteCommunication(draft.id(), 1))).isFalse();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.deleteCommunication(draft.id(), 3))).isFalse();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.deleteCommunication(sent.id(), 0))).isFalse();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.deleteCommunication(failed.id(), 0))).isFalse();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.deleteCommunication(UUID.randomUUID(), 0))).isFalse();

        assertThat(find(org, draft.id())).contains(draft);
        assertThat(find(org, sent.id())).contains(sent);
        assertThat(find(org, failed.id())).contains(failed);
        assertThat(recipientsOf(org, sent.id())).hasSize(1);
        assertThat(store().write(org, (StoreTransaction tx) -> tx.deleteCommunication(scheduled.id(), 0))).isTrue();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.deleteCommunication(draft.id(), 2))).isTrue();
        assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(CommunicationFilter.all()))).isEqualTo(2);
    }

    @Test
    void forEachFinishedCommunicationGivesExactlyTheSentAndFailedOnes() {
        Communication draft = communication(org).build();
        Communication scheduled = communication(org).status(CommunicationStatus.SCHEDULED).scheduledAt(StoreTestData.BASE.plusSeconds(60)).build();
        Communication sent = communication(org).sent().build();
        Communication failed = communication(org).failed().build();
        Communication sent2 = communication(org).sent().createdAt(StoreTestData.BASE.minusSeconds(60)).build();
        insert(draft, scheduled, sent, failed, sent2);
        insert(communication(otherOrg).sent().build());

        List<Communication> finished = new ArrayList<>();
        store().read(org, tx -> {
            tx.forEachFinishedCommunication(finished::add);
            return null;
        });

        assertThat(finished).containsExactlyInAnyOrder(sent, failed, sent2);
    }

    // ---- organisation isolation -------------------------------------------------------------------------

    @Test
    void everyOperationIgnoresAnotherOrganisationsRows() {
        Communication c = communication(org).blockId("block-1").unitId("unit-1").build();
        Communication sent = communication(org).sent().build();
        insert(c, sent);
        Recipient r = recipient(c, "unit-1", 1).build();
        insertRecipients(List.of(r));
        AuditEvent event = auditEvent(org, 1, c.id()).build();
        append(org, event);

        store().write(otherOrg, tx -> {
            assertThat(tx.findCommunication(c.id())).isEmpty();
            assertThat(tx.lockCommunication(c.id())).isEmpty();
            assertThat(tx.listCommunications(CommunicationFilter.all(), null, 100)).isEmpty();
            assertThat(tx.listCommunications(CommunicationFilter.builder().blockId("block-1").build(), null, 100)).isEmpty();
            assertThat(tx.countCommunications(CommunicationFilter.all())).isZero();
            assertThat(tx.countCommunications(CommunicationFilter.builder().unitId("unit-1").build())).isZero();
            List<Communication> finished = new ArrayList<>();
            tx.forEachFinishedCommunication(finished::add);
            assertThat(finished).isEmpty();
            assertThat(tx.recipientStats(c.id())).isEqualTo(RecipientStats.none());
            assertThat(tx.existingRecipientUnitIds(c.id(), List.of("unit-1"))).isEmpty();
            assertThat(tx.listRecipients(c.id(), null, 0, 100)).isEmpty();
            List<Recipient> recipients = new ArrayList<>();
            tx.forEachRecipient(c.id(), recipients::add);
            assertThat(recipients).isEmpty();
            assertThat(tx.lockRecipient(r.id())).isEmpty();
            assertThat(tx.auditChainHead()).isEqualTo(AuditChainHead.empty(otherOrg));
            assertThat(tx.tryLockAuditChain()).contains(AuditChainHead.empty(otherOrg));
            assertThat(tx.auditEventsOf(c.id())).isEmpty();
            List<AuditEvent> events = new ArrayList<>();
            tx.forEachAuditEvent(events::add);
            assertThat(events).isEmpty();

            Recipient foreignRecipient = new Recipient(r.id(), otherOrg, c.id(), "unit-1", 1, "x", null,
                    DeliveryStatus.BOUNCED, null, null, "hijacked", r.addedAt(), r.updatedAt(), "intruder");
            assertThat(tx.updateRecipient(foreignRecipient, DeliveryStatus.PENDING)).isFalse();
            assertThat(tx.deleteCommunication(c.id(), 0)).isFalse();
            // The other organisation's own chain starts at 1, whatever the first organisation's head is.
            tx.appendAuditEvents(List.of(auditEvent(otherOrg, 1, c.id()).build()));
            return null;
        });

        assertThat(find(org, c.id())).contains(c);
        assertThat(recipientsOf(org, c.id())).containsExactly(r);
        assertThat(allEvents(org)).containsExactly(event);
        assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead())).isEqualTo(new AuditChainHead(org, 1, event.hash()));
        assertThat(read(org, (StoreTransaction tx) -> tx.auditEventsOf(c.id()))).containsExactly(event);
        assertThat(allEvents(otherOrg)).hasSize(1).allMatch(e -> e.organisationId().equals(otherOrg));
        assertThat(read(otherOrg, (StoreTransaction tx) -> tx.auditEventsOf(c.id()))).hasSize(1);
    }

    @Test
    void aTransactionIsBoundToItsOrganisationAndRefusesRecordsOfAnother() {
        Communication c = communication(org).build();
        insert(c);
        Recipient r = recipient(c, "unit-1", 1).build();
        insertRecipients(List.of(r));
        assertThat(read(org, StoreTransaction::organisationId)).isEqualTo(org);
        assertThat(store().write(otherOrg, StoreTransaction::organisationId)).isEqualTo(otherOrg);

        Communication foreign = communication(otherOrg).build();
        Recipient foreignRecipient = recipient(foreign, "unit-9", 1).build();
        List<CommunicationStore.StoreWork<?>> refused = List.of(
                tx -> { tx.insertCommunication(foreign); return null; },
                tx -> tx.updateCommunication(new Communication(c.id(), otherOrg, c.communicationType(), "hijacked", null, null,
                        null, "email", CommunicationStatus.DRAFT, null, null, null, null, null, null, "intruder", c.createdAt(),
                        c.updatedAt(), 1), 0),
                tx -> { tx.insertRecipients(List.of(recipient(c, "unit-2", 2).build(), foreignRecipient)); return null; },
                tx -> tx.updateRecipient(new Recipient(r.id(), otherOrg, c.id(), r.unitId(), r.position(), r.recipientName(),
                        r.recipientEmail(), DeliveryStatus.BOUNCED, null, null, "hijacked", r.addedAt(), r.updatedAt(),
                        r.addedBy()), DeliveryStatus.PENDING),
                tx -> { tx.appendAuditEvents(List.of(auditEvent(otherOrg, 1, c.id()).build())); return null; });
        for (CommunicationStore.StoreWork<?> work : refused) {
            assertThatThrownBy(() -> store().write(org, work)).isInstanceOf(IllegalArgumentException.class);
        }

        assertThat(find(org, c.id())).contains(c);
        assertThat(find(otherOrg, foreign.id())).isEmpty();
        assertThat(recipientsOf(org, c.id())).containsExactly(r);
        assertThat(allEvents(org)).isEmpty();
        assertThat(allEvents(otherOrg)).isEmpty();
    }

    // ---- recipients -------------------------------------------------------------------------------------

    @Test
    void insertedRecipientsRoundTripEveryField() {
        Communication c = communication(org).build();
        insert(c);
        Recipient full = recipient(c, padded("unit-😀'\"\\%_", 100), 1).name(TRICKY).email("o'brien+tag@exämple.com")
                .status(DeliveryStatus.BOUNCED).deliveredAt(Instant.parse("2026-03-03T00:00:00.000001Z"))
                .openedAt(Instant.parse("2026-03-04T00:00:00.000002Z")).failureReason(TRICKY + "x".repeat(500))
                .addedAt(Instant.parse("2026-03-02T00:00:00.000003Z")).updatedAt(Instant.parse("2026-03-05T00:00:00.000004Z"))
                .addedBy(padded("user-שלום", 100)).build();
        Recipient vacant = recipient(c, "unit-vacant", 2).name(null).email(null).build();
        insertRecipients(List.of(full, vacant));

        assertThat(recipientsOf(org, c.id())).containsExactly(full, vacant);
        store().write(org, tx -> {
            assertThat(tx.lockRecipient(full.id())).contains(full);
            assertThat(tx.lockRecipient(vacant.id())).contains(vacant);
            assertThat(tx.lockRecipient(UUID.randomUUID())).isEmpty();
            List<Recipient> streamed = new ArrayList<>();
            tx.forEachRecipient(c.id(), streamed::add);
            assertThat(streamed).containsExactly(full, vacant);
            return null;
        });
        assertThat(store().write(otherOrg, (StoreTransaction tx) -> tx.lockRecipient(full.id()))).isEmpty();
    }

    @Test
    void insertingAUnitThatIsAlreadyARecipientIsConflictAndInsertsNothingOfTheBatch() {
        Communication c = communication(org).build();
        insert(c);
        Recipient first = recipient(c, "unit-1", 1).build();
        insertRecipients(List.of(first));
        List<Recipient> batch = List.of(recipient(c, "unit-2", 2).build(), recipient(c, "unit-1", 3).build(),
                recipient(c, "unit-3", 4).build());

        Throwable thrown = catchThrowable(() -> insertRecipients(batch));

        assertThat(thrown).isInstanceOf(CommunicationCentreException.class);
        assertThat(((CommunicationCentreException) thrown).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(recipientsOf(org, c.id())).containsExactly(first);
        assertThat(read(org, (StoreTransaction tx) -> tx.recipientStats(c.id())).total()).isEqualTo(1);
    }

    @Test
    void aUnitTwiceInOneBatchIsConflictAndInsertsNothing() {
        Communication c = communication(org).build();
        insert(c);
        List<Recipient> batch = List.of(recipient(c, "unit-1", 1).build(), recipient(c, "unit-2", 2).build(),
                recipient(c, "unit-1", 3).build());

        Throwable thrown = catchThrowable(() -> insertRecipients(batch));

        assertThat(thrown).isInstanceOf(CommunicationCentreException.class);
        assertThat(((CommunicationCentreException) thrown).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(recipientsOf(org, c.id())).isEmpty();
    }

    @Test
    void aUnitMayBeARecipientOfSeveralCommunications() {
        Communication a = communication(org).build();
        Communication b = communication(org).build();
        insert(a, b);
        Recipient ra = recipient(a, "unit-1", 1).build();
        Recipient rb = recipient(b, "unit-1", 1).build();
        insertRecipients(List.of(ra));
        insertRecipients(List.of(rb));

        assertThat(recipientsOf(org, a.id())).containsExactly(ra);
        assertThat(recipientsOf(org, b.id())).containsExactly(rb);
    }

    @Test
    void existingRecipientUnitIdsFindsExactlyTheExistingOnesAmongMoreThan40000Candidates() {
        Communication c = communication(org).build();
        Communication other = communication(org).build();
        insert(c, other);
        List<Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            recipients.add(recipient(c, "unit-" + (i * 22), i + 1).build());
        }
        insertRecipients(recipients);
        insertRecipients(List.of(recipient(other, "unit-other-only", 1).build()));
        Set<String> expected = recipients.stream().map(Recipient::unitId).collect(Collectors.toSet());
        List<String> candidates = new ArrayList<>();
        for (int i = 0; i < 45_000; i++) {
            candidates.add("unit-" + i);
        }
        candidates.add("unit-other-only");
        candidates.add(TRICKY);
        Collections.shuffle(candidates, new Random(7));

        Set<String> existing = read(org, tx -> tx.existingRecipientUnitIds(c.id(), candidates));

        // Differences rather than the whole sets, so that a failure message stays readable.
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(existing);
        Set<String> unexpected = new HashSet<>(existing);
        unexpected.removeAll(expected);
        assertThat(missing).as("existing recipients not found").isEmpty();
        assertThat(unexpected).as("found but not recipients").isEmpty();
        assertThat(existing).hasSize(2_000);
        assertThat(read(org, (StoreTransaction tx) -> tx.existingRecipientUnitIds(other.id(), candidates))).containsExactly("unit-other-only");
        assertThat(read(org, (StoreTransaction tx) -> tx.existingRecipientUnitIds(c.id(), List.of()))).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.existingRecipientUnitIds(UUID.randomUUID(), candidates))).isEmpty();
    }

    @Test
    void listRecipientsIsInPositionOrderWithKeysetPagesAndStatusFilter() {
        Communication c = communication(org).build();
        insert(c);
        DeliveryStatus[] cycle = {DeliveryStatus.PENDING, DeliveryStatus.DELIVERED, DeliveryStatus.PENDING,
                DeliveryStatus.BOUNCED, DeliveryStatus.OPENED};
        List<Recipient> recipients = new ArrayList<>();
        long prefix = UUID.randomUUID().getMostSignificantBits();
        for (int position = 1; position <= 25; position++) {
            // Ids run against position order, so that a store ordering by id instead of position fails.
            UUID id = new UUID(prefix, 1000 - position);
            recipients.add(recipient(c, "unit-" + (100 - position), position).id(id).status(cycle[position % cycle.length]).build());
        }
        List<Recipient> shuffled = new ArrayList<>(recipients);
        Collections.shuffle(shuffled, new Random(3));
        insertRecipients(shuffled);

        assertThat(recipientsOf(org, c.id())).containsExactlyElementsOf(recipients);
        assertThat(read(org, (StoreTransaction tx) -> tx.listRecipients(c.id(), null, 0, 4))).containsExactlyElementsOf(recipients.subList(0, 4));
        assertThat(read(org, (StoreTransaction tx) -> tx.listRecipients(c.id(), null, 10, 3))).containsExactlyElementsOf(recipients.subList(10, 13));
        assertThat(read(org, (StoreTransaction tx) -> tx.listRecipients(c.id(), null, 24, 10))).containsExactly(recipients.get(24));
        assertThat(read(org, (StoreTransaction tx) -> tx.listRecipients(c.id(), null, 25, 10))).isEmpty();

        for (DeliveryStatus status : DeliveryStatus.values()) {
            List<Recipient> expected = recipients.stream().filter(r -> r.deliveryStatus() == status).toList();
            List<Recipient> paged = new ArrayList<>();
            long after = 0;
            while (true) {
                long from = after;
                List<Recipient> page = read(org, tx -> tx.listRecipients(c.id(), status, from, 2));
                paged.addAll(page);
                if (page.size() < 2) {
                    break;
                }
                after = page.get(page.size() - 1).position();
            }
            assertThat(paged).as("status %s", status).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void forEachRecipientStreamsEveryRecipientInPositionOrder() {
        Communication c = communication(org).build();
        insert(c);
        List<Recipient> recipients = new ArrayList<>();
        for (int position = 1; position <= 300; position++) {
            recipients.add(recipient(c, "unit-" + position, position).id(UUID.randomUUID()).build());
        }
        List<Recipient> shuffled = new ArrayList<>(recipients);
        Collections.shuffle(shuffled, new Random(11));
        insertRecipients(shuffled.subList(0, 150));
        insertRecipients(shuffled.subList(150, 300));

        List<Recipient> streamed = new ArrayList<>();
        store().read(org, tx -> {
            tx.forEachRecipient(c.id(), streamed::add);
            return null;
        });

        assertThat(streamed).containsExactlyElementsOf(recipients);
    }

    @Test
    void recipientStatsGivesCountsByStatusWithoutEmailAndLargestPosition() {
        Communication c = communication(org).build();
        Communication empty = communication(org).build();
        insert(c, empty);
        insertRecipients(List.of(
                recipient(c, "unit-1", 1).build(),
                recipient(c, "unit-2", 2).email(null).build(),
                recipient(c, "unit-3", 5).status(DeliveryStatus.DELIVERED).build(),
                recipient(c, "unit-4", 3).status(DeliveryStatus.BOUNCED).email(null).name(null).build(),
                recipient(c, "unit-5", 9).status(DeliveryStatus.BOUNCED).build(),
                recipient(c, "unit-6", 4).status(DeliveryStatus.OPENED).build()));

        RecipientStats stats = read(org, tx -> tx.recipientStats(c.id()));

        assertThat(stats.total()).isEqualTo(6);
        assertThat(stats.withoutEmail()).isEqualTo(2);
        assertThat(stats.maxPosition()).isEqualTo(9);
        assertThat(stats.byStatus()).containsExactlyInAnyOrderEntriesOf(Map.of(
                DeliveryStatus.PENDING, 2L, DeliveryStatus.DELIVERED, 1L, DeliveryStatus.OPENED, 1L,
                DeliveryStatus.BOUNCED, 2L, DeliveryStatus.FAILED, 0L));
        assertThat(read(org, (StoreTransaction tx) -> tx.recipientStats(empty.id()))).isEqualTo(RecipientStats.none());
        assertThat(read(org, (StoreTransaction tx) -> tx.recipientStats(UUID.randomUUID()))).isEqualTo(RecipientStats.none());
    }

    @Test
    void updateRecipientReplacesItOnlyWhenTheExpectedStatusMatches() {
        Communication c = communication(org).build();
        insert(c);
        Recipient r = recipient(c, "unit-1", 1).build();
        Recipient other = recipient(c, "unit-2", 2).build();
        insertRecipients(List.of(r, other));
        Instant at = Instant.parse("2026-03-10T10:00:00.000123Z");
        Recipient delivered = RecipientBuilder.from(r).status(DeliveryStatus.DELIVERED).deliveredAt(at).updatedAt(at).build();

        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateRecipient(delivered, DeliveryStatus.DELIVERED))).isFalse();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateRecipient(delivered, DeliveryStatus.OPENED))).isFalse();
        assertThat(recipientsOf(org, c.id())).containsExactly(r, other);

        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateRecipient(delivered, DeliveryStatus.PENDING))).isTrue();
        assertThat(recipientsOf(org, c.id())).containsExactly(delivered, other);
        assertThat(store().write(org, (StoreTransaction tx) -> tx.lockRecipient(r.id()))).contains(delivered);
        assertThat(read(org, (StoreTransaction tx) -> tx.listRecipients(c.id(), DeliveryStatus.DELIVERED, 0, 10))).containsExactly(delivered);
        assertThat(read(org, (StoreTransaction tx) -> tx.recipientStats(c.id())).byStatus().get(DeliveryStatus.DELIVERED)).isEqualTo(1);

        Recipient failed = RecipientBuilder.from(delivered).status(DeliveryStatus.FAILED).failureReason(TRICKY)
                .updatedAt(at.plusSeconds(1)).build();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateRecipient(failed, DeliveryStatus.PENDING))).isFalse();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateRecipient(failed, DeliveryStatus.DELIVERED))).isTrue();
        assertThat(recipientsOf(org, c.id())).containsExactly(failed, other);

        Recipient ghost = RecipientBuilder.from(other).id(UUID.randomUUID()).status(DeliveryStatus.OPENED).build();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateRecipient(ghost, DeliveryStatus.PENDING))).isFalse();
        assertThat(recipientsOf(org, c.id())).containsExactly(failed, other);
    }

    // ---- audit chain ------------------------------------------------------------------------------------

    @Test
    void anEmptyChainHasTheGenesisHead() {
        assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead())).isEqualTo(AuditChainHead.empty(org));
        assertThat(store().write(org, (StoreTransaction tx) -> tx.tryLockAuditChain().orElseThrow())).isEqualTo(AuditChainHead.empty(org));
        assertThat(allEvents(org)).isEmpty();
    }

    @Test
    void appendedEventsRoundTripEveryFieldAndMoveTheHead() {
        Communication c = communication(org).build();
        UUID recipientId = highBitId();
        List<AuditEvent> events = new ArrayList<>();
        AuditEventType[] types = AuditEventType.values();
        for (int i = 0; i < types.length; i++) {
            long sequence = i + 1;
            Map<String, String> details = new LinkedHashMap<>();
            details.put("subject.old", TRICKY);
            details.put("subject.new", "😀".repeat(250));
            details.put("ключ \"quoted\" \\", "value " + i);
            details.put("empty", "");
            events.add(auditEvent(org, sequence, c.id()).type(types[i]).actor(padded("user-😀", 100))
                    .recipientId(types[i] == AuditEventType.RECIPIENT_STATUS_CHANGED ? recipientId : null)
                    .unitIds(types[i] == AuditEventType.RECIPIENTS_ADDED ? List.of("unit-9", "unit-1", TRICKY, "unit-5") : List.of())
                    .occurredAt(StoreTestData.BASE.plusNanos(sequence * 1_001_000L))
                    .details(details).build());
        }

        AuditChainHead before = store().write(org, tx -> {
            AuditChainHead head = tx.tryLockAuditChain().orElseThrow();
            tx.appendAuditEvents(events);
            assertThat(tx.auditChainHead()).isEqualTo(new AuditChainHead(org, events.size(), events.get(events.size() - 1).hash()));
            return head;
        });

        assertThat(before).isEqualTo(AuditChainHead.empty(org));
        assertThat(allEvents(org)).containsExactlyElementsOf(events);
        assertThat(read(org, (StoreTransaction tx) -> tx.auditEventsOf(c.id()))).containsExactlyElementsOf(events);
        AuditEvent added = allEvents(org).stream().filter(e -> e.type() == AuditEventType.RECIPIENTS_ADDED).findFirst().orElseThrow();
        assertThat(added.unitIds()).containsExactly("unit-9", "unit-1", TRICKY, "unit-5");
        assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead()))
                .isEqualTo(new AuditChainHead(org, events.size(), events.get(events.size() - 1).hash()));
        assertThat(store().write(org, (StoreTransaction tx) -> tx.tryLockAuditChain().orElseThrow()))
                .isEqualTo(new AuditChainHead(org, events.size(), events.get(events.size() - 1).hash()));
    }

    @Test
    void appendsContinueTheChainAcrossUnitsOfWork() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        List<AuditEvent> expected = new ArrayList<>();
        for (long sequence = 1; sequence <= 12; sequence++) {
            AuditEvent event = auditEvent(org, sequence, sequence % 3 == 0 ? b : a).build();
            expected.add(event);
            append(org, event);
            assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead())).isEqualTo(new AuditChainHead(org, sequence, event.hash()));
        }

        assertThat(allEvents(org)).containsExactlyElementsOf(expected);
        assertThat(read(org, (StoreTransaction tx) -> tx.auditEventsOf(a))).extracting(AuditEvent::sequence)
                .containsExactly(1L, 2L, 4L, 5L, 7L, 8L, 10L, 11L);
        assertThat(read(org, (StoreTransaction tx) -> tx.auditEventsOf(b))).extracting(AuditEvent::sequence).containsExactly(3L, 6L, 9L, 12L);
        assertThat(read(org, (StoreTransaction tx) -> tx.auditEventsOf(UUID.randomUUID()))).isEmpty();
    }

    @Test
    void aRecipientsAddedEventKeeps50000UnitIdsInOrder() {
        List<String> unitIds = IntStream.range(0, 50_000).mapToObj(i -> "unit-" + (50_000 - i) + "-é😀").toList();
        AuditEvent event = auditEvent(org, 1, UUID.randomUUID()).type(AuditEventType.RECIPIENTS_ADDED).unitIds(unitIds)
                .details(Map.of("added", "50000")).build();
        append(org, event);

        AuditEvent stored = allEvents(org).get(0);
        assertThat(stored).isEqualTo(event);
        assertThat(stored.unitIds()).containsExactlyElementsOf(unitIds);
    }

    @Test
    void forEachAuditEventStreamsTheWholeChainInSequenceOrder() {
        List<AuditEvent> expected = new ArrayList<>();
        long prefix = UUID.randomUUID().getMostSignificantBits();
        for (long sequence = 1; sequence <= 1_000; sequence++) {
            // Ids run against sequence order, so that a store ordering by id instead of sequence fails.
            expected.add(auditEvent(org, sequence, UUID.randomUUID()).id(new UUID(prefix, 5_000 - sequence)).build());
        }
        for (int from = 0; from < expected.size(); from += 250) {
            List<AuditEvent> batch = expected.subList(from, from + 250);
            write(org, tx -> {
                tx.tryLockAuditChain().orElseThrow();
                tx.appendAuditEvents(batch);
            });
        }
        append(otherOrg, auditEvent(otherOrg, 1, UUID.randomUUID()).build());

        assertThat(allEvents(org)).containsExactlyElementsOf(expected);
        assertThat(allEvents(otherOrg)).hasSize(1);
    }

    @Test
    void appendingATakenSequenceIsConflictAndAppendsNothing() {
        UUID c = UUID.randomUUID();
        AuditEvent first = auditEvent(org, 1, c).build();
        AuditEvent second = auditEvent(org, 2, c).build();
        append(org, first, second);
        AuditChainHead head = read(org, tx -> tx.auditChainHead());

        List<List<AuditEvent>> clashes = List.of(
                List.of(auditEvent(org, 2, c).id(UUID.randomUUID()).hash(hash("fork")).build()),
                List.of(auditEvent(org, 1, c).hash(hash("fork at 1")).build()),
                List.of(auditEvent(org, 3, c).build(), auditEvent(org, 3, c).hash(hash("twice")).build()),
                List.of(auditEvent(org, 3, c).build(), auditEvent(org, 4, c).build(), auditEvent(org, 2, c).build()));
        for (List<AuditEvent> clash : clashes) {
            Throwable thrown = catchThrowable(() -> write(org, tx -> {
                tx.tryLockAuditChain().orElseThrow();
                tx.appendAuditEvents(clash);
            }));
            assertThat(thrown).as("append %s", clash.stream().map(AuditEvent::sequence).toList())
                    .isInstanceOf(CommunicationCentreException.class);
            assertThat(((CommunicationCentreException) thrown).code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(allEvents(org)).containsExactly(first, second);
            assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead())).isEqualTo(head);
        }
    }

    // ---- units of work ----------------------------------------------------------------------------------

    @Test
    void writeAndReadReturnTheWorksResult() {
        Object token = new Object();
        assertThat(store().<Object>write(org, tx -> token)).isSameAs(token);
        assertThat(store().<Object>read(org, tx -> token)).isSameAs(token);
        assertThat(store().<Object>write(org, tx -> null)).isNull();
    }

    @Test
    void workThatWritesThenThrowsLeavesNothingAndTheSameExceptionIsRethrown() {
        Communication c = communication(org).blockId("block-1").build();
        Recipient r = recipient(c, "unit-1", 1).build();
        IllegalStateException failure = new IllegalStateException("boom after writing");

        Throwable thrown = catchThrowable(() -> store().write(org, tx -> {
            tx.insertCommunication(c);
            tx.insertRecipients(List.of(r));
            tx.tryLockAuditChain().orElseThrow();
            tx.appendAuditEvents(List.of(auditEvent(org, 1, c.id()).build(), auditEvent(org, 2, c.id()).build()));
            assertThat(tx.findCommunication(c.id())).contains(c);
            throw failure;
        }));

        assertThat(thrown).isSameAs(failure);
        assertThat(find(org, c.id())).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(), null, 10))).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(CommunicationFilter.builder().blockId("block-1").build()))).isZero();
        assertThat(recipientsOf(org, c.id())).isEmpty();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.lockRecipient(r.id()))).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.recipientStats(c.id()))).isEqualTo(RecipientStats.none());
        assertThat(allEvents(org)).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.auditEventsOf(c.id()))).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead())).isEqualTo(AuditChainHead.empty(org));

        // Nothing half-done blocks a retry of the same work.
        store().write(org, tx -> {
            tx.insertCommunication(c);
            tx.insertRecipients(List.of(r));
            tx.appendAuditEvents(List.of(auditEvent(org, 1, c.id()).build()));
            return null;
        });
        assertThat(find(org, c.id())).contains(c);
        assertThat(recipientsOf(org, c.id())).containsExactly(r);
    }

    @Test
    void rollbackRestoresUpdatedAndDeletedRowsExactly() {
        Communication updatedOne = communication(org).blockId("block-1").build();
        Communication deletedOne = communication(org).blockId("block-2").createdAt(StoreTestData.BASE.plusSeconds(1)).build();
        insert(updatedOne, deletedOne);
        Recipient tracked = recipient(updatedOne, "unit-1", 1).build();
        Recipient deletedWith = recipient(deletedOne, "unit-2", 1).build();
        insertRecipients(List.of(tracked));
        insertRecipients(List.of(deletedWith));
        AuditEvent event = auditEvent(org, 1, updatedOne.id()).build();
        append(org, event);
        RuntimeException failure = new CommunicationCentreException(ErrorCode.CONFLICT, "simulated lost race");

        Throwable thrown = catchThrowable(() -> store().write(org, tx -> {
            assertThat(tx.updateCommunication(CommunicationBuilder.from(updatedOne).nextVersion().sent().build(), 0)).isTrue();
            assertThat(tx.updateRecipient(RecipientBuilder.from(tracked).status(DeliveryStatus.OPENED).build(),
                    DeliveryStatus.PENDING)).isTrue();
            assertThat(tx.deleteCommunication(deletedOne.id(), 0)).isTrue();
            tx.tryLockAuditChain().orElseThrow();
            tx.appendAuditEvents(List.of(auditEvent(org, 2, updatedOne.id()).build()));
            throw failure;
        }));

        assertThat(thrown).isSameAs(failure);
        assertThat(find(org, updatedOne.id())).contains(updatedOne);
        assertThat(find(org, deletedOne.id())).contains(deletedOne);
        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(), null, 10)))
                .containsExactly(deletedOne, updatedOne);
        assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(CommunicationFilter.builder().status(CommunicationStatus.DRAFT).build())))
                .isEqualTo(2);
        assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(CommunicationFilter.builder().blockId("block-2").build()))).isEqualTo(1);
        assertThat(recipientsOf(org, updatedOne.id())).containsExactly(tracked);
        assertThat(recipientsOf(org, deletedOne.id())).containsExactly(deletedWith);
        assertThat(read(org, (StoreTransaction tx) -> tx.existingRecipientUnitIds(deletedOne.id(), List.of("unit-2")))).containsExactly("unit-2");
        assertThat(allEvents(org)).containsExactly(event);
        assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead())).isEqualTo(new AuditChainHead(org, 1, event.hash()));
    }

    @Test
    void aConflictInsideTheWorkUndoesEverythingBeforeIt() {
        Communication existing = communication(org).build();
        insert(existing);
        Communication fresh = communication(org).build();

        Throwable thrown = catchThrowable(() -> store().write(org, tx -> {
            tx.insertCommunication(fresh);
            tx.appendAuditEvents(List.of(auditEvent(org, 1, fresh.id()).build()));
            tx.insertCommunication(existing);
            return null;
        }));

        assertThat(thrown).isInstanceOf(CommunicationCentreException.class);
        assertThat(((CommunicationCentreException) thrown).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(find(org, fresh.id())).isEmpty();
        assertThat(find(org, existing.id())).contains(existing);
        assertThat(allEvents(org)).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead())).isEqualTo(AuditChainHead.empty(org));
    }

    @Test
    void readUnitsOfWorkCannotWrite() {
        Communication existing = communication(org).build();
        insert(existing);
        Recipient recipient = recipient(existing, "unit-1", 1).build();
        insertRecipients(List.of(recipient));
        Communication fresh = communication(org).build();
        Map<String, Consumer<StoreTransaction>> writes = new LinkedHashMap<>();
        writes.put("insertCommunication", tx -> tx.insertCommunication(fresh));
        writes.put("updateCommunication", tx -> tx.updateCommunication(
                CommunicationBuilder.from(existing).nextVersion().subject("changed in read").build(), 0));
        writes.put("deleteCommunication", tx -> tx.deleteCommunication(existing.id(), 0));
        writes.put("insertRecipients", tx -> tx.insertRecipients(List.of(recipient(existing, "unit-2", 2).build())));
        writes.put("updateRecipient", tx -> tx.updateRecipient(
                RecipientBuilder.from(recipient).status(DeliveryStatus.FAILED).build(), DeliveryStatus.PENDING));
        writes.put("appendAuditEvents", tx -> tx.appendAuditEvents(List.of(auditEvent(org, 1, existing.id()).build())));

        writes.forEach((name, operation) -> {
            Throwable thrown = catchThrowable(() -> store().read(org, tx -> {
                operation.accept(tx);
                return null;
            }));
            assertThat(thrown).as(name + " inside read").isInstanceOfAny(IllegalStateException.class, CommunicationCentreException.class);
        });

        assertThat(find(org, existing.id())).contains(existing);
        assertThat(find(org, fresh.id())).isEmpty();
        assertThat(recipientsOf(org, existing.id())).containsExactly(recipient);
        assertThat(allEvents(org)).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead())).isEqualTo(AuditChainHead.empty(org));
    }

    @Test
    void returnedCollectionsCannotChangeStoredState() {
        Communication c = communication(org).build();
        insert(c);
        Recipient r = recipient(c, "unit-1", 1).build();
        insertRecipients(List.of(r));
        AuditEvent e = auditEvent(org, 1, c.id()).type(AuditEventType.RECIPIENTS_ADDED).unitIds(List.of("unit-1")).build();
        append(org, e);

        List<Communication> listed = read(org, tx -> tx.listCommunications(CommunicationFilter.all(), null, 10));
        List<Recipient> recipients = recipientsOf(org, c.id());
        Set<String> existing = read(org, tx -> tx.existingRecipientUnitIds(c.id(), List.of("unit-1")));
        List<AuditEvent> events = read(org, tx -> tx.auditEventsOf(c.id()));
        tryToMutate(() -> listed.clear());
        tryToMutate(() -> recipients.add(recipient(c, "unit-2", 2).build()));
        tryToMutate(() -> existing.add("unit-9"));
        tryToMutate(() -> events.clear());
        tryToMutate(() -> events.get(0).unitIds().clear());
        tryToMutate(() -> events.get(0).details().clear());

        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(), null, 10))).containsExactly(c);
        assertThat(recipientsOf(org, c.id())).containsExactly(r);
        assertThat(read(org, (StoreTransaction tx) -> tx.existingRecipientUnitIds(c.id(), List.of("unit-1", "unit-9")))).containsExactly("unit-1");
        assertThat(read(org, (StoreTransaction tx) -> tx.auditEventsOf(c.id()))).containsExactly(e);
        assertThat(allEvents(org).get(0).unitIds()).containsExactly("unit-1");
    }

    private static void tryToMutate(Runnable mutation) {
        try {
            mutation.run();
        } catch (UnsupportedOperationException expected) {
            // An unmodifiable copy is as good as a modifiable one: either way stored state stays as it was.
        }
    }

    // ---- concurrency ------------------------------------------------------------------------------------

    @Test
    void concurrentWritersOfOneCommunicationLoseNoUpdateAndNeverForkTheChain() throws InterruptedException {
        Communication c = communication(org).build();
        insert(c);
        int threads = 6;
        int perThread = 20;

        runConcurrently(threads, worker -> {
            for (int i = 0; i < perThread; i++) {
                String note = worker + "/" + i;
                store().write(org, tx -> {
                    Communication locked = tx.lockCommunication(c.id()).orElseThrow();
                    Communication next = CommunicationBuilder.from(locked).nextVersion().notes(note).build();
                    if (!tx.updateCommunication(next, locked.version())) {
                        throw new AssertionError("compare-and-set failed under the communication's lock: a lost update");
                    }
                    AuditChainHead head = tx.tryLockAuditChain().orElseThrow();
                    long sequence = head.lastSequence() + 1;
                    tx.appendAuditEvents(List.of(auditEvent(org, sequence, c.id()).previousHash(head.lastHash())
                            .hash(hash(head.lastHash() + "|" + sequence)).details(Map.of("note", note)).build()));
                    return null;
                });
            }
        });

        int total = threads * perThread;
        assertThat(find(org, c.id()).orElseThrow().version()).isEqualTo(total);
        List<AuditEvent> events = allEvents(org);
        assertThat(events).extracting(AuditEvent::sequence)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        String previous = AuditEvent.GENESIS_HASH;
        for (AuditEvent event : events) {
            assertThat(event.previousHash()).as("link at %d", event.sequence()).isEqualTo(previous);
            previous = event.hash();
        }
        assertThat(events).extracting(e -> e.details().get("note")).doesNotHaveDuplicates().hasSize(total);
        assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead())).isEqualTo(new AuditChainHead(org, total, previous));
    }

    @Test
    void concurrentRecipientAddsUnderTheCommunicationLockGetDistinctPositions() throws InterruptedException {
        Communication c = communication(org).build();
        insert(c);
        int threads = 4;
        int perThread = 10;
        int batch = 5;

        runConcurrently(threads, worker -> {
            for (int i = 0; i < perThread; i++) {
                int call = i;
                store().write(org, tx -> {
                    tx.lockCommunication(c.id()).orElseThrow();
                    long max = tx.recipientStats(c.id()).maxPosition();
                    List<String> units = IntStream.range(0, batch).mapToObj(k -> "unit-" + worker + "-" + call + "-" + k).toList();
                    // Every worker also offers a unit that all of them share: exactly one may add it.
                    List<String> candidates = new ArrayList<>(units);
                    candidates.add("unit-shared");
                    Set<String> existing = tx.existingRecipientUnitIds(c.id(), candidates);
                    List<Recipient> added = new ArrayList<>();
                    for (String unit : candidates) {
                        if (!existing.contains(unit)) {
                            added.add(recipient(c, unit, max + added.size() + 1).build());
                        }
                    }
                    tx.insertRecipients(added);
                    return null;
                });
            }
        });

        List<Recipient> all = recipientsOf(org, c.id());
        int total = threads * perThread * batch + 1;
        assertThat(all).hasSize(total);
        assertThat(all).extracting(Recipient::position)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        assertThat(all).extracting(Recipient::unitId).doesNotHaveDuplicates().contains("unit-shared");
        assertThat(read(org, (StoreTransaction tx) -> tx.recipientStats(c.id())).total()).isEqualTo(total);
    }

    @Test
    void readersSeeAConsistentViewWhileWritersCommit() throws InterruptedException {
        Communication c = communication(org).build();
        insert(c);
        int writers = 3;
        int perWriter = 25;
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong reads = new AtomicLong();
        CountDownLatch writersDone = new CountDownLatch(writers);

        runConcurrently(writers + 2, worker -> {
            if (worker < writers) {
                try {
                    for (int i = 0; i < perWriter; i++) {
                        store().write(org, tx -> {
                            Communication locked = tx.lockCommunication(c.id()).orElseThrow();
                            assertThat(tx.updateCommunication(CommunicationBuilder.from(locked).nextVersion().build(), locked.version())).isTrue();
                            AuditChainHead head = tx.tryLockAuditChain().orElseThrow();
                            long sequence = head.lastSequence() + 1;
                            tx.appendAuditEvents(List.of(auditEvent(org, sequence, c.id())
                                    .previousHash(head.lastHash()).hash(hash(org + sequence)).build()));
                            return null;
                        });
                    }
                } finally {
                    writersDone.countDown();
                    if (writersDone.getCount() == 0) {
                        writing.set(false);
                    }
                }
                return;
            }
            do {
                store().read(org, tx -> {
                    long version = tx.findCommunication(c.id()).orElseThrow().version();
                    long head = tx.auditChainHead().lastSequence();
                    int events = tx.auditEventsOf(c.id()).size();
                    // Each write moves all three together; a torn view would show them apart.
                    assertThat(head).as("head vs version").isEqualTo(version);
                    assertThat(events).as("events vs version").isEqualTo(version);
                    return null;
                });
                reads.incrementAndGet();
            } while (writing.get());
        });

        assertThat(reads.get()).isPositive();
        assertThat(find(org, c.id()).orElseThrow().version()).isEqualTo(writers * perWriter);
        assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead()).lastSequence()).isEqualTo(writers * perWriter);
        assertThat(new HashSet<>(allEvents(org).stream().map(AuditEvent::hash).toList())).hasSize(writers * perWriter);
    }
}
