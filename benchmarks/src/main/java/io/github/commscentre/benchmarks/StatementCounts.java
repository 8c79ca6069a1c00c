package io.github.commscentre.benchmarks;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Counts the JDBC executions and the commits or rollbacks behind one call of each scenario, library against
 * baseline: the cheapest profile there is, and the one that explains most ratios on a database a network hop away.
 */
public final class StatementCounts {

    private StatementCounts() {
    }

    /** @return a markdown table of the counts on this database */
    static String table(BenchDatabase db) throws Exception {
        CommunicationCentre centre = Facades.centre(db.store());
        StringBuilder out = new StringBuilder();
        out.append("| call on ").append(db).append(" | JDBC executions | commits + rollbacks |\n|---|---|---|\n");

        Caller admin = Caller.admin(Datasets.transientOrganisation("counts"), "user-1");
        centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Opening the chain").build());
        List<String> units = BenchDirectory.unitIds(Sizes.ADD_UNITS);
        Communication target = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Counts").build());
        count(out, db, "addRecipients of " + Report.count(Sizes.ADD_UNITS) + " (library)",
                () -> centre.addRecipients(admin, target.id(), units));
        Communication other = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Counts").build());
        count(out, db, "the same rows by raw JDBC batch (500 rows per executeBatch)", () -> {
            try (Connection c = db.connection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement(Sql.INSERT_RECIPIENT)) {
                    int n = 0;
                    for (String unit : units) {
                        n++;
                        Sql.bindRecipient(ps, new Recipient(Ids.next(), admin.organisationId(), other.id(), unit, n, "x", null,
                                DeliveryStatus.PENDING, null, null, null, java.time.Instant.EPOCH, java.time.Instant.EPOCH, "u"));
                        ps.addBatch();
                        if (n % 500 == 0) {
                            ps.executeBatch();
                        }
                    }
                    ps.executeBatch();
                }
                c.commit();
            }
            return null;
        });

        List<Recipient> recipients = centre.listRecipients(admin, target.id(), RecipientFilter.all(), PageRequest.first(2)).items();
        count(out, db, "updateRecipientStatus (library)",
                () -> centre.updateRecipientStatus(admin, recipients.get(0).id(), DeliveryStatus.DELIVERED));

        Caller lister = Caller.member(Datasets.LIST_ORG, "user-2");
        count(out, db, "list, one page (library)", () -> centre.list(lister, ListBenchmark.FILTER, PageRequest.first(Sizes.PAGE_SIZE)));
        count(out, db, "getById (library)", () -> centre.getById(Caller.member(Datasets.STATS_ORG, "user-2"), Datasets.STATS_COMMUNICATION));
        count(out, db, "verifyAuditTrail of " + Report.count(Sizes.AUDIT_EVENTS) + " events (library)",
                () -> centre.verifyAuditTrail(Caller.member(Datasets.AUDIT_ORG, "user-2")));
        CommunicationCentre dispatching = Facades.dispatchingCentre(db.store());
        java.util.UUID toDispatch = DispatchBenchmark.prepare(dispatching, admin, Sizes.DISPATCH_RECIPIENTS);
        count(out, db, "dispatchDue, one communication of " + Report.count(Sizes.DISPATCH_RECIPIENTS) + " recipients (library)",
                () -> dispatching.dispatchDue(admin.organisationId()));
        DispatchBenchmark.check(db, admin.organisationId(), toDispatch, Sizes.DISPATCH_RECIPIENTS);
        java.util.UUID rawDispatch = DispatchBenchmark.prepare(dispatching, admin, Sizes.DISPATCH_RECIPIENTS);
        count(out, db, "the same by raw JDBC (claims of " + Sizes.DISPATCH_BATCH + ", an outcome batch and an audit row each)",
                () -> DispatchBenchmark.rawDispatch(db, admin.organisationId(), rawDispatch));
        DispatchBenchmark.check(db, admin.organisationId(), rawDispatch, Sizes.DISPATCH_RECIPIENTS);
        count(out, db, "a hand-written query (any baseline read)", () -> {
            try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("select 1");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
            return null;
        });
        return out.toString();
    }

    private static void count(StringBuilder out, BenchDatabase db, String what, Callable<?> call) throws Exception {
        db.pool.executions.reset();
        db.pool.transactionEnds.reset();
        db.pool.counting = true;
        try {
            call.call();
        } finally {
            db.pool.counting = false;
        }
        out.append(String.format(Locale.ROOT, "| %s | %d | %d |%n", what, db.pool.executions.sum(), db.pool.transactionEnds.sum()));
    }

    /** Prints the counts of each database given. @param args {@code h2}, {@code postgresql} */
    public static void main(String[] args) throws Exception {
        List<String> tables = new ArrayList<>();
        for (String name : args) {
            try (BenchDatabase db = BenchDatabase.open(name)) {
                tables.add(table(db));
            }
        }
        tables.forEach(System.out::println);
    }
}
