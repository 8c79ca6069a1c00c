package io.github.commscentre.testkit;

import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.Page;
import io.github.commscentre.PageRequest;
import io.github.commscentre.RecipientFilter;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.github.commscentre.testkit.BehaviourChecks.NEWEST_FIRST;
import static io.github.commscentre.testkit.BehaviourChecks.tamperedCursor;
import static org.assertj.core.api.Assertions.assertThat;

/** Listing communications: newest first, filters, counts, opaque cursors. */
abstract class ListingBehaviour extends BehaviourFixture {

    private Communication make(CommunicationType type, String block, String unit, CommunicationStatus status) {
        tick();
        NewCommunication.Builder b = NewCommunication.builder(type, type.wireName() + " " + block + " " + unit + " " + status)
                .blockId(block).unitId(unit).bodyHtml("<p>Dear leaseholder of " + unit + "</p>").notes("ref " + status);
        if (status == CommunicationStatus.SCHEDULED) {
            b.scheduledAt(now().plus(Duration.ofDays(30)));
        }
        Communication c = create(b.build());
        if (status == CommunicationStatus.SENT || status == CommunicationStatus.FAILED) {
            centre.addRecipients(admin, c.id(), List.of("a1"));
            return status == CommunicationStatus.SENT ? centre.markSent(admin, c.id()) : centre.markFailed(admin, c.id(), "x");
        }
        return c;
    }

    /** Communications of every kind; one deleted and one of the other organisation that must never show. */
    private List<Communication> dataset() {
        List<Communication> all = new ArrayList<>();
        all.add(make(CommunicationType.NOTICE, BLOCK_A, null, CommunicationStatus.DRAFT));
        all.add(make(CommunicationType.CIRCULAR, BLOCK_A, "a1", CommunicationStatus.SCHEDULED));
        all.add(make(CommunicationType.NOTICE, BLOCK_B, "b1", CommunicationStatus.SENT));
        all.add(make(CommunicationType.DEMAND_LETTER, null, "a2", CommunicationStatus.FAILED));
        all.add(make(CommunicationType.AGM_NOTICE, null, null, CommunicationStatus.DRAFT));
        all.add(make(CommunicationType.NOTICE, BLOCK_A, "a1", CommunicationStatus.SENT));
        all.add(make(CommunicationType.CIRCULAR, BLOCK_B, null, CommunicationStatus.FAILED));
        all.add(make(CommunicationType.NOTICE, BLOCK_A, null, CommunicationStatus.SCHEDULED));
        all.add(make(CommunicationType.CIRCULAR, BLOCK_A, "a2", CommunicationStatus.DRAFT));
        all.add(make(CommunicationType.NOTICE, BLOCK_B, "b1", CommunicationStatus.DRAFT));
        all.add(make(CommunicationType.NOTICE, null, "b1", CommunicationStatus.SCHEDULED));
        Communication gone = make(CommunicationType.NOTICE, BLOCK_A, "a1", CommunicationStatus.DRAFT);
        centre.delete(admin, gone.id());
        centre.create(otherAdmin, notice("Theirs").blockId(BLOCK_A).unitId("x1").build());
        return all;
    }

    private boolean matches(Communication c, CommunicationFilter f) {
        return (f.blockId() == null || f.blockId().equals(c.blockId()))
                && (f.unitId() == null || f.unitId().equals(c.unitId()))
                && (f.communicationType() == null || f.communicationType() == c.communicationType())
                && (f.status() == null || f.status() == c.status());
    }

    @Test
    void filtersWorkInEveryCombination() {
        List<Communication> all = dataset();
        List<String> blocks = Arrays.asList(null, BLOCK_A, BLOCK_B);
        List<String> units = Arrays.asList(null, "a1", "a2", "b1");
        List<CommunicationType> types = Arrays.asList(null, CommunicationType.NOTICE, CommunicationType.CIRCULAR,
                CommunicationType.DEMAND_LETTER, CommunicationType.AGM_NOTICE);
        List<CommunicationStatus> statuses = new ArrayList<>(Arrays.asList(CommunicationStatus.values()));
        statuses.add(0, null);
        int nonEmpty = 0;
        for (String block : blocks) {
            for (String unit : units) {
                for (CommunicationType type : types) {
                    for (CommunicationStatus status : statuses) {
                        CommunicationFilter f = CommunicationFilter.builder().blockId(block).unitId(unit)
                                .communicationType(type).status(status).build();
                        List<UUID> expected = all.stream().filter(c -> matches(c, f)).sorted(NEWEST_FIRST)
                                .map(Communication::id).collect(Collectors.toList());
                        nonEmpty += expected.isEmpty() ? 0 : 1;
                        assertThat(centre.list(admin, f, PageRequest.first(100)).items()).as("list %s", f)
                                .extracting(CommunicationSummary::id).containsExactlyElementsOf(expected);
                        assertThat(centre.count(member, f)).as("count %s", f).isEqualTo(expected.size());
                    }
                }
            }
        }
        assertThat(nonEmpty).as("the data set exercises the filters").isGreaterThan(40);
        CommunicationFilter f = CommunicationFilter.builder().blockId(BLOCK_A).status(CommunicationStatus.SENT).build();
        assertThat(listAll(admin, f, 1)).extracting(CommunicationSummary::id).containsExactly(all.get(5).id());
        assertThat(listAll(admin, CommunicationFilter.all(), 3)).extracting(CommunicationSummary::id)
                .containsExactlyElementsOf(all.stream().sorted(NEWEST_FIRST).map(Communication::id).collect(Collectors.toList()));
    }

