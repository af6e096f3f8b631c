package dev.crmmigrate.cli;

import dev.crmmigrate.Errors;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Commands whose jobs are not built yet: they say so and exit 2 instead of pretending to work. */
final class PendingCommands {
  private PendingCommands() {}

  private abstract static class Pending implements Callable<Integer> {
    @Override
    public Integer call() {
      String name = getClass().getAnnotation(Command.class).name();
      throw Errors.config("'%s' is not available in this version of crm-migrate; available: run, generate, seed-legacy, "
          + "schema, audit, import, verify, db", name);
    }
  }




  @Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks of the load path. Not yet available.")
  static final class Bench extends Pending {}







}
