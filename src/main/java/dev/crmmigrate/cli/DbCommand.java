package dev.crmmigrate.cli;

import dev.crmmigrate.Errors;
import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.DatabaseSession;
import dev.crmmigrate.db.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

@Command(
        name = "db",
        mixinStandardHelpOptions = true,
        description = "The target database.",
        subcommands = {DbCommand.Url.class, DbCommand.Psql.class})
final class DbCommand {

    @Command(
            name = "url",
            mixinStandardHelpOptions = true,
            description = "Print the target's JDBC URL (never with a password). For the embedded database: the URL it "
                    + "serves on while a command runs.")
    static final class Url implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Override
        public Integer call() {
            CrmConfig config = common.load();
            if (config.usesEmbeddedDatabase()) {
                System.out.println("jdbc:postgresql://127.0.0.1:"
                        + config.embedded().port() + "/postgres  (embedded, user "
                        + "postgres, data in " + config.embeddedDataDir().toAbsolutePath() + ", password in "
                        + EmbeddedServer.passwordFile(config.embeddedDataDir()) + ")");
            } else {
                System.out.println(new Database(config.target()).safeUrl());
            }
            return 0;
        }
    }

    /** pgjdbc's TLS parameters of a URL query, as the libpq environment variables psql reads. */
    static java.util.Map<String, String> libpqEnvironment(String query) {
        java.util.Map<String, String> names = java.util.Map.of(
                "sslmode", "PGSSLMODE",
                "sslrootcert", "PGSSLROOTCERT",
                "sslcert", "PGSSLCERT",
                "sslkey", "PGSSLKEY",
                "sslcrl", "PGSSLCRL",
                "channelbinding", "PGCHANNELBINDING",
                "gssencmode", "PGGSSENCMODE");
        java.util.Map<String, String> env = new java.util.TreeMap<>();
        if (query == null) {
            return env;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                String key = pair.substring(0, eq).toLowerCase(java.util.Locale.ROOT);
                String value =
                        java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
                if (names.containsKey(key)) {
                    // pgjdbc's "allow"/"prefer"/"require"/"verify-ca"/"verify-full" are libpq's values too.
                    env.put(names.get(key), value);
                }
            }
        }
        return env;
    }

    @Command(
            name = "psql",
            mixinStandardHelpOptions = true,
            description = "Open psql on the target database (starts the embedded one if that is the target). Extra "
                    + "arguments go to psql.")
    static final class Psql implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        /** Everything crm-migrate does not know goes to psql, e.g. {@code -c 'select count(*) from people'}. */
        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() throws IOException, InterruptedException {
            CrmConfig config = common.load();
            try (DatabaseSession db = DatabaseSession.open(config)) {
                URI uri = URI.create(db.target().url().substring("jdbc:".length()));
                List<String> cmd = new ArrayList<>(List.of(
                        "psql",
                        "-h",
                        uri.getHost(),
                        "-p",
                        String.valueOf(uri.getPort()),
                        "-U",
                        db.target().settings().user(),
                        "-d",
                        uri.getPath().substring(1)));
                cmd.addAll(args);
                ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
                // The URL's TLS settings go to psql too: without them it falls back to sslmode=prefer and checks no
                // certificate.
                libpqEnvironment(uri.getRawQuery()).forEach(pb.environment()::put);
                if (!db.target().settings().password().isEmpty()) {
                    // psql reads PGPASSWORD from its environment: never from its command line.
                    pb.environment()
                            .put("PGPASSWORD", db.target().settings().password().reveal());
                }
                try {
                    return pb.start().waitFor();
                } catch (IOException e) {
                    throw Errors.runtime(
                            "psql could not start (%s); install a PostgreSQL client, e.g. apt-get install "
                                    + "postgresql-client",
                            e.getMessage());
                }
            }
        }
    }
}
