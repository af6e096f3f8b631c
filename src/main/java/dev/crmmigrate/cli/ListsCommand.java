package dev.crmmigrate.cli;

import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.source.ListInspection;
import dev.crmmigrate.source.OutreachLists;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "lists",
        mixinStandardHelpOptions = true,
        description = "Outreach list folders.",
        subcommands = {ListsCommand.Inspect.class})
final class ListsCommand {

    @Command(
            name = "inspect",
            mixinStandardHelpOptions = true,
            description = {
                "How each file of a list folder will be read, before anything runs: format, encoding, delimiter, "
                        + "header row,",
                "which column maps to what, records and rejects by reason. Reads the files only: no Spark, no database."
            })
    static final class Inspect implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Parameters(paramLabel = "DIR", description = "The list folder (CSV, .xlsx; an optional lists.yaml).")
        Path dir;

        @Override
        public Integer call() {
            CrmConfig config = common.load();
            int notRead = 0;
            for (ListInspection.FileReport r : ListInspection.inspect(dir, config.lists())) {
                OutreachLists.FileRead f = r.read();
                System.out.printf("%s  [%s]%n", f.file(), f.category());
                System.out.printf("  format      %s%n", f.format());
                if (f.rejected() != null) {
                    notRead++;
                    System.out.printf("  NOT READ    %s%n", f.rejected());
                    continue;
                }
                if (f.encoding() != null) {
                    System.out.printf("  encoding    %s%n", f.encoding());
                }
                if (f.delimiter() != null) {
                    System.out.printf("  delimiter   %s%n", f.delimiter());
                }
                if (f.headerLine() > 0) {
                    System.out.printf(
                            "  header      line %d%s: %s%n",
                            f.headerLine(),
                            f.preambleRecords() > 0 ? " (" + f.preambleRecords() + " preamble record(s) skipped)" : "",
                            r.header());
                }
                for (Map.Entry<String, java.util.List<String>> c : f.columns().entrySet()) {
                    System.out.printf("  %-11s <- %s%n", c.getKey(), String.join(", ", c.getValue()));
                }
                System.out.printf(
                        "  records     %,d: %,d with a valid email, %,d rejected%n",
                        r.records(), r.withEmail(), r.records() - r.withEmail());
                r.rejects().forEach((reason, n) -> System.out.printf("    %,8d  %s%n", n, reason));
            }
            if (notRead > 0) {
                System.out.printf("%d file(s) cannot be read (see NOT READ above)%n", notRead);
                return 1;
            }
            return 0;
        }
    }
}
