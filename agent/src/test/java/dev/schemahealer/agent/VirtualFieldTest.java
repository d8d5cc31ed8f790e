package dev.schemahealer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemahealer.bootstrap.ConnectionStateCarrier;
import dev.schemahealer.bootstrap.StatementStateCarrier;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.io.InputStream;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import org.junit.jupiter.api.Test;

/** The fields added to driver objects: a real field where injected, else a weak identity map. */
class VirtualFieldTest {

    /** Stands in for a driver statement class loaded after the agent started. */
    public static class StandIn {
    }

    private static Object injected(FieldInjector injector) throws Exception {
        ClassReader reader = new ClassReader(classFile(StandIn.class.getName()));
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(injector.wrap(writer), 0);
        return Woven.define(StandIn.class.getName(), writer.toByteArray()).getDeclaredConstructor().newInstance();
    }

    static byte[] classFile(String className) throws Exception {
        try (InputStream in = VirtualFieldTest.class.getClassLoader().getResourceAsStream(className.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** The field {@link HookWeaver} gives the driver class, read from its class file as at first load. */
    private static FieldInjector fieldOf(String className) throws Exception {
        ClassLoader loader = VirtualFieldTest.class.getClassLoader();
        JdbcTypes types = new JdbcTypes();
        ClassReader header = new ClassReader(classFile(className));
        return new HookWeaver(types).fieldFor(loader, header.getSuperName(),
                types.of(loader, header.getSuperName(), header.getInterfaces()));
    }

    @Test
    void anInjectedFieldHoldsTheStateAndNoMapIsTouched() throws Exception {
        Object statement = injected(FieldInjector.STATEMENT);
        assertTrue(statement instanceof StatementStateCarrier);
        int before = VirtualField.STATEMENT.fallback.size();

        StatementState.prepared(statement, "select 1");
        assertSame("select 1", ((StatementStateCarrier) statement).schemahealer$statementState(),
                "the SQL itself sits in the field: capturing it allocates nothing");
        StatementState.streamBound(statement);
        assertEquals("select 1", StatementState.preparedSql(statement));
        assertTrue(StatementState.isStreamBound(statement));
        assertEquals(before, VirtualField.STATEMENT.fallback.size());

        Object connection = injected(FieldInjector.CONNECTION);
        assertTrue(connection instanceof ConnectionStateCarrier);
        ConnectionState state = ConnectionState.of(connection);
        assertSame(state, ((ConnectionStateCarrier) connection).schemahealer$connectionState());
        assertSame(state, ConnectionState.of(connection));
    }

    @Test
    void onlyTheTopmostDriverClassTakesTheField() throws Exception {
        assertSame(FieldInjector.STATEMENT, fieldOf("org.postgresql.jdbc.PgStatement"));
        assertNull(fieldOf("org.postgresql.jdbc.PgPreparedStatement"));
        assertNull(fieldOf("org.postgresql.jdbc.PgCallableStatement"));
        assertSame(FieldInjector.STATEMENT, fieldOf("com.mysql.cj.jdbc.StatementImpl"));
        assertNull(fieldOf("com.mysql.cj.jdbc.ClientPreparedStatement"));
        assertSame(FieldInjector.CONNECTION, fieldOf("org.postgresql.jdbc.PgConnection"));
        assertSame(FieldInjector.CONNECTION, fieldOf("com.mysql.cj.jdbc.ConnectionImpl"));
        assertNull(fieldOf("org.postgresql.jdbc.PgResultSet"));
    }

    @Test
    void withoutAFieldTheStateIsInAWeakMapThatLetsOwnersGo() throws Exception {
        Object owner = new Object();
        ConnectionState state = ConnectionState.of(owner);
        state.schema = "tenant_a";
        assertSame(state, ConnectionState.peek(owner));
        WeakReference<Object> ownerRef = new WeakReference<>(owner);
        WeakReference<ConnectionState> stateRef = new WeakReference<>(state);
        owner = null;
        state = null;

        assertTrue(collected(ownerRef), "the map must not keep the connection alive");
        VirtualField.CONNECTION.fallback.size(); // expunges
        assertTrue(collected(stateRef), "nor its state, once the connection is gone");
    }

    @Test
    void twoThreadsCreatingAConnectionsStateGetTheSameOne() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 50; round++) {
                Object connection = new Object();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<ConnectionState>> states = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    states.add(pool.submit(() -> {
                        start.await();
                        return ConnectionState.of(connection);
                    }));
                }
                start.countDown();
                ConnectionState first = states.get(0).get();
                for (Future<ConnectionState> f : states) {
                    assertSame(first, f.get());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStatementPreparedBeforeTheAgentSawItHasNoSql() {
        assertNull(StatementState.preparedSql(new Object()));
    }

    /** Asks for collections until the reference clears (no time limit: a bounded number of tries). */
    static boolean collected(WeakReference<?> ref) throws InterruptedException {
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            byte[][] pressure = new byte[16][];
            for (int j = 0; j < pressure.length; j++) {
                pressure[j] = new byte[1 << 16];
            }
            Thread.sleep(10);
        }
        return ref.get() == null;
    }
}
