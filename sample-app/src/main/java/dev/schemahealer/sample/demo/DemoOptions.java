package dev.schemahealer.sample.demo;

import dev.schemahealer.sample.Args;
import java.nio.file.Path;
import java.util.Set;

/** The demo's command line. */
record DemoOptions(String url, String user, String password, String passwordEnv, int seconds, int threads,
                   Path agentJar, boolean keep) {

    static final String USAGE = String.join("\n",
            "usage: java -jar schemahealer-demo.jar [options]",
            "",
            "Starts a database on the release-1 schema, the release-2 sample service with the schemahealer",
            "agent, and traffic at it; prints what healed, when, triggered by what, and checks the result.",
            "",
            "  --url JDBC_URL       a real PostgreSQL (jdbc:postgresql://...) or MySQL/MariaDB (jdbc:mysql://...)",
            "                       server instead of the embedded PostgreSQL; the demo works in a new schema",
            "                       (PostgreSQL) or database (MySQL) of its own and drops it at the end",
            "  --user USER          the database user (default: postgres for the embedded server)",
            "  --password-env VAR   the environment variable that holds the password",
            "  --seconds N          how long the traffic runs (default 15)",
            "  --threads N          concurrent clients (default 4)",
            "  --agent PATH         the agent jar (default: agent/target/schemahealer-agent.jar of this checkout)",
            "  --keep               keep the demo schema or database afterwards, to look at it",
            "  --help               this text");

    static DemoOptions parse(String[] argv) {
        Args args = Args.parse(argv, Set.of("--url", "--user", "--password-env", "--seconds", "--threads", "--agent"),
                Set.of("--keep", "--help"));
        if (args.has("--help")) {
            return null;
        }
        String url = args.get("--url", null);
        if (url != null && !url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:mysql:")) {
            throw new IllegalArgumentException("--url must start with jdbc:postgresql: or jdbc:mysql: (MariaDB too), not " + url);
        }
        if (args.has("--password-env") && System.getenv(args.get("--password-env", "")) == null) {
            throw new IllegalArgumentException("--password-env names " + args.get("--password-env", "")
                    + ", which is not set in the environment");
        }
        if ((args.has("--user") || args.has("--password-env")) && url == null) {
            throw new IllegalArgumentException("--user and --password-env go with --url");
        }
        String agent = args.get("--agent", null);
        return new DemoOptions(url, args.get("--user", url == null ? "postgres" : null), args.secretFromEnv("--password-env"),
                args.get("--password-env", null), args.intValue("--seconds", 15, 1, 3600),
                args.intValue("--threads", 4, 1, 64), agent == null ? null : Path.of(agent), args.has("--keep"));
    }
}
