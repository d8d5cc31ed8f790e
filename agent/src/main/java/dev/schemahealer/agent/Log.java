package dev.schemahealer.agent;

import java.lang.reflect.Method;
import java.util.TimeZone;

/**
 * The agent's log: the application's SLF4J backend under the logger {@code dev.schemahealer}
 * when the application has one, standard error otherwise.
 *
 * <p>SLF4J is looked up on first use after start-up, never in {@code premain}: initialising the
 * application's logging before its own code configures it would freeze the wrong configuration.
 * Calls go through reflection because the agent must not bundle (or clash with) an SLF4J of its own.
 * Log lines are rare (one per heal), so reflection costs nothing that matters.
 *
 * <p>In a container each application has its own logging: the logger is looked up through the
 * thread's context class loader (the application the statement ran for), once per loader, and
 * held so that it never keeps that loader alive ({@link LoaderLocal}); a redeployed application
 * gets its new logging, an undeployed one is collected.
 */
final class Log {

    enum Level { DEBUG, INFO, WARN, ERROR }

    private static final LoaderLocal<Sink> SINKS = new LoaderLocal<>();
    private static final boolean debug = Boolean.getBoolean("schemahealer.debug");

    private Log() {
    }

    static boolean debugEnabled() {
        return debug;
    }

    static void info(String message) {
        log(Level.INFO, message, null);
    }

    static void warn(String message) {
        log(Level.WARN, message, null);
    }

    static void warn(String message, Throwable t) {
        log(Level.WARN, message, t);
    }

    /** For start-up: the application's logging is not ours to initialise yet. */
    static void toStandardError(Level level, String message, Throwable t) {
        StandardError.INSTANCE.write(level, message, t);
    }

    private static void log(Level level, String message, Throwable t) {
        try {
            sink().write(level, message, t);
        } catch (Throwable ignored) {
            StandardError.INSTANCE.write(level, message, t);
        }
    }

    private static Sink sink() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = context != null ? context : ClassLoader.getSystemClassLoader();
        Sink s = SINKS.get(loader);
        if (s != null) {
            return s;
        }
        for (ClassLoader l : new ClassLoader[] {loader, ClassLoader.getSystemClassLoader()}) {
            Slf4j found = Slf4j.find(l);
            if (found != null) {
                Class<?> type = found.logger.getClass();
                return SINKS.putIfAbsent(loader, found, type.getClassLoader() == loader ? type : null);
            }
        }
        return SINKS.putIfAbsent(loader, StandardError.INSTANCE, null);
    }

    private interface Sink {
        void write(Level level, String message, Throwable t);
    }

    private enum StandardError implements Sink {
        INSTANCE;

        /**
         * Local time as HH:mm:ss.SSS, without java.time: its formatter and its second copy of the
         * time-zone rules cost tens of milliseconds of start-up for the line {@code premain} prints.
         */
        private static String now() {
            long utc = System.currentTimeMillis();
            long ms = Math.floorMod(utc + TimeZone.getDefault().getOffset(utc), 86_400_000L);
            char[] t = {'0', '0', ':', '0', '0', ':', '0', '0', '.', '0', '0', '0'};
            digits(t, 0, 2, ms / 3_600_000);
            digits(t, 3, 2, ms / 60_000 % 60);
            digits(t, 6, 2, ms / 1000 % 60);
            digits(t, 9, 3, ms % 1000);
            return new String(t);
        }

        private static void digits(char[] t, int at, int width, long value) {
            for (int i = at + width - 1; i >= at; i--, value /= 10) {
                t[i] = (char) ('0' + value % 10);
            }
        }

        @Override
        public void write(Level level, String message, Throwable t) {
            if (level == Level.DEBUG && !debug) {
                return;
            }
            System.err.println(now() + " [schemahealer] " + level + " " + message
                    + (t == null ? "" : ": " + t));
            if (t != null && debug) {
                t.printStackTrace();
            }
        }
    }

    private static final class Slf4j implements Sink {
        private final Object logger;
        private final Method[] plain = new Method[4];
        private final Method[] withThrowable = new Method[4];

        private Slf4j(Object logger) throws ReflectiveOperationException {
            this.logger = logger;
            Class<?> type = Class.forName("org.slf4j.Logger", false, logger.getClass().getClassLoader());
            String[] names = {"debug", "info", "warn", "error"};
            for (int i = 0; i < names.length; i++) {
                plain[i] = type.getMethod(names[i], String.class);
                withThrowable[i] = type.getMethod(names[i], String.class, Throwable.class);
            }
        }

        /** The logger {@code dev.schemahealer} of the SLF4J {@code loader} sees, or {@code null}. */
        static Slf4j find(ClassLoader loader) {
            try {
                Class<?> factory = Class.forName("org.slf4j.LoggerFactory", true, loader);
                Object logger = factory.getMethod("getLogger", String.class).invoke(null, "dev.schemahealer");
                // SLF4J without a backend drops everything: standard error is better than silence.
                if (!logger.getClass().getName().startsWith("org.slf4j.helpers.NOP")) {
                    return new Slf4j(logger);
                }
            } catch (Throwable ignored) {
                // no SLF4J through this loader
            }
            return null;
        }

        @Override
        public void write(Level level, String message, Throwable t) {
            try {
                if (t == null) {
                    plain[level.ordinal()].invoke(logger, message);
                } else {
                    withThrowable[level.ordinal()].invoke(logger, message, t);
                }
            } catch (ReflectiveOperationException e) {
                StandardError.INSTANCE.write(level, message, t);
            }
        }
    }
}
