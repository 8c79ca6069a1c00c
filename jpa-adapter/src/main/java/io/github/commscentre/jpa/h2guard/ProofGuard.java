package io.github.commscentre.jpa.h2guard;

import java.sql.Connection;

/**
 * {@code cc_audit_merkle_node} and {@code cc_audit_checkpoint}, before update or delete, since migration V7: the nodes
 * of the Merkle tree and the signed checkpoints never change once written.
 */
public final class ProofGuard extends GuardTrigger {

    /** For H2, which creates triggers by class name. */
    public ProofGuard() {
    }

    @Override
    String refusal(Connection conn, Object[] oldRow, Object[] newRow) {
        return (newRow == null ? "DELETE" : "UPDATE") + " refused: Merkle tree nodes and signed checkpoints never change";
    }
}
