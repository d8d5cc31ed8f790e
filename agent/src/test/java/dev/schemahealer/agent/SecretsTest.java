package dev.schemahealer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** Every password form of pgjdbc, Connector/J and MariaDB Connector/J URLs is masked. */
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
}
