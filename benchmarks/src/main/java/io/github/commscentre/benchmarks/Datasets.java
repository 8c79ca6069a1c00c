package io.github.commscentre.benchmarks;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.CommunicationStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The large datasets, loaded once with raw JDBC (COPY on PostgreSQL) and reused by every fork and every later run
 * while their signature in {@code cc_bench_dataset} matches. Rows the benchmarks write as they run belong to
 * organisations named {@code tmp-...}, which {@link #purgeTransient} removes at the start of each run.
 */
final class Datasets {

    /** The one big organisation of the listing scenario. */
    static final String LIST_ORG = "bench-list" + Sizes.SUFFIX;
    /** The organisation whose audit chain verifyAuditTrail checks. */
    static final String AUDIT_ORG = "bench-audit" + Sizes.SUFFIX;
    /** The organisation of the communication with many recipients that getById counts. */
    static final String STATS_ORG = "bench-stats" + Sizes.SUFFIX;
    /** The communication getById reads. */
    static final UUID STATS_COMMUNICATION = Ids.uuid7(Rows.BASE_MICROS / 1_000L, 7_777_777L);
    /** Other communications of the stats organisation, so that its recipients are not all one communication's. */
    static final int STATS_OTHER_COMMUNICATIONS = 5;

    /** Prefix of organisations whose rows are thrown away at the start of each run. */
    static final String TRANSIENT_PREFIX = "tmp-";

    private static final int CHUNK = 5_000;

    enum Dataset { LIST, AUDIT, STATS }

    private Datasets() {
    }

    static String otherOrganisation(int k) {
        return "bench-other-" + k + Sizes.SUFFIX;
    }

    /** @return a fresh organisation id for rows that live only during this run */
    static String transientOrganisation(String what) {
        return TRANSIENT_PREFIX + what + "-" + UUID.randomUUID();
    }

    static String signature(Dataset dataset) {
        return switch (dataset) {
            case LIST -> "list v1 rows=" + Sizes.LIST_ROWS + " blocks=" + Sizes.BLOCKS + " others="
                    + Sizes.OTHER_ORGANISATIONS + "x" + Sizes.OTHER_ORGANISATION_ROWS;
            case AUDIT -> "audit v1 events=" + Sizes.AUDIT_EVENTS + " sent=" + Sizes.AUDIT_SENT_COMMUNICATIONS + "x"
                    + Sizes.AUDIT_SENT_RECIPIENTS;
            case STATS -> "stats v1 recipients=" + Sizes.STATS_RECIPIENTS + " others=" + STATS_OTHER_COMMUNICATIONS;
        };
    }

    private static String markerName(Dataset dataset) {
        return dataset.name().toLowerCase(java.util.Locale.ROOT) + Sizes.SUFFIX;
    }

    private static List<String> organisations(Dataset dataset) {
        return switch (dataset) {
            case LIST -> {
                List<String> orgs = new ArrayList<>();
                orgs.add(LIST_ORG);
                for (int k = 1; k <= Sizes.OTHER_ORGANISATIONS; k++) {
                    orgs.add(otherOrganisation(k));
                }
                yield orgs;
            }
            case AUDIT -> List.of(AUDIT_ORG);
            case STATS -> List.of(STATS_ORG);
        };
    }

    /** Loads the dataset unless the database already holds it, complete and of this signature. */
    static void ensure(BenchDatabase db, Dataset dataset) {
        try {
            createMarkerTable(db);
            if (signature(dataset).equals(storedSignature(db, dataset))) {
                return;
            }
            long started = System.nanoTime();
            log("loading dataset " + dataset + " (" + signature(dataset) + ") into " + db + " ...");
            setMarker(db, dataset, null);
            purge(db, organisations(dataset), false);
            switch (dataset) {
                case LIST -> loadList(db);
                case AUDIT -> loadAudit(db);
                case STATS -> loadStats(db);
            }
            analyze(db);
            setMarker(db, dataset, signature(dataset));
            log(String.format("loaded dataset %s into %s in %.1f s", dataset, db, (System.nanoTime() - started) / 1e9));
        } catch (SQLException e) {
            throw new IllegalStateException("could not load dataset " + dataset + " into " + db, e);
        }
    }

    /** Throws away every row of the organisations named {@code tmp-...}: what earlier runs wrote while measuring. */
    static void purgeTransient(BenchDatabase db) {
        try {
            purge(db, null, true);
            vacuum(db);
        } catch (SQLException e) {
            throw new IllegalStateException("could not remove the rows of earlier runs from " + db, e);
        }
    }

    private static void loadList(BenchDatabase db) throws SQLException {
        insertCommunications(db, LIST_ORG, Sizes.LIST_ROWS);
        for (int k = 1; k <= Sizes.OTHER_ORGANISATIONS; k++) {
            insertCommunications(db, otherOrganisation(k), Sizes.OTHER_ORGANISATION_ROWS);
        }
    }

    private static void insertCommunications(BenchDatabase db, String org, int count) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            List<Communication> chunk = new ArrayList<>(CHUNK);
            for (int i = 0; i < count; i++) {
                chunk.add(Rows.listCommunication(org, i));
                if (chunk.size() == CHUNK || i == count - 1) {
                    Sql.insertCommunications(c, db.kind, chunk);
                    chunk.clear();
                    c.commit();
                    if ((i + 1) % 200_000 == 0) {
                        log("  " + (i + 1) + " communications of " + org);
                    }
                }
            }
        }
    }

    private static void loadStats(BenchDatabase db) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            for (int k = 0; k <= STATS_OTHER_COMMUNICATIONS; k++) {
                UUID id = k == 0 ? STATS_COMMUNICATION : Ids.uuid7(Rows.BASE_MICROS / 1_000L, 7_777_777L + k);
                int recipients = k == 0 ? Sizes.STATS_RECIPIENTS : Sizes.STATS_RECIPIENTS / 5;
                Sql.insertCommunications(c, db.kind, List.of(Rows.draft(STATS_ORG, id, "Stats " + k)));
                List<Recipient> chunk = new ArrayList<>(CHUNK);
                for (int p = 1; p <= recipients; p++) {
                    chunk.add(Rows.recipient(STATS_ORG, id, k, p));
                    if (chunk.size() == CHUNK || p == recipients) {
                        Sql.insertRecipients(c, db.kind, chunk);
                        chunk.clear();
                    }
                }
                c.commit();
            }
        }
    }

    private static void loadAudit(BenchDatabase db) throws SQLException {
        int raw = Sizes.AUDIT_EVENTS - 3 * Sizes.AUDIT_SENT_COMMUNICATIONS;
        Rows.AuditChainGenerator chain = new Rows.AuditChainGenerator(AUDIT_ORG);
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            List<AuditEvent> chunk = new ArrayList<>(CHUNK);
            for (int i = 1; i <= raw; i++) {
                chunk.add(chain.next());
                if (chunk.size() == CHUNK || i == raw) {
                    Sql.insertAuditEvents(c, db.kind, chunk);
                    chunk.clear();
                    c.commit();
                    if (i % 200_000 == 0) {
                        log("  " + i + " audit events");
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into cc_audit_chain_head (organisation_id, last_sequence, last_hash) values (?, ?, ?)")) {
                ps.setString(1, AUDIT_ORG);
                ps.setLong(2, chain.lastSequence());
                ps.setString(3, chain.lastHash());
                ps.executeUpdate();
            }
            c.commit();
        }
        // The rest goes through the facade: sent communications whose digests verification must recompute, and
        // proof that the library continues a chain loaded by hand.
        CommunicationCentre centre = Facades.centre(db.store());
        finishAuditDataset(centre);
    }

    /** Appends the last events of the audit dataset through the facade and checks the whole chain once. */
    static void finishAuditDataset(CommunicationCentre centre) {
        Caller admin = Caller.admin(AUDIT_ORG, "user-1");
        List<String> units = BenchDirectory.unitIds(Sizes.AUDIT_SENT_RECIPIENTS);
        for (int k = 0; k < Sizes.AUDIT_SENT_COMMUNICATIONS; k++) {
            Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.AGM_NOTICE, "AGM " + k)
                    .bodyHtml(Rows.BODY).build());
            centre.addRecipients(admin, c.id(), units);
            centre.markSent(admin, c.id());
        }
        AuditVerification verification = centre.verifyAuditTrail(Caller.member(AUDIT_ORG, "user-2"));
        if (!verification.intact() || verification.eventsChecked() != Sizes.AUDIT_EVENTS) {
            throw new IllegalStateException("the audit dataset does not verify: " + verification);
        }
    }

    /** Loads the audit chain into a store through the SPI, then finishes it through the facade. */
    static void loadAudit(CommunicationStore store, CommunicationCentre centre) {
        int raw = Sizes.AUDIT_EVENTS - 3 * Sizes.AUDIT_SENT_COMMUNICATIONS;
        Rows.AuditChainGenerator chain = new Rows.AuditChainGenerator(AUDIT_ORG);
        int done = 0;
        while (done < raw) {
            int size = Math.min(CHUNK * 2, raw - done);
            List<AuditEvent> chunk = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                chunk.add(chain.next());
            }
            store.write(AUDIT_ORG, tx -> {
                tx.tryLockAuditChain().orElseThrow();
                tx.appendAuditEvents(chunk);
                return null;
            });
            done += size;
        }
        finishAuditDataset(centre);
    }

    /** Loads the listing organisation into a store through the SPI. */
    static void loadList(CommunicationStore store) {
        for (int from = 0; from < Sizes.LIST_ROWS; from += CHUNK * 2) {
            int start = from;
            int end = Math.min(Sizes.LIST_ROWS, from + CHUNK * 2);
            store.write(LIST_ORG, tx -> {
                for (int i = start; i < end; i++) {
                    tx.insertCommunication(Rows.listCommunication(LIST_ORG, i));
                }
                return null;
            });
        }
    }

    /** Loads the stats communication and its recipients into a store through the SPI. */
    static void loadStats(CommunicationStore store) {
        store.write(STATS_ORG, tx -> {
            tx.insertCommunication(Rows.draft(STATS_ORG, STATS_COMMUNICATION, "Stats 0"));
            List<Recipient> recipients = new ArrayList<>(Sizes.STATS_RECIPIENTS);
            for (int p = 1; p <= Sizes.STATS_RECIPIENTS; p++) {
                recipients.add(Rows.recipient(STATS_ORG, STATS_COMMUNICATION, 0, p));
            }
            tx.insertRecipients(recipients);
            return null;
        });
    }

    // ---- housekeeping ------------------------------------------------------------------------------

    private static void createMarkerTable(BenchDatabase db) throws SQLException {
        db.execute("create table if not exists cc_bench_dataset (name varchar(100) primary key, signature varchar(300))");
    }

    private static String storedSignature(BenchDatabase db, Dataset dataset) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("select signature from cc_bench_dataset where name = ?")) {
            ps.setString(1, markerName(dataset));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void setMarker(BenchDatabase db, Dataset dataset, String signature) throws SQLException {
        try (Connection c = db.connection()) {
            try (PreparedStatement ps = c.prepareStatement("delete from cc_bench_dataset where name = ?")) {
                ps.setString(1, markerName(dataset));
                ps.executeUpdate();
            }
            if (signature != null) {
                try (PreparedStatement ps = c.prepareStatement("insert into cc_bench_dataset (name, signature) values (?, ?)")) {
                    ps.setString(1, markerName(dataset));
                    ps.setString(2, signature);
                    ps.executeUpdate();
                }
            }
        }
    }

    /**
     * Deletes every row of the given organisations, or of all transient ones. The schema's guards refuse to delete
     * audit events and sent (or sending) communications and their recipients, as they should; this housekeeping of the
     * benchmarks' own schema switches them off: on PostgreSQL for its one transaction ({@code session_replication_role =
     * replica}, which also skips the cascade, hence the explicit order), on H2 for the session, as its admin, until it
     * switches them on again before the connection goes back to the pool.
     */
    private static void purge(BenchDatabase db, List<String> organisations, boolean transientOnes) throws SQLException {
        String where = transientOnes ? "organisation_id like '" + TRANSIENT_PREFIX + "%'" : "organisation_id = ?";
        List<String> targets = transientOnes ? List.of("") : organisations;
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(db.kind == BenchDatabase.Kind.POSTGRESQL ? "set local session_replication_role = replica"
                        : "set @cc_guards = 'off'");
            }
            long deleted = 0;
            for (String table : List.of("cc_recipient", "cc_communication", "cc_audit_event", "cc_audit_chain_head")) {
                for (String org : targets) {
                    try (PreparedStatement ps = c.prepareStatement("delete from " + table + " where " + where)) {
                        if (!transientOnes) {
                            ps.setString(1, org);
                        }
                        deleted += ps.executeUpdate();
                    }
                }
                c.commit();
                if (db.kind == BenchDatabase.Kind.POSTGRESQL) {
                    try (Statement s = c.createStatement()) {
                        s.execute("set local session_replication_role = replica");
                    }
                }
            }
            c.commit();
            if (db.kind == BenchDatabase.Kind.H2) {
                try (Statement s = c.createStatement()) {
                    s.execute("set @cc_guards = null");
                }
            }
            if (deleted > 0) {
                log("removed " + deleted + " rows of " + (transientOnes ? "earlier runs" : organisations) + " from " + db);
            }
        }
        if (transientOnes) {
            analyze(db);
        }
    }

    private static void analyze(BenchDatabase db) throws SQLException {
        // On PostgreSQL only the benchmark schema's tables (the search path is cc_bench), not the whole database.
        db.execute(db.kind == BenchDatabase.Kind.POSTGRESQL
                ? "analyze cc_communication, cc_recipient, cc_audit_event, cc_audit_chain_head" : "analyze");
    }

    /**
     * Vacuums and analyses the benchmark schema's tables on PostgreSQL, outside any measurement: the PostgreSQL of this
     * machine runs with {@code autovacuum = off}, so the dead rows of earlier runs and iterations (6.6 million in
     * {@code cc_recipient} once) stayed, and every contender scanned past them, later iterations more than earlier
     * ones. A production database vacuums automatically. Then a checkpoint: PostgreSQL starts one by itself after
     * about half a gigabyte of WAL, which the benchmarks write every 20 to 60 seconds, and one that began in the middle
     * of a contender's fork slowed that contender alone (the raw baseline of the webhook batch measured 48 ms in one
     * run and 120 ms in the next). After this one, a fork of these benchmarks writes too little WAL to start another.
     */
    static void vacuum(BenchDatabase db) throws SQLException {
        if (db.kind != BenchDatabase.Kind.POSTGRESQL) {
            return;
        }
        try (java.sql.Connection c = db.connection(); java.sql.Statement s = c.createStatement()) {
            c.setAutoCommit(true); // VACUUM cannot run inside a transaction block
            s.execute("vacuum (analyze) cc_communication, cc_recipient, cc_audit_event, cc_audit_chain_head, cc_provider_event");
            s.execute("checkpoint");
        }
    }

    static void log(String message) {
        System.err.println("[bench] " + message);
        System.err.flush();
    }
}