    @Test
    void listedCommunicationsAreAsStoredWithoutTheirBodies() {
        List<Communication> all = dataset();
        Map<UUID, CommunicationSummary> listed = listAll(admin, CommunicationFilter.all(), 100).stream()
                .collect(Collectors.toMap(CommunicationSummary::id, Function.identity()));
        assertThat(listed).hasSameSizeAs(all);
        for (Communication c : all) {
            Communication stored = current(c.id());
            assertThat(stored).isEqualTo(c);
            // every field getById gives, but the body, which only getById gives
            assertThat(listed.get(c.id())).isEqualTo(CommunicationSummary.of(stored));
        }
        assertThat(all).allSatisfy(c -> assertThat(c.bodyHtml()).isNotBlank());
    }

    @Test
    void newestFirstWithTheIdBreakingTies() {
        List<Communication> created = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tick();
            created.add(create(notice("Tick " + i).build()));
        }
        for (int i = 0; i < 5; i++) {
            created.add(create(notice("Same instant " + i).build()));
        }
        clock.set(START.minus(Duration.ofDays(1)));
        created.add(create(notice("Created earlier by the clock").build()));
        List<UUID> expected = created.stream().sorted(NEWEST_FIRST).map(Communication::id).collect(Collectors.toList());
        assertThat(expected.get(expected.size() - 1)).isEqualTo(created.get(created.size() - 1).id());
        for (int limit : new int[]{1, 2, 3, 100}) {
            assertThat(listAll(admin, CommunicationFilter.all(), limit)).extracting(CommunicationSummary::id)
                    .as("limit %d", limit).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void keysetPagingVisitsEveryRecordOnceEvenWhenPagesAreFull() {
        List<UUID> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tick();
            expected.add(create(notice("Letter " + i).build()).id());
        }
        Collections.reverse(expected);
        Page<CommunicationSummary> p1 = centre.list(admin, CommunicationFilter.all(), PageRequest.first(5));
        assertThat(p1.hasNext()).isTrue();
        Page<CommunicationSummary> p2 = centre.list(admin, CommunicationFilter.all(), PageRequest.after(p1.nextCursor(), 5));
        assertThat(p2.items()).hasSize(5);
        assertThat(p2.hasNext()).as("exactly two full pages: no empty third page").isFalse();
        assertThat(p2.nextCursor()).isNull();
        List<UUID> seen = Stream.concat(p1.items().stream(), p2.items().stream()).map(CommunicationSummary::id).collect(Collectors.toList());
        assertThat(seen).containsExactlyElementsOf(expected);
        Page<CommunicationSummary> mixed = centre.list(admin, CommunicationFilter.all(), PageRequest.after(p1.nextCursor(), 2));
        assertThat(mixed.items()).extracting(CommunicationSummary::id).containsExactlyElementsOf(expected.subList(5, 7));
        Page<CommunicationSummary> onePage = centre.list(admin, CommunicationFilter.all(), PageRequest.first(10));
        assertThat(onePage.hasNext()).isFalse();
        assertThat(onePage.nextCursor()).isNull();
    }

