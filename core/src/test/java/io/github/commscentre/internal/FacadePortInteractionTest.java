package io.github.commscentre.internal;

import io.github.commscentre.AddRecipientsResult;
import io.github.commscentre.AuditEvent;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.PropertyDirectory;
import io.github.commscentre.spi.RecipientStats;
import io.github.commscentre.spi.StoreTransaction;
import io.github.commscentre.spi.UnitRecord;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.atMost;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

/**
 * How the facade talks to its ports, proved with mocks: bulk look-ups in the host's directory (10,000 units cost
 * one call, not 10,000), no store access for a call that is refused up front, nothing written when the state
 * forbids a call, and the injected clock as the only source of time.
 */
class FacadePortInteractionTest {

    private static final String ORG = "org-1";
    private static final Caller ADMIN = Caller.admin(ORG, "admin-1");
    private static final Caller MEMBER = Caller.member(ORG, "member-1");
    /** Far from the real time, with nanoseconds: anything not taken from this clock shows. */
    private static final Instant CLOCK_TIME = Instant.parse("2001-02-03T04:05:06.123456789Z");
    private static final Instant CLOCK_MICROS = CLOCK_TIME.truncatedTo(ChronoUnit.MICROS);

    private CommunicationStore store;
    private StoreTransaction tx;
    private PropertyDirectory directory;
    /** What the clock shows; a test moves it by setting this. */
    private final AtomicReference<Instant> now = new AtomicReference<>(CLOCK_TIME);
    private Clock clock;
    private CommunicationCentre centre;
    private Communication draft;

    @BeforeEach
    void setUp() {
        store = mock(CommunicationStore.class);
        tx = mock(StoreTransaction.class);
        directory = mock(PropertyDirectory.class);
        // A mock, so that the test can see the facade asked it; core's tests cannot use the test kit's clock.
        clock = mock(Clock.class, CALLS_REAL_METHODS);
        doAnswer(inv -> now.get()).when(clock).instant();
        doReturn(ZoneOffset.UTC).when(clock).getZone();
        clearInvocations(clock);
        doAnswer(inv -> inv.<CommunicationStore.StoreWork<?>>getArgument(1).execute(tx)).when(store).write(anyString(), any());
        doAnswer(inv -> inv.<CommunicationStore.StoreWork<?>>getArgument(1).execute(tx)).when(store).read(anyString(), any());
        when(tx.organisationId()).thenReturn(ORG);
        when(tx.tryLockAuditChain()).thenReturn(java.util.Optional.of(AuditChainHead.empty(ORG)));
        when(tx.auditChainHead()).thenReturn(AuditChainHead.empty(ORG));
        when(tx.recipientStats(any())).thenReturn(RecipientStats.none());
        when(tx.updateCommunication(any(), anyLong())).thenReturn(true);
        when(tx.deleteCommunication(any(), anyLong())).thenReturn(true);
        when(tx.updateRecipient(any(), any())).thenReturn(true);
        draft = communication(UUID.randomUUID(), CommunicationStatus.DRAFT, "block-1");
        when(tx.findCommunication(draft.id())).thenReturn(Optional.of(draft));
        when(tx.lockCommunication(draft.id())).thenReturn(Optional.of(draft));
        centre = CommunicationCentre.builder().store(store).directory(directory).clock(clock).build();
    }

    private static Communication communication(UUID id, CommunicationStatus status, String blockId) {
        Instant created = Instant.parse("2001-01-01T00:00:00Z");
        return new Communication(id, ORG, CommunicationType.NOTICE, "Subject", "<p>Body</p>", blockId, null, "email", status,
                null, status == CommunicationStatus.SENT ? created : null, status == CommunicationStatus.SENT ? "admin-1" : null,
                null, null, null, "admin-1", created, created, 3);
    }

    private static List<String> unitIds(int n) {
        return IntStream.range(0, n).mapToObj(i -> "unit-" + i).collect(Collectors.toList());
    }

