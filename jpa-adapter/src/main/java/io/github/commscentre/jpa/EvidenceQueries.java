package io.github.commscentre.jpa;

import io.github.commscentre.SignedCheckpoint;
import io.github.commscentre.spi.MerkleHashes;
import io.github.commscentre.spi.MerkleNode;
import io.github.commscentre.spi.MerkleNodeKey;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static io.github.commscentre.jpa.TransactionContext.STREAM_PAGE_SIZE;

/**
 * Proof of service on the database, in plain JDBC: the Merkle tree's stored nodes ({@code cc_audit_merkle_node}) and
 * the signed checkpoints ({@code cc_audit_checkpoint}) of one store transaction's organisation, both written by linkers
 * only and never changed (migration V7 guards them). A proof reads everything it needs in one statement by key.
 */
final class EvidenceQueries {

    private static final String CHECKPOINT_COLUMNS = "organisation_id, tree_size, root_hash, signed_at, key_fingerprint, signature";

    private static final String INSERT_NODE = "insert into cc_audit_merkle_node (organisation_id, tree_level, node_index, hash)"
            + " values (?, ?, ?, ?)";

    private static final String INSERT_CHECKPOINT = "insert into cc_audit_checkpoint (" + CHECKPOINT_COLUMNS + ")"
            + " values (?, ?, ?, ?, ?, ?)";

    private static final String LATEST_CHECKPOINT = "select " + CHECKPOINT_COLUMNS + " from cc_audit_checkpoint"
            + " where organisation_id = ? order by organisation_id, tree_size desc fetch first 1 rows only";

    private static final String FIRST_COVERING = "select " + CHECKPOINT_COLUMNS + " from cc_audit_checkpoint"
            + " where organisation_id = ? and tree_size >= ? order by organisation_id, tree_size fetch first 1 rows only";

    private static final String CHECKPOINT_PAGE = "select " + CHECKPOINT_COLUMNS + " from cc_audit_checkpoint"
            + " where organisation_id = ? and tree_size > ? order by organisation_id, tree_size fetch first ? rows only";

    private final TransactionContext context;

    EvidenceQueries(TransactionContext context) {
        this.context = context;
    }

