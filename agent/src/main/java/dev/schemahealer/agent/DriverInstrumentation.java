package dev.schemahealer.agent;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.schemahealer.bootstrap.Hooks;
import java.util.Properties;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Driver {@code Driver.connect(url, properties)} (and MariaDB's static {@code connect(Configuration)}):
 * remembers how the application connects, so an upgrade can open a dedicated connection with the
 * same URL and credentials. Runs once per
 * physical connection, which a pool opens rarely.
 */
final class DriverInstrumentation {

    private DriverInstrumentation() {
    }

    static ElementMatcher<TypeDescription> types() {
        return not(isInterface()).and(hasSuperType(named("java.sql.Driver")));
    }

    static ElementMatcher<MethodDescription> methods() {
        return named("connect").and(takesArguments(2)).and(takesArgument(0, String.class))
                .and(takesArgument(1, Properties.class));
    }

    /** MariaDB Connector/J: {@code static Driver.connect(Configuration)}, which its DataSource calls directly. */
    static ElementMatcher<MethodDescription> configurationMethods() {
        return isStatic().and(named("connect")).and(takesArguments(1))
                .and(takesArgument(0, named("org.mariadb.jdbc.Configuration")));
    }

    static final class ConfigurationConnectAdvice {
        private ConfigurationConnectAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Argument(0) Object configuration, @Advice.Return Object connection) {
            if (connection != null) {
                Hooks.connectedWith(configuration, connection);
            }
        }
    }

    static final class ConnectAdvice {
        private ConnectAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object driver, @Advice.Argument(0) String url,
                         @Advice.Argument(1) Properties info, @Advice.Return Object connection) {
            if (connection != null) {
                Hooks.connected(driver, url, info, connection);
            }
        }
    }
}