    private static UnitRecord unit(String id) {
        return new UnitRecord(id, "block-1", "Leaseholder " + id, id + "@example.com");
    }

    @SuppressWarnings("unchecked")
    private static ArgumentCaptor<Collection<String>> collectionCaptor() {
        return ArgumentCaptor.forClass(Collection.class);
    }

    @SuppressWarnings("unchecked")
    private static ArgumentCaptor<List<Recipient>> recipientsCaptor() {
        return ArgumentCaptor.forClass(List.class);
    }

    @SuppressWarnings("unchecked")
    private static ArgumentCaptor<List<AuditEvent>> eventsCaptor() {
        return ArgumentCaptor.forClass(List.class);
    }

    private static CommunicationCentreException expectError(ErrorCode code, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(CommunicationCentreException.class);
        assertThat(((CommunicationCentreException) thrown).code()).as("code of %s", thrown).isEqualTo(code);
        return (CommunicationCentreException) thrown;
    }

    private static long uuidMillis(UUID id) {
        return id.getMostSignificantBits() >>> 16;
    }

    // ---- bulk look-ups --------------------------------------------------------------------------

    @Test
    void addingTenThousandUnitsAsksTheDirectoryOnceForAllOfThem() {
        List<String> ids = unitIds(10_000);
        when(directory.findUnits(eq(ORG), anyCollection())).thenAnswer(inv -> {
            Collection<String> asked = inv.getArgument(1);
            return asked.stream().collect(Collectors.toMap(Function.identity(), FacadePortInteractionTest::unit));
        });

        AddRecipientsResult result = centre.addRecipients(ADMIN, draft.id(), ids);

        assertThat(result).isEqualTo(new AddRecipientsResult(10_000, 0, 0));
        ArgumentCaptor<Collection<String>> asked = collectionCaptor();
        verify(directory, times(1)).findUnits(eq(ORG), asked.capture());
        assertThat(asked.getValue()).containsExactlyInAnyOrderElementsOf(ids);
        verifyNoMoreInteractions(directory);

        verify(store, times(1)).write(eq(ORG), any());
        verify(tx, atMost(1)).existingRecipientUnitIds(eq(draft.id()), anyCollection());
        ArgumentCaptor<List<Recipient>> inserted = recipientsCaptor();
        verify(tx, atLeastOnce()).insertRecipients(inserted.capture());
        List<Recipient> all = inserted.getAllValues().stream().flatMap(List::stream).collect(Collectors.toList());
        assertThat(all).hasSize(10_000);
        assertThat(all).extracting(Recipient::unitId).containsExactlyElementsOf(ids);
        assertThat(all).extracting(Recipient::position).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 10_000).mapToObj(i -> (long) i).collect(Collectors.toList()));
        ArgumentCaptor<List<AuditEvent>> events = eventsCaptor();
        verify(tx, times(1)).appendAuditEvents(events.capture());
        assertThat(events.getValue()).hasSize(1);
        assertThat(events.getValue().get(0).unitIds()).hasSize(10_000);
    }

    @Test
    void repeatedAndForeignIdsStillCostOneLookUp() {
        List<String> ids = new ArrayList<>(unitIds(5_000));
        ids.addAll(unitIds(5_000));
        ids.add("foreign-unit");
        when(directory.findUnits(eq(ORG), anyCollection())).thenAnswer(inv -> {
            Collection<String> asked = inv.getArgument(1);
            return asked.stream().filter(id -> id.startsWith("unit-"))
                    .collect(Collectors.toMap(Function.identity(), FacadePortInteractionTest::unit));
        });

        assertThat(centre.addRecipients(ADMIN, draft.id(), ids)).isEqualTo(new AddRecipientsResult(5_000, 0, 1));

        ArgumentCaptor<Collection<String>> asked = collectionCaptor();
        verify(directory, times(1)).findUnits(eq(ORG), asked.capture());
        assertThat(asked.getValue()).doesNotHaveDuplicates().hasSize(5_001);
    }

    @Test
    void addingAWholeBlockAsksForTheBlockOnce() {
        List<UnitRecord> block = unitIds(10_000).stream().map(FacadePortInteractionTest::unit).collect(Collectors.toList());
        when(directory.findUnitsInBlock(ORG, "block-1")).thenReturn(block);

        assertThat(centre.addBlockRecipients(ADMIN, draft.id())).isEqualTo(new AddRecipientsResult(10_000, 0, 0));

        verify(directory, times(1)).findUnitsInBlock(ORG, "block-1");
        verify(directory, atMost(1)).findUnits(eq(ORG), anyCollection());
        verify(directory, never()).blockBelongsTo(anyString(), anyString());
        verify(store, times(1)).write(eq(ORG), any());
    }

    // ---- refused calls --------------------------------------------------------------------------

    @Test
    void aMembersWriteNeverTouchesTheStoreOrTheDirectory() {
        UUID id = draft.id();
        List<ThrowingCallable> writes = List.of(
                () -> centre.create(MEMBER, NewCommunication.builder(CommunicationType.NOTICE, "x").blockId("block-1").build()),
                () -> centre.update(MEMBER, id, CommunicationChanges.builder().subject("x").build()),
                () -> centre.markSent(MEMBER, id),
                () -> centre.markFailed(MEMBER, id, "r"),
                () -> centre.delete(MEMBER, id),
                () -> centre.duplicate(MEMBER, id, true),
                () -> centre.addRecipients(MEMBER, id, List.of("unit-1")),
                () -> centre.addBlockRecipients(MEMBER, id),
                () -> centre.updateRecipientStatus(MEMBER, UUID.randomUUID(), DeliveryStatus.DELIVERED));
        for (ThrowingCallable write : writes) {
            expectError(ErrorCode.FORBIDDEN, write);
        }
        verifyNoInteractions(store, tx, directory);
    }

    @Test
    void invalidInputNeverTouchesTheStore() {
        UUID id = draft.id();
        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        calls.put("subject 501", () -> centre.create(ADMIN, NewCommunication.builder(CommunicationType.NOTICE, "x".repeat(501)).build()));
        calls.put("blank subject", () -> centre.create(ADMIN, NewCommunication.builder(CommunicationType.NOTICE, "  ").build()));
        calls.put("no type", () -> centre.create(ADMIN, NewCommunication.builder(null, "x").build()));
        calls.put("body 1,000,001", () -> centre.create(ADMIN, NewCommunication.builder(CommunicationType.NOTICE, "x")
                .bodyHtml("b".repeat(1_000_001)).build()));
        calls.put("channel 51", () -> centre.create(ADMIN, NewCommunication.builder(CommunicationType.NOTICE, "x")
                .channel("c".repeat(51)).build()));
        calls.put("notes 10,001", () -> centre.create(ADMIN, NewCommunication.builder(CommunicationType.NOTICE, "x")
                .notes("n".repeat(10_001)).build()));
        calls.put("scheduledAt now", () -> centre.create(ADMIN, NewCommunication.builder(CommunicationType.NOTICE, "x")
                .scheduledAt(CLOCK_MICROS).build()));
        calls.put("U+0000 in subject", () -> centre.create(ADMIN, NewCommunication.builder(CommunicationType.NOTICE, "a\u0000b").build()));
        calls.put("lone surrogate in notes", () -> centre.create(ADMIN, NewCommunication.builder(CommunicationType.NOTICE, "x")
                .notes("\uD800").build()));
        calls.put("blockId 101", () -> centre.create(ADMIN, NewCommunication.builder(CommunicationType.NOTICE, "x")
                .blockId("b".repeat(101)).build()));
        calls.put("caller organisation 101", () -> centre.create(Caller.admin("o".repeat(101), "u"),
                NewCommunication.builder(CommunicationType.NOTICE, "x").build()));
        calls.put("null input", () -> centre.create(ADMIN, null));
        calls.put("update blank subject", () -> centre.update(ADMIN, id, CommunicationChanges.builder().subject(" ").build()));
        calls.put("update past scheduledAt", () -> centre.update(ADMIN, id, CommunicationChanges.builder()
                .scheduledAt(CLOCK_MICROS.minusSeconds(1)).build()));
        calls.put("update null changes", () -> centre.update(ADMIN, id, null));
        calls.put("update null id", () -> centre.update(ADMIN, null, CommunicationChanges.builder().notes("n").build()));
        calls.put("no unit ids", () -> centre.addRecipients(ADMIN, id, List.of()));
        calls.put("50,001 unit ids", () -> centre.addRecipients(ADMIN, id, unitIds(50_001)));
        calls.put("null unit id", () -> centre.addRecipients(ADMIN, id, Arrays.asList("unit-1", null)));
        calls.put("reason 1,001", () -> centre.markFailed(ADMIN, id, "r".repeat(1_001)));
        calls.put("failureReason with delivered", () -> centre.updateRecipientStatus(ADMIN, UUID.randomUUID(),
                DeliveryStatus.DELIVERED, "why"));
        calls.put("null status", () -> centre.updateRecipientStatus(ADMIN, UUID.randomUUID(), null, null));
        calls.put("limit 0", () -> centre.list(ADMIN, CommunicationFilter.all(), PageRequest.first(0)));
        calls.put("limit 101", () -> centre.listRecipients(ADMIN, id, RecipientFilter.all(), PageRequest.first(101)));
        calls.put("malformed cursor", () -> centre.list(ADMIN, CommunicationFilter.all(), PageRequest.after("garbage", 10)));
        calls.put("malformed recipient cursor", () -> centre.listRecipients(ADMIN, id, RecipientFilter.all(),
                PageRequest.after("garbage", 10)));
        calls.put("null filter", () -> centre.count(ADMIN, null));
        calls.forEach((name, call) -> {
            CommunicationCentreException e = expectError(ErrorCode.BAD_REQUEST, call);
            assertThat(e.getMessage()).as(name).isNotBlank();
        });
        verifyNoInteractions(store, tx);
    }

    @Test
    void aCallTheStateForbidsWritesNothing() {
        Communication sent = communication(UUID.randomUUID(), CommunicationStatus.SENT, "block-1");
        when(tx.lockCommunication(sent.id())).thenReturn(Optional.of(sent));
        when(tx.findCommunication(sent.id())).thenReturn(Optional.of(sent));
        when(directory.findUnits(eq(ORG), anyCollection())).thenReturn(Map.of("unit-1", unit("unit-1")));
        when(directory.findUnitsInBlock(ORG, "block-1")).thenReturn(List.of(unit("unit-1")));
        UUID missing = UUID.randomUUID();
        List<ThrowingCallable> conflicts = List.of(
                () -> centre.update(ADMIN, sent.id(), CommunicationChanges.builder().subject("x").build()),
                () -> centre.markSent(ADMIN, sent.id()),
                () -> centre.markFailed(ADMIN, sent.id(), "r"),
                () -> centre.delete(ADMIN, sent.id()),
                () -> centre.addRecipients(ADMIN, sent.id(), List.of("unit-1")),
                () -> centre.addBlockRecipients(ADMIN, sent.id()));
        for (ThrowingCallable call : conflicts) {
            expectError(ErrorCode.CONFLICT, call);
        }
        List<ThrowingCallable> missingOnes = List.of(
                () -> centre.update(ADMIN, missing, CommunicationChanges.builder().subject("x").build()),
                () -> centre.markSent(ADMIN, missing),
                () -> centre.delete(ADMIN, missing),
                () -> centre.addRecipients(ADMIN, missing, List.of("unit-1")),
                () -> centre.duplicate(ADMIN, missing, true),
                () -> centre.updateRecipientStatus(ADMIN, missing, DeliveryStatus.DELIVERED));
        for (ThrowingCallable call : missingOnes) {
            expectError(ErrorCode.NOT_FOUND, call);
        }
        verify(tx, never()).insertCommunication(any());
        verify(tx, never()).updateCommunication(any(), anyLong());
        verify(tx, never()).deleteCommunication(any(), anyLong());
        verify(tx, never()).insertRecipients(anyList());
        verify(tx, never()).updateRecipient(any(), any());
        verify(tx, never()).appendAuditEvents(anyList());
    }

    // ---- time -----------------------------------------------------------------------------------

    @Test
    void theInjectedClockIsTheOnlySourceOfTime() {
        Instant oneDayLater = CLOCK_MICROS.plus(Duration.ofDays(1));
        // a scheduledAt in 2001 is in the past for the real clock: accepted only if "now" comes from the injected clock
        Communication created = centre.create(ADMIN, NewCommunication.builder(CommunicationType.NOTICE, "Time")
                .scheduledAt(oneDayLater).build());
        expectError(ErrorCode.BAD_REQUEST, () -> centre.create(ADMIN, NewCommunication.builder(CommunicationType.NOTICE, "Past")
                .scheduledAt(CLOCK_MICROS.minus(Duration.ofDays(1))).build()));

        ArgumentCaptor<Communication> inserted = ArgumentCaptor.forClass(Communication.class);
        verify(tx).insertCommunication(inserted.capture());
        assertThat(inserted.getValue()).isEqualTo(created);
        assertThat(created.createdAt()).isEqualTo(CLOCK_MICROS);
        assertThat(created.updatedAt()).isEqualTo(CLOCK_MICROS);
        assertThat(created.scheduledAt()).isEqualTo(oneDayLater);
        assertThat(uuidMillis(created.id())).as("the UUID version 7 timestamp").isBetween(CLOCK_TIME.toEpochMilli(),
                CLOCK_TIME.toEpochMilli() + 1_000);
        ArgumentCaptor<List<AuditEvent>> events = eventsCaptor();
        verify(tx).appendAuditEvents(events.capture());
        AuditEvent createdEvent = events.getValue().get(0);
        assertThat(createdEvent.occurredAt()).isEqualTo(CLOCK_MICROS);
        assertThat(uuidMillis(createdEvent.id())).isBetween(CLOCK_TIME.toEpochMilli(), CLOCK_TIME.toEpochMilli() + 1_000);
        assertThat(mockingDetails(clock).getInvocations()).as("the facade asked the injected clock").isNotEmpty();

        Instant later = Instant.parse("2001-02-03T05:00:00.000000999Z");
        now.set(later);
        clearInvocations(tx);
        when(directory.findUnits(eq(ORG), anyCollection())).thenReturn(Map.of("unit-1", unit("unit-1")));
        centre.addRecipients(ADMIN, draft.id(), List.of("unit-1"));
        ArgumentCaptor<List<Recipient>> recipients = recipientsCaptor();
        verify(tx).insertRecipients(recipients.capture());
        Recipient r = recipients.getValue().get(0);
        assertThat(r.addedAt()).isEqualTo(Instant.parse("2001-02-03T05:00:00Z"));
        assertThat(r.updatedAt()).isEqualTo(r.addedAt());
        assertThat(uuidMillis(r.id())).isBetween(later.toEpochMilli(), later.toEpochMilli() + 1_000);

        Instant sendTime = Instant.parse("2001-02-03T06:00:00.000001999Z");
        now.set(sendTime);
        Communication sent = centre.markSent(ADMIN, draft.id());
        assertThat(sent.sentAt()).isEqualTo(Instant.parse("2001-02-03T06:00:00.000001Z"));
        assertThat(sent.updatedAt()).isEqualTo(sent.sentAt());
        ArgumentCaptor<Communication> updated = ArgumentCaptor.forClass(Communication.class);
        verify(tx).updateCommunication(updated.capture(), eq(draft.version()));
        assertThat(updated.getValue()).isEqualTo(sent);
    }
}
