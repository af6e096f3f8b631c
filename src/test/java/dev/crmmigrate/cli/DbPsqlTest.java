package dev.crmmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code db psql} gives psql the URL's TLS settings, so psql checks the certificate the URL asks it to. */
class DbPsqlTest {
    @Test
    void theUrlsTlsParametersBecomeLibpqsEnvironment() {
        assertThat(DbCommand.libpqEnvironment(
                        "sslmode=verify-full&sslrootcert=%2Fetc%2Fcrm%2Froot.crt&ApplicationName=x&sslcert=/c.pem"))
                .containsExactly(
                        java.util.Map.entry("PGSSLCERT", "/c.pem"),
                        java.util.Map.entry("PGSSLMODE", "verify-full"),
                        java.util.Map.entry("PGSSLROOTCERT", "/etc/crm/root.crt"));
        assertThat(DbCommand.libpqEnvironment(null)).isEmpty();
    }
}
