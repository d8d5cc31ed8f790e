package dev.schemahealer.bench;

import java.sql.SQLException;

/**
 * A stand-in for a driver statement: {@code executeQuery()} returns normally (its "result set"),
 * or throws when told to.
 */
public class StandInStatement implements StandIn {

    private final Object result = new Object();
    public int calls;
    public boolean fail;

    @Override
    public Object executeQuery() throws SQLException {
        calls++;
        if (fail) {
            throw new SQLException("stand-in failure", "42703");
        }
        return result;
    }
}
