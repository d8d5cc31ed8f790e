package dev.schemahealer.it;

import dev.schemahealer.upgrades.SchemaUpgrade;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Test upgrades count their own runs in {@code it_apply_log} (a table of the release-1 schema),
 * so a test can prove each one ran exactly once, across threads and JVMs.
 */
abstract class CountingUpgrade implements SchemaUpgrade {

    @Override
    public final void apply(UpgradeContext ctx) throws SQLException {
        try (PreparedStatement ps = ctx.connection().prepareStatement(
                "insert into it_apply_log (upgrade_id, pid) values (?, ?)")) {
            ps.setString(1, id());
            ps.setLong(2, ProcessHandle.current().pid());
            ps.executeUpdate();
        }
        change(ctx);
    }

    abstract void change(UpgradeContext ctx) throws SQLException;
}
