package dev.schemahealer.testkit;

import dev.schemahealer.upgrades.SchemaUpgrade;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/** The failure messages of {@link HealingDatabase#assertHeals}: what happened, and what to check. */
final class Messages {

    static final String SERVICES = "META-INF/services/" + SchemaUpgrade.class.getName();

    private Messages() {
    }

    static String didNotHeal(Throwable failure, Set<String> applied, Set<String> expected, List<SchemaUpgrade> registered) {
        StringBuilder m = new StringBuilder("the code did not heal: it failed with ").append(describe(failure));
        if (applied.isEmpty()) {
            m.append("\nno upgrade was applied. If this is a schema miss, no registered upgrade declares the missing"
                    + " object in heals() (or none is pending): write one and list it in ").append(SERVICES)
                    .append(". Registered: ").append(registered.stream().map(SchemaUpgrade::id).toList());
        } else {
            m.append("\nupgrades applied meanwhile: ").append(applied)
                    .append(". Inside a transaction the first attempt gets the original error by design and the heal"
                            + " completes at rollback: let the code retry, as the application does. In autocommit,"
                            + " the upgrades do not create what the statement needs.");
        }
        if (!expected.isEmpty()) {
            m.append("\nexpected to heal with: ").append(expected);
        }
        return m.toString();
    }

    static String wrongUpgrades(Set<String> applied, Set<String> expected, Set<String> appliedBefore) {
        StringBuilder m = new StringBuilder("the code healed with upgrades ").append(applied)
                .append(", expected exactly ").append(expected);
        if (!appliedBefore.isEmpty()) {
            m.append(" (already applied before the code ran: ").append(appliedBefore).append(")");
        }
        return m.toString();
    }

    /** The exception, and for a database error its SQLState and vendor code. */
    static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException e) {
                return e.getClass().getSimpleName() + " [SQLState " + e.getSQLState() + ", code " + e.getErrorCode() + "] "
                        + e.getMessage();
            }
        }
        return t.toString();
    }
}
