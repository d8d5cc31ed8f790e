package dev.schemahealer.agent;

import dev.schemahealer.agent.UpgradeRunner.Sessions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * Tells whether PostgreSQL heal connections sit behind a transaction-mode pooler (PgBouncer
 * {@code pool_mode=transaction}): two client connections that ever run on the same server
 * process are sharing sessions, which a direct connection or a session-mode pooler never does.
 * Alternating autocommit statements between two connections makes an idle pooler hand them the
 * same server (PgBouncer reuses the server released last). Never blocks, never a false positive;
 * under heavy traffic it may miss a pooler, which is safe: the transactional protocol does not
 * depend on it, only online index builds and the advice in the log do.
 */
final class PoolerProbe {

    private static final int ROUNDS = 3;

    private PoolerProbe() {
    }

    static Sessions probe(Connection heal, Connection other) throws SQLException {
        Set<Integer> healPids = new HashSet<>();
        Set<Integer> otherPids = new HashSet<>();
        for (int i = 0; i < ROUNDS; i++) {
            healPids.add(pid(heal));
            int o = pid(other);
            if (healPids.contains(o)) {
                return Sessions.TRANSACTION_POOLED;
            }
            otherPids.add(o);
        }
        healPids.retainAll(otherPids);
        return healPids.isEmpty() ? Sessions.KEPT : Sessions.TRANSACTION_POOLED;
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
