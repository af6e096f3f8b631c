package dev.crmmigrate.support;

import dev.crmmigrate.demo.DemoGenerator;
import java.nio.file.Path;

/** Demo data sets, each generated once per test JVM: scale 1 (the field report) and a small one (scale 0.05). */
public final class DemoFixture {
    private static Path scale1;
    private static Path small;

    private DemoFixture() {}

    public static synchronized Path scale1() {
        if (scale1 == null) {
            scale1 = generate("scale1", 1, 42);
        }
        return scale1;
    }

    /** Scale 0.05 (about 1,600 contacts): for tests that run an import many times or race it. */
    public static synchronized Path small() {
        if (small == null) {
            small = generate("small", 0.05, 11);
        }
        return small;
    }

    private static Path generate(String name, double scale, long seed) {
        Path dir = TempDirs.create("crm-migrate-demo").resolve(name);
        new DemoGenerator(TestSpark.get()).generate(scale, seed, dir);
        return dir;
    }
}
