package dev.schemahealer.agent;

import dev.schemahealer.upgrades.Dialect;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The context a claimed upgrade runs with: the standard helpers unchanged (each checks the catalog
 * first, so running one again after a crash does nothing twice), and its raw statements
 * ({@link #execute}) journaled in the upgrade's ledger claim: {@code raw_started} before each,
 * {@code raw_done} after. When a heal resumes a claim left by a dead one, the raw statements the
 * journal lists as done are skipped, so none of them runs twice.
 *
 * <p>Statements an upgrade runs on {@link #connection()} itself are outside the journal: they must
 * be idempotent (the README says so).
 */
final class JournalingContext implements UpgradeContext {

    private final UpgradeContext delegate;
    private final Ledger ledger;
    private final Connection journal;
    private final String upgradeId;
    private final int alreadyDone;
    private int count;

    /**
     * @param journal     where the journal is written, in autocommit; {@code null} when the upgrade
     *                    runs in a transaction with its ledger row (nothing to journal: it commits whole)
     * @param alreadyDone raw statements a dead heal completed: skipped
     */
    JournalingContext(UpgradeContext delegate, Ledger ledger, Connection journal, String upgradeId, int alreadyDone) {
        this.delegate = delegate;
        this.ledger = ledger;
        this.journal = journal;
        this.upgradeId = upgradeId;
        this.alreadyDone = alreadyDone;
    }

    @Override
    public void execute(String sql) throws SQLException {
        int n = ++count;
        if (n <= alreadyDone) {
            return; // completed by the heal that claimed this upgrade before us
        }
        if (journal == null) {
            delegate.execute(sql);
            return;
        }
        ledger.journal(journal, delegate.dialect(), upgradeId, n, false);
        try {
            delegate.execute(sql);
        } catch (SQLException | RuntimeException e) {
            // It failed: it did not run (MySQL DDL is atomic, a failed autocommit statement changes nothing).
            ledger.journal(journal, delegate.dialect(), upgradeId, n - 1, false);
            throw e;
        }
        ledger.journal(journal, delegate.dialect(), upgradeId, n, true);
    }

    @Override
    public Connection connection() {
        return delegate.connection();
    }

    @Override
    public Dialect dialect() {
        return delegate.dialect();
    }

    @Override
    public boolean tableExists(String table) throws SQLException {
        return delegate.tableExists(table);
    }

    @Override
    public boolean columnExists(String table, String column) throws SQLException {
        return delegate.columnExists(table, column);
    }

    @Override
    public boolean indexExists(String table, String index) throws SQLException {
        return delegate.indexExists(table, index);
    }

    @Override
    public void addColumnIfMissing(String table, String column, String definition) throws SQLException {
        delegate.addColumnIfMissing(table, column, definition);
    }

    @Override
    public void createTableIfMissing(String table, String columnsAndConstraints) throws SQLException {
        delegate.createTableIfMissing(table, columnsAndConstraints);
    }

    @Override
    public void createIndexIfMissing(String table, String index, String columns) throws SQLException {
        delegate.createIndexIfMissing(table, index, columns);
    }
}
