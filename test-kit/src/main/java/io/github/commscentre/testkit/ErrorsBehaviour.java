package io.github.commscentre.testkit;

import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.StoreTransaction;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Errors: nulls, an unavailable directory, a failing store, each reported with its code and nothing stored. */
abstract class ErrorsBehaviour extends BehaviourFixture {

    /** Collects one bad call with the parameter its message must name. */
    @FunctionalInterface
    private interface BadCall {
        void put(String name, String parameter, ThrowingCallable call);
    }

    /**
     * A store that works like the real one, except that {@code method} of its transactions throws: the real store
     * must roll back everything the call did before.
     */
    protected CommunicationStore failingStore(String method, java.util.function.Supplier<RuntimeException> failure) {
        CommunicationStore real = store;
        return new CommunicationStore() {
            @Override
            public <T> T write(String organisationId, StoreWork<T> work) {
                return real.write(organisationId, tx -> work.execute(failingOn(tx, method, failure)));
            }

            @Override
            public <T> T read(String organisationId, StoreWork<T> work) {
                return real.read(organisationId, work);
            }

            @Override
            public <T> T writeDetached(String organisationId, StoreWork<T> work) {
                return real.writeDetached(organisationId, tx -> work.execute(failingOn(tx, method, failure)));
            }

            @Override
            public <T> T readDetached(String organisationId, StoreWork<T> work) {
                return real.readDetached(organisationId, work);
            }

            @Override
            public java.util.List<String> organisationsWithPendingAuditEvents(int limit) {
                return real.organisationsWithPendingAuditEvents(limit);
            }

            @Override
            public java.util.List<String> organisationsWithDueCommunications(java.time.Instant now, int limit) {
                return real.organisationsWithDueCommunications(now, limit);
            }
        };
    }