    @Test
    void pagingWhileOthersInsertNeverRepeatsOrSkipsARecord() throws Exception {
        List<Communication> existing = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            if (i % 4 != 0) {
                tick();
            }
            existing.add(create(notice("Existing " + i).build()));
        }
        List<UUID> expected = existing.stream().sorted(NEWEST_FIRST).map(Communication::id).collect(Collectors.toList());
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
            Future<Integer> inserted = writer.submit(() -> {
                int n = 0;
                while (!stop.get() && n < 200) {
                    centre.create(admin, notice("Concurrent " + n++).build());
                    writing.countDown();
                }
                return n;
            });
            assertThat(writing.await(1, TimeUnit.MINUTES)).as("the concurrent writer started").isTrue();
            List<UUID> seen = new ArrayList<>();
            Page<CommunicationSummary> page = centre.list(admin, CommunicationFilter.all(), PageRequest.first(4));
            while (true) {
                page.items().forEach(c -> seen.add(c.id()));
                create(notice("Inserted between pages").build());
                tick();
                if (!page.hasNext()) {
                    break;
                }
                page = centre.list(admin, CommunicationFilter.all(), PageRequest.after(page.nextCursor(), 4));
            }
            stop.set(true);
            assertThat(inserted.get(2, TimeUnit.MINUTES)).isPositive();
            assertThat(seen).doesNotHaveDuplicates();
            assertThat(seen.stream().filter(expected::contains).collect(Collectors.toList()))
                    .as("every record that existed when paging began, once, in order").containsExactlyElementsOf(expected);
        } finally {
            stop.set(true);
            writer.shutdownNow();
        }
    }

    @Test
    void limitMustBeFromOneToOneHundred() {
        for (int i = 0; i < 101; i++) {
            create(notice("Letter " + i).build());
        }
        for (int bad : new int[]{0, -1, 101, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            CommunicationCentreException e = rejected(ErrorCode.BAD_REQUEST,
                    () -> centre.list(admin, CommunicationFilter.all(), PageRequest.first(bad)));
            assertThat(e.getMessage()).contains("limit");
        }
        assertThat(centre.list(admin, CommunicationFilter.all(), PageRequest.first(1)).items()).hasSize(1);
        assertThat(centre.list(admin, CommunicationFilter.all(), PageRequest.first(100)).items()).hasSize(100);
        assertThat(centre.list(admin, CommunicationFilter.all(), PageRequest.first()).items()).hasSize(25);
        String cursor = centre.list(admin, CommunicationFilter.all(), PageRequest.first(1)).nextCursor();
        CommunicationCentreException e = rejected(ErrorCode.BAD_REQUEST,
                () -> centre.list(admin, CommunicationFilter.all(), PageRequest.after(cursor, 101)));
        assertThat(e.getMessage()).contains("limit");
        assertThat(listAll(admin, CommunicationFilter.all(), 100)).hasSize(101);
    }

    @Test
    void malformedTamperedOrForeignCursorsAreRejected() {
        for (int i = 0; i < 6; i++) {
            tick();
            create(notice("Letter " + i).blockId(BLOCK_A).build());
            centre.create(otherAdmin, notice("Theirs " + i).blockId(BLOCK_A).build());
        }
        Communication withRecipients = draft();
        centre.addRecipients(admin, withRecipients.id(), List.of("a1", "a2", "a3"));
        CommunicationFilter all = CommunicationFilter.all();
        CommunicationFilter blockA = CommunicationFilter.builder().blockId(BLOCK_A).build();
        String cursor = centre.list(admin, all, PageRequest.first(2)).nextCursor();
        String blockCursor = centre.list(admin, blockA, PageRequest.first(2)).nextCursor();
        String theirCursor = centre.list(otherAdmin, all, PageRequest.first(2)).nextCursor();
        String recipientCursor = centre.listRecipients(admin, withRecipients.id(), RecipientFilter.all(), PageRequest.first(1)).nextCursor();
        assertThat(List.of(cursor, blockCursor, theirCursor, recipientCursor)).doesNotContainNull();

        Map<String, ThrowingCallable> bad = new LinkedHashMap<>();
        List<String> garbage = List.of("", " ", "not-a-cursor", "%%%", "eyJ9", "A".repeat(10_000), cursor + "x",
                cursor.substring(0, cursor.length() - 2), "nul\u0000cursor", "\uD800");
        for (int i = 0; i < garbage.size(); i++) {
            String g = garbage.get(i);
            bad.put("malformed #" + i, () -> centre.list(admin, all, PageRequest.after(g, 2)));
        }
        bad.put("tampered", () -> centre.list(admin, all, PageRequest.after(tamperedCursor(cursor), 2)));
        bad.put("from another organisation", () -> centre.list(admin, all, PageRequest.after(theirCursor, 2)));
        bad.put("used by another organisation", () -> centre.list(otherAdmin, all, PageRequest.after(cursor, 2)));
        bad.put("from another filter", () -> centre.list(admin, all, PageRequest.after(blockCursor, 2)));
        bad.put("with another filter", () -> centre.list(admin, blockA, PageRequest.after(cursor, 2)));
        bad.put("with a narrower filter", () -> centre.list(admin, CommunicationFilter.builder().blockId(BLOCK_A)
                .status(CommunicationStatus.DRAFT).build(), PageRequest.after(blockCursor, 2)));
        bad.put("from listRecipients", () -> centre.list(admin, all, PageRequest.after(recipientCursor, 2)));
        bad.put("into listRecipients", () -> centre.listRecipients(admin, withRecipients.id(), RecipientFilter.all(),
                PageRequest.after(cursor, 2)));
        bad.forEach((name, call) -> {
            CommunicationCentreException e = rejected(ErrorCode.BAD_REQUEST, call);
            assertThat(e.getMessage()).as(name).contains("cursor");
        });
        assertThat(centre.list(admin, all, PageRequest.after(cursor, 2)).items()).hasSize(2);
    }

    @Test
    void countFollowsWritesAndDeletes() {
        assertThat(centre.count(admin, CommunicationFilter.all())).isZero();
        Communication a = draft();
        Communication b = draft();
        CommunicationFilter sent = CommunicationFilter.builder().status(CommunicationStatus.SENT).build();
        assertThat(centre.count(admin, CommunicationFilter.all())).isEqualTo(2);
        centre.markSent(admin, a.id());
        assertThat(centre.count(admin, sent)).isEqualTo(1);
        centre.delete(admin, b.id());
        assertThat(centre.count(admin, CommunicationFilter.all())).isEqualTo(1);
        assertThat(centre.count(admin, CommunicationFilter.builder().status(CommunicationStatus.DRAFT).build())).isZero();
    }
}
