package dev.schemahealer.it;

import dev.schemahealer.testing.Engine;

/**
 * The agent suite through MariaDB Connector/J ({@code jdbc:mariadb:}): what depends on the driver
 * (its classes woven at start and at attach, its errors, its options, its transactions in
 * {@link MariadbTransactionsIT}). The tests overridden below without {@code @Test} do not run here:
 * they exercise the protocol, the options or the command line, the same whichever driver, and run
 * in {@link MysqlAgentIT} against the same server.
 */
class MariadbAgentIT extends AgentEndToEndSuite {
    @Override
    Engine engine() {
        return Engine.MYSQL;
    }

    @Override
    String appUrl() {
        return mariadbUrl(db.url());
    }

    @Override
    void twoJvmsAtOnceStillApplyEachUpgradeOnce() {
    }

    @Override
    void aBrokenUpgradeIsAttemptedOncePerBackoffWindowNotPerStatement() {
    }

    @Override
    void anApplicationWithItsOwnByteBuddyKeepsWorkingAndSoDoesTheAgent() {
    }

    @Override
    void statusListsAppliedAndPendingUpgrades() {
    }

    @Override
    void aProcessThatDiesHoldingTheLockBlocksNobody() {
    }

    @Override
    void aBadOptionLeavesTheApplicationRunningWithOneClearLine() {
    }

    @Override
    void observeModeLogsWhatWouldRunAndRunsNothing() {
    }

    @Override
    void observeModeCountsEveryMissAndLogsItOnce() {
    }

    @Override
    void theMBeanAndMicrometerCountTheHeal() {
    }

    @Override
    void aHealKilledBetweenItsDdlAndItsLedgerRowNeverRunsTheDdlTwice() {
    }

    /** The test database's Connector/J URL for MariaDB Connector/J: same host, port and database. */
    static String mariadbUrl(String connectorJUrl) {
        int q = connectorJUrl.indexOf('?');
        String base = q < 0 ? connectorJUrl : connectorJUrl.substring(0, q);
        return "jdbc:mariadb:" + base.substring("jdbc:mysql:".length());
    }
}