    private static StoreTransaction failingOn(StoreTransaction tx, String method, java.util.function.Supplier<RuntimeException> failure) {
        return (StoreTransaction) Proxy.newProxyInstance(StoreTransaction.class.getClassLoader(),
                new Class<?>[]{StoreTransaction.class}, (proxy, m, args) -> {
                    if (m.getName().equals(method)) {
                        throw failure.get();
                    }
                    try {
                        return m.invoke(tx, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @TestFactory
    Stream<DynamicTest> nullArgumentsAreBadRequestsNamingTheParameter() {
        Communication c = inState(CommunicationStatus.DRAFT);
        Recipient r = recipients(c.id()).get(0);
        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        Map<String, String> parameter = new LinkedHashMap<>();
        BadCall add = (name, param, call) -> {
            calls.put(name, call);
            parameter.put(name, param);
        };
        CommunicationChanges changes = CommunicationChanges.builder().notes("n").build();
        add.put("list caller", "caller", () -> centre.list(null, CommunicationFilter.all(), PageRequest.first()));
        add.put("list filter", "filter", () -> centre.list(admin, null, PageRequest.first()));
        add.put("list page", "page", () -> centre.list(admin, CommunicationFilter.all(), null));
        add.put("count caller", "caller", () -> centre.count(null, CommunicationFilter.all()));
        add.put("count filter", "filter", () -> centre.count(admin, null));
        add.put("getById caller", "caller", () -> centre.getById(null, c.id()));
        add.put("getById id", "communicationId", () -> centre.getById(admin, null));
        add.put("create caller", "caller", () -> centre.create(null, notice("x").build()));
        add.put("create input", "input", () -> centre.create(admin, null));
        add.put("update caller", "caller", () -> centre.update(null, c.id(), changes));
        add.put("update id", "communicationId", () -> centre.update(admin, null, changes));
        add.put("update changes", "changes", () -> centre.update(admin, c.id(), null));
        add.put("markSent caller", "caller", () -> centre.markSent(null, c.id()));
        add.put("markSent id", "communicationId", () -> centre.markSent(admin, null));
        add.put("markFailed caller", "caller", () -> centre.markFailed(null, c.id(), "r"));
        add.put("markFailed id", "communicationId", () -> centre.markFailed(admin, null, "r"));
        add.put("delete caller", "caller", () -> centre.delete(null, c.id()));
        add.put("delete id", "communicationId", () -> centre.delete(admin, null));
        add.put("duplicate caller", "caller", () -> centre.duplicate(null, c.id(), true));
        add.put("duplicate id", "communicationId", () -> centre.duplicate(admin, null, true));
        add.put("addRecipients caller", "caller", () -> centre.addRecipients(null, c.id(), List.of("a4")));
        add.put("addRecipients id", "communicationId", () -> centre.addRecipients(admin, null, List.of("a4")));
        add.put("addRecipients unitIds", "unitIds", () -> centre.addRecipients(admin, c.id(), null));
        add.put("addRecipients null element", "unitIds", () -> centre.addRecipients(admin, c.id(), Arrays.asList("a4", null)));
        add.put("addBlockRecipients caller", "caller", () -> centre.addBlockRecipients(null, c.id()));
        add.put("addBlockRecipients id", "communicationId", () -> centre.addBlockRecipients(admin, null));
        add.put("listRecipients caller", "caller", () -> centre.listRecipients(null, c.id(), RecipientFilter.all(), PageRequest.first()));
        add.put("listRecipients id", "communicationId", () -> centre.listRecipients(admin, null, RecipientFilter.all(), PageRequest.first()));
        add.put("listRecipients filter", "filter", () -> centre.listRecipients(admin, c.id(), null, PageRequest.first()));
        add.put("listRecipients page", "page", () -> centre.listRecipients(admin, c.id(), RecipientFilter.all(), null));
        add.put("updateRecipientStatus caller", "caller", () -> centre.updateRecipientStatus(null, r.id(), DeliveryStatus.DELIVERED));
        add.put("updateRecipientStatus id", "recipientId", () -> centre.updateRecipientStatus(admin, null, DeliveryStatus.DELIVERED));
        // the interface calls it status, the record field and the seed's API deliveryStatus: either names it
        add.put("updateRecipientStatus status", "tatus", () -> centre.updateRecipientStatus(admin, r.id(), null, null));
        add.put("auditTrail caller", "caller", () -> centre.auditTrail(null, c.id()));
        add.put("auditTrail id", "communicationId", () -> centre.auditTrail(admin, null));
        add.put("verifyAuditTrail caller", "caller", () -> centre.verifyAuditTrail(null));
        add.put("listAll caller", "caller", () -> centre.listAll(null, CommunicationFilter.all()));
        add.put("listAll filter", "filter", () -> centre.listAll(admin, null));
        add.put("countByType caller", "caller", () -> centre.countByType(null, CommunicationFilter.all()));
        add.put("countByType filter", "filter", () -> centre.countByType(admin, null));
        add.put("listAllRecipients caller", "caller", () -> centre.listAllRecipients(null, c.id(), RecipientFilter.all()));
        add.put("listAllRecipients id", "communicationId", () -> centre.listAllRecipients(admin, null, RecipientFilter.all()));
        add.put("listAllRecipients filter", "filter", () -> centre.listAllRecipients(admin, c.id(), null));
        add.put("getRecipient caller", "caller", () -> centre.getRecipient(null, r.id()));
        add.put("getRecipient id", "recipientId", () -> centre.getRecipient(admin, null));
        add.put("exportAuditTrail caller", "caller", () -> centre.exportAuditTrail(null, new StringBuilder()));
        add.put("exportAuditTrail out", "out", () -> centre.exportAuditTrail(admin, null));
        return calls.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(), () -> {
            CommunicationCentreException e = rejected(ErrorCode.BAD_REQUEST, entry.getValue());
            assertThat(e.getMessage()).as("names the parameter").contains(parameter.get(entry.getKey()));
            assertThat(e.field()).as("the exception names the parameter")
                    .hasValueSatisfying(field -> assertThat(field).contains(parameter.get(entry.getKey())));
        }));
    }

    @Test
    void theFieldOfABadRequestIsAnAccessorAndOtherCodesHaveNone() {
        CommunicationCentreException tooLong = rejected(ErrorCode.BAD_REQUEST,
                () -> centre.create(admin, notice("x".repeat(501)).build()));
        CommunicationCentreException notFound = rejected(ErrorCode.NOT_FOUND, () -> centre.getById(admin, java.util.UUID.randomUUID()));
        CommunicationCentreException forbidden = rejected(ErrorCode.FORBIDDEN, () -> centre.create(member, notice("x").build()));

        assertThat(tooLong.field()).contains("subject");
        assertThat(tooLong.getMessage()).startsWith("subject ");
        assertThat(notFound.field()).isEmpty();
        assertThat(forbidden.field()).isEmpty();
        assertThat(CommunicationCentreException.badRequest("events[2].status", "must be one of ...").field())
                .contains("events[2].status");
    }

    @Test
    void aFailingDirectoryIsUnavailableWithTheCauseAttachedAndStoresNothing() {
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("a2"));
        IllegalStateException down = new IllegalStateException("directory down");
        directory.failWith(down);
        for (ThrowingCallable call : List.<ThrowingCallable>of(
                () -> centre.create(admin, notice("Scoped").blockId(BLOCK_A).build()),
                () -> centre.create(admin, notice("Scoped").unitId("a1").build()),
                () -> centre.addRecipients(admin, c.id(), List.of("a1")),
                () -> centre.addBlockRecipients(admin, c.id()),
                () -> centre.duplicate(admin, c.id(), true))) {
            CommunicationCentreException e = rejected(ErrorCode.UNAVAILABLE, call);
            assertThat(causes(e)).contains(down);
        }
        directory.failWith(null);
        assertThat(centre.addRecipients(admin, c.id(), List.of("a1")).added()).isEqualTo(1);
    }

    @Test
    void aStoreFailureInTheMiddleOfACallLeavesNothingBehind() {
        Communication draft = draft();
        centre.addRecipients(admin, draft.id(), List.of("a1", "a2"));
        Recipient r = recipient(draft.id(), "a1");
        Communication scheduled = scheduled();
        for (String failingMethod : List.of("appendAuditEvents", "tryLockAuditChain")) {
            CommunicationCentre failing = centreOver(failingStore(failingMethod, () ->
                    CommunicationCentreException.unavailable("injected store failure", new IllegalStateException("disk full"))));
            List<ThrowingCallable> calls = List.of(
                    () -> failing.create(admin, notice("Never stored").blockId(BLOCK_A).build()),
                    () -> failing.update(admin, draft.id(), CommunicationChanges.builder().subject("Never").notes("never").build()),
                    () -> failing.update(admin, scheduled.id(), CommunicationChanges.builder().scheduledAt(null).build()),
                    () -> failing.addRecipients(admin, draft.id(), List.of("a3", "a4")),
                    () -> failing.addBlockRecipients(admin, draft.id()),
                    () -> failing.markSent(admin, draft.id()),
                    () -> failing.markFailed(admin, draft.id(), "never"),
                    () -> failing.delete(admin, draft.id()),
                    () -> failing.duplicate(admin, draft.id(), true),
                    () -> failing.updateRecipientStatus(admin, r.id(), DeliveryStatus.OPENED));
            for (ThrowingCallable call : calls) {
                rejected(ErrorCode.UNAVAILABLE, call);
            }
        }
        assertThat(centre.verifyAuditTrail(admin).intact()).isTrue();
    }

    @Test
    void anUnexpectedStoreExceptionReachesTheHostAsUnavailable() {
        Communication draft = draft();
        IllegalStateException raw = new IllegalStateException("connection reset");
        CommunicationCentre failing = centreOver(failingStore("appendAuditEvents", () -> raw));
        CommunicationCentreException e = rejected(ErrorCode.UNAVAILABLE, () -> failing.markSent(admin, draft.id()));
        assertThat(causes(e)).contains(raw);
        assertThat(e.getMessage()).as("a message of our own: a store's may hold SQL").doesNotContain("connection reset");
        e = rejected(ErrorCode.UNAVAILABLE, () -> failing.create(admin, notice("x").build()));
        assertThat(causes(e)).contains(raw);
    }

    @Test
    void theBuilderRequiresAStoreAndADirectory() {
        Throwable noStore = catchThrowable(() -> CommunicationCentre.builder().directory(directory).build());
        assertThat(noStore).isInstanceOf(IllegalStateException.class).hasMessageContaining("CommunicationStore");
        Throwable noDirectory = catchThrowable(() -> CommunicationCentre.builder().store(store).build());
        assertThat(noDirectory).isInstanceOf(IllegalStateException.class).hasMessageContaining("PropertyDirectory");
    }

    private List<Throwable> causes(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }
}
