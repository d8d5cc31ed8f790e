package dev.schemahealer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every password form of pgjdbc, Connector/J and MariaDB Connector/J URLs and connection
 * properties is masked; passwords are read from the environment or a file with a clear reason when
 * they cannot be.
 */
class SecretsTest {

    private static final String[][] URLS = {
        {"jdbc:postgresql://db:5432/app?user=app&password=s3cret", "jdbc:postgresql://db:5432/app?user=app&password=****"},
        {"jdbc:postgresql://db/app?sslpassword=s3cret&ssl=true", "jdbc:postgresql://db/app?sslpassword=****&ssl=true"},
        {"jdbc:mysql://app:s3cret@db:3306/app", "jdbc:mysql://app:****@db:3306/app"},
        {"jdbc:mysql://app:s/3@cret@db:3306/app?x=1", "jdbc:mysql://app:****@db:3306/app?x=1"},
        {"jdbc:mysql://db/app?user=app&password1=a&password2=b&password3=c",
            "jdbc:mysql://db/app?user=app&password1=****&password2=****&password3=****"},
        {"jdbc:mysql://address=(host=db)(user=app)(password=s3cret)/app", "jdbc:mysql://address=(host=db)(user=app)(password=****)/app"},
        {"jdbc:mysql://db/app?trustCertificateKeyStorePassword=s3cret", "jdbc:mysql://db/app?trustCertificateKeyStorePassword=****"},
        {"jdbc:mariadb://db/app?user=app&password=s/3@cret", "jdbc:mariadb://db/app?user=app&password=****"},
        {"jdbc:mariadb://db/app?user=app;pwd=s3cret;x=1", "jdbc:mariadb://db/app?user=app;pwd=****;x=1"},
        {"jdbc:mariadb://app:s3cret@db/app", "jdbc:mariadb://app:****@db/app"},
    };

    @Test
    void everyPasswordFormIsMasked() {
        for (String[] c : URLS) {
            String masked = Secrets.maskUrl(c[0]);
            assertEquals(c[1], masked, c[0]);
            assertFalse(masked.contains("s3cret") || masked.contains("cret"), masked);
        }
    }

    /** Property name, and whether it holds a secret: every password property of the three drivers, and look-alikes. */
    private static final Object[][] PROPERTIES = {
        {"password", true}, {"PASSWORD", true}, {"pwd", true},
        // pgjdbc
        {"sslpassword", true}, {"sslpasswordcallback", false}, {"sslkey", false},
        // Connector/J
        {"password1", true}, {"password2", true}, {"password3", true},
        {"trustCertificateKeyStorePassword", true}, {"clientCertificateKeyStorePassword", true},
        {"passwordCharacterEncoding", false}, {"disconnectOnExpiredPasswords", false},
        {"xdevapi.ssl-truststore-password", true},
        // MariaDB Connector/J
        {"keyStorePassword", true}, {"trustStorePassword", true}, {"keyPassword", true}, {"credentialType", false},
        {"user", false}, {"ssl", false},
    };

    @Test
    void everyPasswordPropertyIsMasked() {
        Properties p = new Properties();
        for (Object[] c : PROPERTIES) {
            assertEquals(c[1], Secrets.isSecretKey((String) c[0]), (String) c[0]);
            p.setProperty((String) c[0], "s3cret");
        }
        String masked = Secrets.maskProperties(p);
        for (Object[] c : PROPERTIES) {
            assertTrue(masked.contains(c[0] + "=" + (Boolean.TRUE.equals(c[1]) ? "****" : "s3cret")), masked);
        }
        Properties urlValued = new Properties();
        urlValued.setProperty("url", "jdbc:mysql://app:s3cret@db/app");
        urlValued.setProperty("user", "app");
        assertEquals("{url=jdbc:mysql://app:****@db/app, user=app}", Secrets.maskProperties(urlValued));
    }

    /**
     * Each driver's own list of properties ({@code Driver.getPropertyInfo}): every one named for a
     * password except the known look-alikes is masked, so a driver upgrade that adds one fails here.
     */
    @Test
    void everyPasswordPropertyTheDriversListIsMasked() throws SQLException {
        Set<String> notSecrets = Set.of("passwordcharacterencoding", "disconnectonexpiredpasswords", "sslpasswordcallback");
        Object[][] drivers = {
            {new org.postgresql.Driver(), "jdbc:postgresql://db/app"},
            {new com.mysql.cj.jdbc.Driver(), "jdbc:mysql://db/app"},
            {new org.mariadb.jdbc.Driver(), "jdbc:mariadb://db/app"},
        };
        int passwords = 0;
        for (Object[] d : drivers) {
            for (DriverPropertyInfo info : ((Driver) d[0]).getPropertyInfo((String) d[1], new Properties())) {
                String name = info.name.toLowerCase(Locale.ROOT);
                if ((name.contains("password") || name.equals("pwd")) && !notSecrets.contains(name)) {
                    passwords++;
                    assertTrue(Secrets.isSecretKey(info.name), d[0].getClass().getName() + " " + info.name);
                    assertEquals(d[1] + "?" + info.name + "=****", Secrets.maskUrl(d[1] + "?" + info.name + "=s3cret"));
                }
            }
        }
        assertTrue(passwords >= 10, "the drivers list their password properties: " + passwords);
    }

    @Test
    void aPasswordComesFromTheEnvironmentOrSaysWhyNot() {
        assertEquals("s3,cr@t", Secrets.passwordFromEnvironment("DB_PW", Map.of("DB_PW", "s3,cr@t")));
        assertEquals("environment variable DB_PW is not set",
                assertThrows(IllegalArgumentException.class, () -> Secrets.passwordFromEnvironment("DB_PW", Map.of()))
                        .getMessage());
        assertEquals("", Secrets.passwordFromEnvironment("DB_PW", Map.of("DB_PW", "")), "set, and empty");
    }

    @Test
    void aPasswordComesFromAFileWithoutItsLastLineBreakOrSaysWhyNot(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), " s3,cr@t/x \r\n", StandardCharsets.UTF_8);
        assertEquals(" s3,cr@t/x ", Secrets.passwordFromFile(file), "spaces are the password's; the line break is not");
        assertEquals("no such file: " + dir.resolve("missing"), assertThrows(IllegalArgumentException.class,
                () -> Secrets.passwordFromFile(dir.resolve("missing"))).getMessage());
        assertEquals(dir.resolve("empty") + " is empty", assertThrows(IllegalArgumentException.class,
                () -> Secrets.passwordFromFile(Files.writeString(dir.resolve("empty"), "\n"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Secrets.passwordFromFile(dir)).getMessage()
                .startsWith("cannot read " + dir), "a folder");
        Path big = Files.write(dir.resolve("big"), new byte[70_000]);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Secrets.passwordFromFile(big)).getMessage()
                .contains("not a password file"));
    }
}