    /**
     * One statement: the events' hashes by sequence (the unique (organisation, sequence) index) and the nodes by key,
     * one {@code union all} branch per level so that each is a look-up of the node table's primary key by its prefix
     * (organisation, level) and an {@code in} list of indexes, which both databases answer from the index.
     */
    MerkleHashes read(Collection<MerkleNodeKey> keys, Collection<Long> sequences) {
        if (keys.isEmpty() && sequences.isEmpty()) {
            return new MerkleHashes(Map.of(), Map.of());
        }
        Map<Integer, List<Long>> byLevel = new java.util.TreeMap<>();
        for (MerkleNodeKey key : keys) {
            byLevel.computeIfAbsent(key.level(), l -> new ArrayList<>()).add(key.index());
        }
        List<Long> eventSequences = List.copyOf(sequences);
        List<String> branches = new ArrayList<>();
        if (!eventSequences.isEmpty()) {
            branches.add("select 0, sequence, hash from cc_audit_event where organisation_id = ? and sequence in ("
                    + String.join(", ", Collections.nCopies(eventSequences.size(), "?")) + ")");
        }
        byLevel.forEach((level, indexes) -> branches.add("select tree_level, node_index, hash from cc_audit_merkle_node"
                + " where organisation_id = ? and tree_level = ? and node_index in ("
                + String.join(", ", Collections.nCopies(indexes.size(), "?")) + ")"));
        String sql = String.join(" union all ", branches);
        return context.guard("reading the Merkle tree", () -> context.jdbc(connection -> {
            Map<MerkleNodeKey, String> nodes = new HashMap<>();
            Map<Long, String> events = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int p = 1;
                if (!eventSequences.isEmpty()) {
                    statement.setString(p++, context.organisationId);
                    for (long sequence : eventSequences) {
                        statement.setLong(p++, sequence);
                    }
                }
                for (Map.Entry<Integer, List<Long>> level : byLevel.entrySet()) {
                    statement.setString(p++, context.organisationId);
                    statement.setInt(p++, level.getKey());
                    for (long index : level.getValue()) {
                        statement.setLong(p++, index);
                    }
                }
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        int level = rs.getInt(1);
                        if (level == 0) {
                            events.put(rs.getLong(2), rs.getString(3));
                        } else {
                            nodes.put(new MerkleNodeKey(level, rs.getLong(2)), rs.getString(3));
                        }
                    }
                }
            }
            return new MerkleHashes(nodes, events);
        }));
    }

    void insertNodes(List<MerkleNode> nodes) {
        context.guard("storing Merkle tree nodes", () -> context.jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(INSERT_NODE)) {
                int inBatch = 0;
                for (MerkleNode node : nodes) {
                    statement.setString(1, context.organisationId);
                    statement.setInt(2, node.key().level());
                    statement.setLong(3, node.key().index());
                    statement.setString(4, node.hash());
                    statement.addBatch();
                    if (++inBatch == context.batchSize) {
                        statement.executeBatch();
                        inBatch = 0;
                    }
                }
                if (inBatch > 0) {
                    statement.executeBatch();
                }
            }
            return null;
        }));
    }

    void insertCheckpoint(SignedCheckpoint checkpoint) {
        context.guard("storing a checkpoint", () -> context.jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(INSERT_CHECKPOINT)) {
                statement.setString(1, checkpoint.organisationId());
                statement.setLong(2, checkpoint.treeSize());
                statement.setString(3, checkpoint.rootHash());
                JdbcTime.setInstant(statement, 4, checkpoint.signedAt());
                statement.setString(5, checkpoint.keyFingerprint());
                statement.setString(6, checkpoint.signature());
                statement.executeUpdate();
            }
            return null;
        }));
    }

    Optional<SignedCheckpoint> latest() {
        return one("reading the latest checkpoint", LATEST_CHECKPOINT, null);
    }

    Optional<SignedCheckpoint> firstCovering(long treeSize) {
        return one("reading a checkpoint", FIRST_COVERING, treeSize);
    }

    void forEach(Consumer<SignedCheckpoint> consumer) {
        context.requireSnapshot();
        long after = -1;
        while (true) {
            long from = after;
            List<SignedCheckpoint> page = context.guard("reading checkpoints", () -> context.jdbc(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(CHECKPOINT_PAGE)) {
                    statement.setString(1, context.organisationId);
                    statement.setLong(2, from);
                    statement.setInt(3, STREAM_PAGE_SIZE);
                    return rows(statement);
                }
            }));
            page.forEach(consumer);
            if (page.size() < STREAM_PAGE_SIZE) {
                return;
            }
            after = page.get(page.size() - 1).treeSize();
        }
    }

    private Optional<SignedCheckpoint> one(String action, String sql, Long treeSize) {
        List<SignedCheckpoint> found = context.guard(action, () -> context.jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, context.organisationId);
                if (treeSize != null) {
                    statement.setLong(2, treeSize);
                }
                return rows(statement);
            }
        }));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private static List<SignedCheckpoint> rows(PreparedStatement statement) throws SQLException {
        List<SignedCheckpoint> rows = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rows.add(new SignedCheckpoint(rs.getString(1), rs.getLong(2), rs.getString(3), JdbcTime.instant(rs, 4),
                        rs.getString(5), rs.getString(6)));
            }
        }
        return rows;
    }

    /** Only the personal data; the guard of V7 lets it through once the erasure event is stored. */
    boolean erasePersonalData(java.util.UUID recipientId) {
        return context.guard("erasing personal data", () -> context.jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("update cc_recipient set recipient_name = null,"
                    + " recipient_email = null, address_lines = null, address_town = null, address_postcode = null,"
                    + " address_country = null where organisation_id = ? and id = ?")) {
                statement.setString(1, context.organisationId);
                statement.setObject(2, recipientId);
                return statement.executeUpdate() == 1;
            }
        }));
    }
}
