package io.github.commscentre.benchmarks;

import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.EvidencePack;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.SignedCheckpoint;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proof of service over the audit dataset's chain of 1,000,000 events: an evidence pack of one of its last
 * communications (three events, each with its inclusion proof, a checkpoint, a consistency proof), beside the one
 * statement that reads one inclusion proof's stored hashes (goal: under 50 ms on PostgreSQL, about 20 hashes); and
 * linking's cost with a checkpoint key (the tree grows, checkpoints are signed) beside the same writes without one
 * (goal: at most 10% more). The setup times building the tree over the 1,000,000 events that were linked before the
 * key was given, once, and prints the proof's size.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ProofOfServiceBenchmark {

    /** The database. */
    @Param({"h2", "postgresql"})
    public String db;

    private BenchDatabase database;
    private CommunicationCentre keyed;
    private CommunicationCentre plain;
    private Caller member;
    private UUID lastSent;
    private Caller keyedWriter;
    private Caller plainWriter;
    private long treeSize;
    private long leaf;

    /** A key derived from a fixed seed, so that the checkpoints stored by earlier runs verify with it too. */
    static KeyPair benchKey() {
        try {
            SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
            seeded.setSeed("communication-centre benchmarks".getBytes(StandardCharsets.UTF_8));
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(255, seeded);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads the chain if needed, builds its tree with the first checkpoint, and picks the communication. */
    @Setup(Level.Trial)
    public void open() {
        database = BenchDatabase.open(db);
        Datasets.ensure(database, Datasets.Dataset.AUDIT);
        keyed = CommunicationCentre.builder().store(database.store()).directory(new BenchDirectory())
                .checkpointKey(benchKey()).build();
        plain = Facades.centre(database.store());
        member = Caller.member(Datasets.AUDIT_ORG, "user-2");
        long start = System.nanoTime();
        SignedCheckpoint checkpoint = keyed.checkpoint(member);
        Datasets.log("  proof of service: first checkpoint of " + checkpoint.treeSize() + " events (the tree built if it"
                + " was not) in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
        treeSize = checkpoint.treeSize();
        lastSent = keyed.list(member, CommunicationFilter.all(), PageRequest.first(1)).items().get(0).id();
        EvidencePack pack = keyed.evidencePack(member, lastSent);
        Matcher proof = Pattern.compile("\"inclusionProof\":\\[([^\\]]*)]").matcher(pack.jsonText());
        proof.find();
        Matcher sequence = Pattern.compile("\"sequence\":(\\d+)").matcher(pack.jsonText());
        sequence.find();
        leaf = Long.parseLong(sequence.group(1)) - 1;
        Datasets.log("  proof of service: inclusion proof of event " + (leaf + 1) + " in " + treeSize + " events: "
                + proof.group(1).split(",").length + " hashes; pack of " + pack.json().length + " bytes");
        keyedWriter = Caller.admin("bench-link-keyed-" + UUID.randomUUID(), "user-1");
        plainWriter = Caller.admin("bench-link-plain-" + UUID.randomUUID(), "user-1");
    }

    /** Closes the database; the organisations of the linking benchmarks are purged by the next run's housekeeping. */
    @TearDown(Level.Trial)
    public void close() {
        database.close();
    }

    /** @return the evidence pack of a communication at the end of a 1,000,000-event chain */
    @Benchmark
    public EvidencePack evidencePack() {
        return keyed.evidencePack(member, lastSent);
    }

    /** @return the hashes one inclusion proof needs, read by key in the store's one statement, by hand */
    @Benchmark
    public int rawProofRead() throws SQLException {
        List<Long> sequences = new ArrayList<>();
        List<long[]> nodes = new ArrayList<>();
        plan(leaf, 0, treeSize, sequences, nodes);
        java.util.Map<Long, List<Long>> byLevel = new java.util.TreeMap<>();
        nodes.forEach(n -> byLevel.computeIfAbsent(n[0], l -> new ArrayList<>()).add(n[1]));
        StringBuilder sql = new StringBuilder("select 0, sequence, hash from cc_audit_event where organisation_id = ?"
                + " and sequence in (" + String.join(", ", Collections.nCopies(sequences.size(), "?")) + ")");
        byLevel.forEach((level, indexes) -> sql.append(" union all select tree_level, node_index, hash from"
                + " cc_audit_merkle_node where organisation_id = ? and tree_level = ? and node_index in (")
                .append(String.join(", ", Collections.nCopies(indexes.size(), "?"))).append(')'));
        int rows = 0;
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            ps.setString(p++, Datasets.AUDIT_ORG);
            for (long s : sequences) {
                ps.setLong(p++, s);
            }
            for (java.util.Map.Entry<Long, List<Long>> level : byLevel.entrySet()) {
                ps.setString(p++, Datasets.AUDIT_ORG);
                ps.setInt(p++, level.getKey().intValue());
                for (long index : level.getValue()) {
                    ps.setLong(p++, index);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows++;
                }
            }
        }
        if (rows != sequences.size() + nodes.size()) {
            throw new IllegalStateException("the proof read " + rows + " of " + (sequences.size() + nodes.size()) + " rows");
        }
        return rows;
    }

    /** @return a communication created, its event linked at once, the tree grown and checkpoints signed */
    @Benchmark
    public UUID createWithCheckpointKey() {
        return keyed.create(keyedWriter, NewCommunication.builder(CommunicationType.CIRCULAR, "Bins").build()).id();
    }

    /** @return the same, by a facade without a key: no tree, no checkpoints */
    @Benchmark
    public UUID createWithoutKey() {
        return plain.create(plainWriter, NewCommunication.builder(CommunicationType.CIRCULAR, "Bins").build()).id();
    }

    /**
     * The stored hashes an inclusion proof of {@code m} in {@code [lo, hi)} needs (RFC 6962's PATH): each sibling range
     * split into perfect subtrees, those of 16 leaves or more as nodes, smaller ones as the events' own hashes.
     */
    private static void plan(long m, long lo, long hi, List<Long> sequences, List<long[]> nodes) {
        if (hi - lo == 1) {
            return;
        }
        long k = Long.highestOneBit(hi - lo - 1);
        if (m < lo + k) {
            plan(m, lo, lo + k, sequences, nodes);
            split(lo + k, hi, sequences, nodes);
        } else {
            plan(m, lo + k, hi, sequences, nodes);
            split(lo, lo + k, sequences, nodes);
        }
    }

    private static void split(long start, long end, List<Long> sequences, List<long[]> nodes) {
        while (start < end) {
            long size = Long.highestOneBit(end - start);
            int level = Long.numberOfTrailingZeros(size);
            if (level >= 4) {
                nodes.add(new long[] {level, start >> level});
            } else {
                for (long s = start; s < start + size; s++) {
                    sequences.add(s + 1);
                }
            }
            start += size;
        }
    }
}
