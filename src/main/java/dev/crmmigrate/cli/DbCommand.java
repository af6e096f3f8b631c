package dev.crmmigrate.cli;

import dev.crmmigrate.Errors;
import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.DatabaseSession;
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
                System.out.println(
                        "jdbc:postgresql://127.0.0.1:" + config.embedded().port() + "/postgres  (embedded, data in "
                                + config.embeddedDataDir().toAbsolutePath() + ")");
            } else {
                System.out.println(new Database(config.target()).safeUrl());
            }
            return 0;
        }
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
