package dev.schemahealer.agent;

import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaUpgrade;
import dev.schemahealer.upgrades.UpgradeContext;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * An upgrade compiled against another copy of the upgrades API: a web application that bundles
 * {@code schemahealer-upgrades} in {@code WEB-INF/lib} and is loaded child-first has a
 * {@code SchemaUpgrade} of its own, which is not the agent's. The agent sees it through this
 * bridge: what it declares is read once, by name, through the application's interface, and
 * {@code apply} gets a proxy of the application's {@code UpgradeContext} that calls the agent's.
 */
final class BridgedUpgrade implements SchemaUpgrade {

    static final String API = "dev.schemahealer.upgrades.";

    private final Object upgrade;
    private final Method apply;
    private final Class<?> contextType;
    private final String id;
    private final String description;
    private final Set<SchemaObject> heals;
    private final Set<String> requires;

    private BridgedUpgrade(Object upgrade, Class<?> api) throws ReflectiveOperationException {
        this.upgrade = upgrade;
        this.contextType = Class.forName(API + "UpgradeContext", false, api.getClassLoader());
        this.apply = api.getMethod("apply", contextType);
        this.id = (String) call(api.getMethod("id"));
        // What an older copy of the API lacks is what its default would have said.
        Method describe = optional(api, "description");
        this.description = describe == null ? id : (String) call(describe);
        Method heal = optional(api, "heals");
        this.heals = heal == null ? Set.of() : healsOf((Set<?>) call(heal));
        Set<String> required = new HashSet<>();
        Method require = optional(api, "requires");
        if (require != null) {
            for (Object r : (Set<?>) call(require)) {
                required.add((String) r);
            }
        }
        this.requires = Set.copyOf(required);
    }

    /**
     * {@code type} implements the upgrades API's {@code SchemaUpgrade}, but another copy of it:
     * that copy's interface, or {@code null} when it implements none.
     */
    static Class<?> foreignApi(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(SchemaUpgrade.class.getName())) {
                    return i;
                }
                Class<?> inherited = foreignApi(i);
                if (inherited != null) {
                    return inherited;
                }
            }
        }
        return null;
    }

    /** Where a copy of the API comes from, for a message: its jar or folder. */
    static String whereFrom(Class<?> api) {
        try {
            return String.valueOf(api.getProtectionDomain().getCodeSource().getLocation());
        } catch (RuntimeException e) {
            return "loaded by " + api.getClassLoader();
        }
    }

    /** The agent's view of {@code upgrade}, an instance of a class that implements {@code api}. */
    static SchemaUpgrade of(Object upgrade, Class<?> api) throws ReflectiveOperationException {
        return new BridgedUpgrade(upgrade, api);
    }

    /** The application's own class: what a loader-aware cache anchors on, and what logs name. */
    Class<?> type() {
        return upgrade.getClass();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Set<SchemaObject> heals() {
        return heals;
    }

    @Override
    public Set<String> requires() {
        return requires;
    }

    @Override
    public void apply(UpgradeContext ctx) throws SQLException {
        Object bridged = Proxy.newProxyInstance(contextType.getClassLoader(), new Class<?>[] {contextType},
                new ContextBridge(ctx));
        try {
            apply.invoke(upgrade, bridged);
        } catch (InvocationTargetException e) {
            throw rethrown(e);
        } catch (IllegalAccessException e) {
            throw new SQLException("cannot call " + upgrade.getClass().getName() + ".apply", e);
        }
    }

    @Override
    public String toString() {
        return upgrade.getClass().getName();
    }

    private static Method optional(Class<?> api, String name) {
        try {
            return api.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private Object call(Method m) throws ReflectiveOperationException {
        return m.invoke(upgrade);
    }

    /** The application's {@code SchemaObject}s as the agent's, by kind, table and name. */
    private static Set<SchemaObject> healsOf(Set<?> objects) throws ReflectiveOperationException {
        Set<SchemaObject> healed = new HashSet<>();
        for (Object o : objects) {
            Class<?> type = o.getClass();
            String kind = ((Enum<?>) type.getMethod("kind").invoke(o)).name();
            String table = (String) type.getMethod("table").invoke(o);
            String name = (String) type.getMethod("name").invoke(o);
            healed.add(switch (kind) {
                case "TABLE" -> SchemaObject.table(name);
                case "COLUMN" -> SchemaObject.column(table, name);
                case "FUNCTION" -> SchemaObject.function(name);
                case "NULLABLE" -> SchemaObject.nullable(table, name);
                case "INDEX" -> SchemaObject.index(table, name);
                default -> throw new IllegalArgumentException("a kind of object this agent does not know: "
                        + kind.toLowerCase(Locale.ROOT) + " " + name);
            });
        }
        return Set.copyOf(healed);
    }

    private static SQLException rethrown(InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof SQLException sql) {
            return sql;
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new SQLException(cause);
    }

    /** The application's {@code UpgradeContext}, answered by the agent's: same names, JDK parameter types. */
    private record ContextBridge(UpgradeContext ctx) implements InvocationHandler {

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            if (m.getDeclaringClass() == Object.class) {
                return switch (m.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "bridged " + ctx;
                };
            }
            if (m.getName().equals("dialect") && m.getParameterCount() == 0) {
                return enumNamed(m.getReturnType(), ctx.dialect().name());
            }
            Method ours;
            try {
                ours = UpgradeContext.class.getMethod(m.getName(), m.getParameterTypes());
            } catch (NoSuchMethodException e) {
                if (m.isDefault()) {
                    return InvocationHandler.invokeDefault(proxy, m, args);
                }
                throw new UnsupportedOperationException("UpgradeContext." + m.getName() + " is newer than this agent;"
                        + " use the agent's version of schemahealer-upgrades");
            }
            try {
                return ours.invoke(ctx, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static Object enumNamed(Class<?> type, String name) {
            return Enum.valueOf((Class) type, name);
        }
    }
}
