package dev.crmmigrate.support;

import dev.crmmigrate.demo.DemoGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The scale-1 demo data set, generated once per test JVM. */
public final class DemoFixture {
  private static Path scale1;

  private DemoFixture() {}

  public static synchronized Path scale1() {
    if (scale1 == null) {
      try {
        Path dir = Files.createTempDirectory("crm-migrate-demo").resolve("scale1");
        new DemoGenerator(TestSpark.get()).generate(1, 42, dir);
        scale1 = dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return scale1;
  }
}
