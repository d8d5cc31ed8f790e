package dev.schemahealer.bench;

import java.sql.SQLException;

/** What {@link AdviceBenchmark} calls: the shape of a driver's {@code executeQuery()}. */
public interface StandIn {
    Object executeQuery() throws SQLException;
}
