package dev.crmmigrate.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's headless Chromium (installed by .ci/run): loads a page and returns its rendered DOM and console errors. */
public final class Chromium {
    private Chromium() {}

    public record Rendered(String dom, List<String> consoleErrors) {}

    public static Rendered dumpDom(Path page, Path profile) throws Exception {
        Path bin = Path.of("/usr/bin/chromium");
        if (!Files.isExecutable(bin)) {
            throw new AssertionError(
                    "headless Chromium is needed for this test: apt-get install chromium (.ci/run does)");
        }
        Path log = profile.resolveSibling("chromium.log");
        Process p = new ProcessBuilder(
                        bin.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--enable-logging=stderr",
                        "--v=0",
                        "--user-data-dir=" + profile,
                        "--dump-dom",
                        page.toUri().toString())
                .redirectError(log.toFile())
                .start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish");
        }
        List<String> errors = Files.readAllLines(log).stream()
                .filter(l -> l.contains("CONSOLE") && l.contains("ERROR"))
                .toList();
        return new Rendered(dom, errors);
    }
}
