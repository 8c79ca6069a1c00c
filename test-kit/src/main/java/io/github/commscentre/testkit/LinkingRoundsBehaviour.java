package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.StoreTransaction;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One linker per organisation in an instance: a call that commits while another call of the same instance links the
 * organisation does not queue for the chain lock, nor wait; the running linker's next round links its events. The
 * store is wrapped so that the test decides when the chain lock is busy and when the linker's transaction may go on.
 */
abstract class LinkingRoundsBehaviour extends BehaviourFixture {

    /** When set, the next chain-lock try of a write finds the lock busy, as when another instance holds it. */
    private final AtomicBoolean lockBusyOnce = new AtomicBoolean();
    /** When set, the next linking transaction waits for {@link #release} after signalling {@link #linkerInside}. */
    private final AtomicBoolean holdNextLinker = new AtomicBoolean();
    private final CountDownLatch linkerInside = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @Test
    void aCallThatCommitsWhileAnotherLinksTheOrganisationLeavesItsEventsToThatLinkerAndReturns() throws Exception {
        CommunicationCentre instance = centreOver(controlled(store));
        Communication first = draft(); // the organisation's chain exists, linked at once
        assertThat(centre.auditTrail(member, first.id())).allMatch(AuditEvent::isLinked);

        lockBusyOnce.set(true);
        holdNextLinker.set(true);
        CompletableFuture<Communication> a = CompletableFuture.supplyAsync(
                () -> instance.create(admin, notice("A: its lock try finds the lock busy").build()));
        assertThat(linkerInside.await(30, TimeUnit.SECONDS)).as("A links after its commit").isTrue();

        // B commits and returns while A's linking transaction is held open: it neither tries the lock nor waits.
        Communication b = instance.create(admin, notice("B: commits while A links").build());
        assertThat(centre.auditTrail(member, b.id())).noneMatch(AuditEvent::isLinked);
        assertThat(a).isNotDone();

        release.countDown();
        Communication created = a.get(30, TimeUnit.SECONDS);
        assertThat(instance.linkPendingAuditEvents()).as("the sweep waits for A's rounds, which linked B too").isZero();
        List<AuditEvent> aTrail = centre.auditTrail(member, created.id());
        List<AuditEvent> bTrail = centre.auditTrail(member, b.id());
        assertThat(aTrail).extracting(AuditEvent::sequence).containsExactly(2L);
        assertThat(bTrail).extracting(AuditEvent::sequence).containsExactly(3L);
        assertThat(centre.verifyAuditTrail(member)).isEqualTo(AuditVerification.intact(3));
    }

    /** The fixture's store, with the chain lock and the linker's transaction under the test's control. */
    private CommunicationStore controlled(CommunicationStore target) {
        return (CommunicationStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{CommunicationStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("write") && args.length == 2) {
                        CommunicationStore.StoreWork<?> work = (CommunicationStore.StoreWork<?>) args[1];
                        return target.write((String) args[0], tx -> work.execute(busyOnce(tx)));
                    }
                    if (method.getName().equals("writeDetached") && holdNextLinker.compareAndSet(true, false)) {
                        linkerInside.countDown();
                        if (!release.await(30, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("the test never released the linker");
                        }
                    }
                    return invoke(method, target, args);
                });
    }

    private StoreTransaction busyOnce(StoreTransaction target) {
        return (StoreTransaction) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{StoreTransaction.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("tryLockAuditChain") && lockBusyOnce.compareAndSet(true, false)) {
                        return Optional.empty();
                    }
                    return invoke(method, target, args);
                });
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
