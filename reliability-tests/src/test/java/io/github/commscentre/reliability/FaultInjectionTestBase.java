package io.github.commscentre.reliability;

import io.github.commscentre.AddRecipientsResult;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.jpa.JpaCommunicationStore;
import io.github.commscentre.reliability.support.Databases.Database;
import io.github.commscentre.reliability.support.FaultInjectingDataSource;
import io.github.commscentre.reliability.support.FaultInjectingDataSource.Fault;
import io.github.commscentre.reliability.support.ReadBack;
import io.github.commscentre.reliability.support.ReusingDataSource;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database fails in the middle of addRecipients, markSent and delete: at every single round trip those calls
 * make (each statement, each JDBC batch of recipients, the commit), once as a failing statement and once as a
 * dropped connection. Each time the call must fail with {@code UNAVAILABLE}, the organisation must read back
 * exactly as before (audit trail included), and the same call must then succeed.
 */
abstract class FaultInjectionTestBase {

    /** More than one JDBC batch of recipients (the adapter batches 500), so a fault can land between batches. */
    private static final int UNITS = 700;

    /** @return a fresh, migrated database; PostgreSQL subclasses skip when it is not configured */
    abstract Database database();

    private Database db;
    private JpaCommunicationStore store;
    private ReusingDataSource pool;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
            pool.closeIdle();
        }
        if (db != null) {
            db.close();
        }
    }

    enum Call {
        ADD_RECIPIENTS, MARK_SENT, DELETE
    }

    /** A fresh organisation in which the call under test would succeed. */
    private record Prepared(String org, Caller admin, Communication target, List<String> units, List<UUID> ids) {
    }

    private InMemoryPropertyDirectory directory;
    private CommunicationCentre centre;

    private Prepared prepare(Call call) {
        String org = "org-fault-" + UUID.randomUUID();
        Caller admin = Caller.admin(org, "admin");
        List<String> units = new ArrayList<>();
        for (int i = 0; i < UNITS; i++) {
            units.add("unit-" + i);
            directory.addUnit(org, "block", "unit-" + i, "Leaseholder " + i, i % 5 == 0 ? null : "l" + i + "@example.com");
        }
        Communication other = centre.create(admin, NewCommunication.builder(CommunicationType.CIRCULAR, "bystander").build());
        centre.addRecipients(admin, other.id(), units.subList(0, 3));
        centre.markSent(admin, other.id());
        Communication target = centre.create(admin, NewCommunication.builder(CommunicationType.DEMAND_LETTER, "target").blockId("block").build());
        if (call == Call.ADD_RECIPIENTS) {
            centre.addRecipients(admin, target.id(), units.subList(0, 2));
        } else {
            centre.addRecipients(admin, target.id(), units.subList(0, call == Call.DELETE ? 120 : 5));
        }
        return new Prepared(org, admin, target, units, List.of(other.id(), target.id()));
    }

    private Object run(Call call, Prepared p) {
        switch (call) {
            case ADD_RECIPIENTS:
                return centre.addRecipients(p.admin(), p.target().id(), p.units());
            case MARK_SENT:
                return centre.markSent(p.admin(), p.target().id());
            default:
                centre.delete(p.admin(), p.target().id());
                return "deleted";
        }
    }

    private void assertSucceeded(Call call, Prepared p, Object result) {
        Caller reader = Caller.member(p.org(), "checker");
        assertThat(centre.verifyAuditTrail(reader).intact()).isTrue();
        switch (call) {
            case ADD_RECIPIENTS -> {
                assertThat(result).isEqualTo(new AddRecipientsResult(UNITS - 2, 2, 0));
                assertThat(centre.getById(reader, p.target().id()).recipientCount()).isEqualTo(UNITS);
            }
            case MARK_SENT -> assertThat(centre.getById(reader, p.target().id()).communication().status())
                    .isEqualTo(CommunicationStatus.SENT);
            default -> assertThat(centre.auditTrail(reader, p.target().id())).last()
                    .satisfies(e -> assertThat(e.type()).isEqualTo(io.github.commscentre.AuditEventType.DELETED));
        }
    }

    @Test
    void aDatabaseFaultAtAnyRoundTripStoresNothingAndTheNextCallWorks() {
        db = database();
        FaultInjectingDataSource faulty = new FaultInjectingDataSource(db.dataSource());
        pool = new ReusingDataSource(faulty);
        store = JpaCommunicationStore.standalone(pool);
        directory = new InMemoryPropertyDirectory();
        centre = CommunicationCentre.builder().store(store).directory(directory).clock(Clock.systemUTC()).build();

        Map<Call, Integer> roundTrips = new EnumMap<>(Call.class);
        int attempts = 0;
        for (Call call : Call.values()) {
            Prepared dryRun = prepare(call);
            faulty.count();
            Object dryResult = run(call, dryRun);
            int n = faulty.roundTrips();
            assertSucceeded(call, dryRun, dryResult);
            assertThat(n).as("round trips of %s", call).isGreaterThanOrEqualTo(3);
            roundTrips.put(call, n);
            for (Fault fault : Fault.values()) {
                for (int at = 1; at <= n; at++) {
                    Prepared p = prepare(call);
                    ReadBack before = ReadBack.of(centre, p.org(), p.ids());
                    int injectedBefore = faulty.injected();
                    faulty.arm(at, fault);
                    CommunicationCentreException failure = null;
                    Object result = null;
                    try {
                        result = run(call, p);
                    } catch (CommunicationCentreException e) {
                        failure = e;
                    } finally {
                        faulty.disarm();
                    }
                    String where = call + " with " + fault + " at round trip " + at + " of " + n + " on " + db.kind();
                    assertThat(faulty.injected()).as("fault injected: %s", where).isEqualTo(injectedBefore + 1);
                    assertThat(failure).as("%s returned %s", where, result).isNotNull();
                    assertThat(failure.code()).as("%s: %s", where, failure).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(failure.getCause()).as(where).isNotNull();
                    assertThat(ReadBack.of(centre, p.org(), p.ids())).as("nothing of %s stored", where).isEqualTo(before);
                    assertSucceeded(call, p, run(call, p));
                    attempts++;
                }
            }
        }
        System.out.println("RELIABILITY faults on " + db.kind() + ": " + faulty.injected() + " faults injected (every round trip of "
                + roundTrips + ", each as a failing statement and as a dropped connection), " + attempts
                + " calls answered UNAVAILABLE with nothing stored, and the next call worked every time; 0 lost");
        assertThat(faulty.injected()).isEqualTo(attempts);
    }
}
