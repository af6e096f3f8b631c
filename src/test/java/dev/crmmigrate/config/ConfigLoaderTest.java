package dev.crmmigrate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmmigrate.Errors;
import dev.crmmigrate.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void defaultsWithoutFile() {
        CrmConfig c = ConfigLoader.load(null, Map.of(), Map.of());
        assertThat(c.usesEmbeddedDatabase()).isTrue();
        assertThat(c.workDir()).isEqualTo(Path.of("work"));
        assertThat(c.spark().master()).isEqualTo("local[*]");
        assertThat(c.rules().leadStatusScale()).startsWith("new").endsWith("customer");
    }

    @Test
    void shippedConfigFilesLoadWithWhatTheySay() {
        Map<String, String> env = Map.of(
                "CRM_WORK_DIR",
                "/tmp/w",
                "CRM_JDBC_URL",
                "jdbc:postgresql://h:5432/crm",
                "CRM_SOURCE_JDBC_URL",
                "jdbc:postgresql://h:5432/legacy");

        CrmConfig local = ConfigLoader.load(Path.of("conf/local.yaml"), Map.of(), Map.of());
        assertThat(local.usesEmbeddedDatabase()).isTrue();
        assertThat(local.embedded().port()).isEqualTo(54329);
        assertThat(local.spark().conf()).containsEntry("spark.sql.shuffle.partitions", "8");
        assertThat(local.rules().maxRejectRatio()).isEqualTo(0.05);

        CrmConfig cluster = ConfigLoader.load(Path.of("conf/cluster.yaml"), env, Map.of());
        assertThat(cluster.usesEmbeddedDatabase()).isFalse();
        assertThat(cluster.workDir()).isEqualTo(Path.of("/tmp/w"));
        assertThat(cluster.target().jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/crm");
        assertThat(cluster.target().user()).isEqualTo("crm_migrate");
        assertThat(cluster.spark().conf()).containsEntry("spark.sql.shuffle.partitions", "64");

        // The production example names a password file, never a password: a missing one is a clear error, and the
        // environment's password comes first.
        Map<String, String> prodEnv = Map.of("CRM_SOURCE_JDBC_URL", "jdbc:postgresql://h:5432/legacy");
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("conf/prod.example.yaml"), prodEnv, Map.of()))
                .hasMessageContaining("/run/secrets/crm_db_password");
        Map<String, String> withPassword = new HashMap<>(prodEnv);
        withPassword.put("CRM_DB_PASSWORD", "from-the-environment");
        CrmConfig prod = ConfigLoader.load(Path.of("conf/prod.example.yaml"), withPassword, Map.of());
        assertThat(prod.usesEmbeddedDatabase()).isFalse();
        assertThat(prod.workDir()).isEqualTo(Path.of("/var/lib/crm-migrate"));
        assertThat(prod.target().jdbcUrl()).endsWith("/crm?sslmode=verify-full");
        assertThat(prod.target().passwordFile()).isEqualTo(Path.of("/run/secrets/crm_db_password"));
        assertThat(prod.source().jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/legacy");
        assertThat(prod.source().readPartitions()).isEqualTo(16);
        assertThat(prod.lists().dir()).isEqualTo(Path.of("/data/outreach-lists"));
        assertThat(prod.rules().maxRejectRatio()).isEqualTo(0.02);
    }

    @Test
    void unknownKeyNamesTheKeyAndListsTheValidOnes() throws IOException {
        Path f = yaml("target:\n  jdbc_url: jdbc:postgresql://x/y\n  pasword_file: /x\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of()))
                .isInstanceOfSatisfying(
                        Errors.CrmMigrateException.class,
                        e -> assertThat(e.kind()).isEqualTo(Errors.Kind.CONFIG))
                .hasMessageContaining("pasword_file")
                .hasMessageContaining("password_file")
                .hasMessageContaining("jdbc_url");
    }

    @Test
    void theMaintenanceWindowIsOffUnlessTheFileSaysSo() throws IOException {
        assertThat(ConfigLoader.load(null, Map.of(), Map.of()).load().maintenanceWindow())
                .isFalse();
        Path f = yaml("load:\n  maintenance_window: true\n");
        assertThat(ConfigLoader.load(f, Map.of(), Map.of()).load().maintenanceWindow())
                .isTrue();
        Path typo = yaml("load:\n  maintenance: true\n");
        assertThatThrownBy(() -> ConfigLoader.load(typo, Map.of(), Map.of()))
                .hasMessageContaining("maintenance_window");
    }

    @Test
    void unknownTopLevelKey() throws IOException {
        Path f = yaml("workdir: x\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of()))
                .hasMessageContaining("'workdir'")
                .hasMessageContaining("work_dir");
    }

    @Test
    void environmentReferencesAreSubstituted() throws IOException {
        Path f = yaml("target:\n  jdbc_url: jdbc:postgresql://${DB_HOST}:5432/crm\n");
        CrmConfig c = ConfigLoader.load(f, Map.of("DB_HOST", "db.internal"), Map.of());
        assertThat(c.target().jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/crm");
    }

    @Test
    void missingEnvironmentReferenceIsAnError() throws IOException {
        Path f = yaml("work_dir: ${NOPE_NOT_SET}\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of())).hasMessageContaining("NOPE_NOT_SET");
    }

    @Test
    void precedenceIsOptionOverEnvironmentOverFile() throws IOException {
        Path f = yaml("work_dir: from-file\nspark:\n  master: local[1]\n");
        Map<String, String> env = Map.of("CRM_WORK_DIR", "from-env");
        assertThat(ConfigLoader.load(f, env, Map.of()).workDir()).isEqualTo(Path.of("from-env"));
        assertThat(ConfigLoader.load(f, env, Map.of("work_dir", "from-option")).workDir())
                .isEqualTo(Path.of("from-option"));
        assertThat(ConfigLoader.load(f, Map.of(), Map.of()).workDir()).isEqualTo(Path.of("from-file"));
        assertThat(ConfigLoader.load(f, Map.of(), Map.of()).spark().master()).isEqualTo("local[1]");
    }

    @Test
    void passwordInFileIsRejected() throws IOException {
        Path f = yaml("target:\n  password: hunter2\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of()))
                .hasMessageContaining("CRM_DB_PASSWORD")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void passwordComesFromEnvironmentOrFileAndIsMasked() throws IOException {
        String sentinel = "S3ntinel-" + System.nanoTime();
        CrmConfig fromEnv = ConfigLoader.load(null, Map.of("CRM_DB_PASSWORD", sentinel), Map.of());
        assertThat(fromEnv.target().password().reveal()).isEqualTo(sentinel);
        assertThat(fromEnv.toString()).doesNotContain(sentinel);
        assertThat(Secrets.scrub("failed: password " + sentinel + " rejected")).doesNotContain(sentinel);

        Path pw = dir.resolve("pw");
        Files.writeString(pw, sentinel + "x\n");
        Files.setPosixFilePermissions(pw, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path f = yaml("target:\n  password_file: " + pw + "\n");
        assertThat(ConfigLoader.load(f, Map.of(), Map.of()).target().password().reveal())
                .isEqualTo(sentinel + "x");
    }

    @Test
    void aPasswordFileOthersCanReadIsRefused() throws IOException {
        Path pw = dir.resolve("open-pw");
        Files.writeString(pw, "s3cret-open\n");
        Files.setPosixFilePermissions(pw, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Path f = yaml("target:\n  jdbc_url: jdbc:postgresql://h/db\n  password_file: " + pw + "\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of()))
                .isInstanceOfSatisfying(
                        Errors.CrmMigrateException.class,
                        e -> assertThat(e.kind()).isEqualTo(Errors.Kind.CONFIG))
                .hasMessageContaining("password_file " + pw + " is open to other accounts")
                .hasMessageContaining("chmod 600")
                .hasMessageNotContaining("s3cret-open");
    }

    @Test
    void aPasswordInsideAJdbcUrlOfTheFileIsRefused() throws IOException {
        for (String url : List.of(
                "jdbc:postgresql://h:5432/crm?user=crm&password=hunter2", "jdbc:postgresql://crm:hunter2@h:5432/crm")) {
            Path f = yaml("target:\n  jdbc_url: \"" + url + "\"\n");
            assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of()))
                    .isInstanceOf(Errors.CrmMigrateException.class)
                    .hasMessageContaining("'target.jdbc_url' must not carry a password")
                    .hasMessageNotContaining("hunter2");
        }
    }

    @Test
    void jdbcUrlCredentialsAreMasked() {
        assertThat(Secrets.scrub("jdbc:postgresql://h/db?user=a&password=topsecret&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=a&password=****&ssl=true");
        assertThat(Secrets.scrub("postgresql://bob:topsecret@h:5432/db")).isEqualTo("postgresql://bob:****@h:5432/db");
    }

    @Test
    void sparkSettingsMustBeSparkKeys() throws IOException {
        Path f = yaml("spark:\n  conf:\n    executor.memory: 2g\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of())).hasMessageContaining("only spark.*");
        Path ok = yaml("spark:\n  conf:\n    spark.executor.memory: 2g\n");
        assertThat(ConfigLoader.load(ok, Map.of(), Map.of()).spark().conf())
                .containsEntry("spark.executor.memory", "2g");
    }

    @Test
    void schemaNamesAreValidatedIdentifiers() throws IOException {
        Path f = yaml("target:\n  schema: \"crm\\\"; drop table people; --\"\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of()))
                .hasMessageContaining("not a valid SQL identifier");
    }
}
