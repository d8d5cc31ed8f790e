package dev.schemahealer.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Credentials kept out of sight: masked wherever a URL or connection properties are logged or
 * printed (logs, {@code status}, exceptions, JMX), and read from an environment variable or a file,
 * which {@code ps} and JMX do not show, rather than from a command line or system property.
 */
public final class Secrets {

    /**
     * Every key that ends in {@code password} (Connector/J's password1/2/3 for multi-factor
     * authentication, sslpassword, trustStorePassword, ...) or is {@code pwd}: its value up to the
     * next separator of any of the three drivers' URL forms.
     */
    private static final Pattern PASSWORD_PARAM =
            Pattern.compile("(?i)((?:\\w*password[123]?|pwd)\\s*=\\s*)[^&;,)]*");
    /** The same keys as whole property names. */
    private static final Pattern PASSWORD_KEY = Pattern.compile("(?i)(?:.*password[123]?|pwd)");
    /** {@code //user:secret@host}: the secret may itself hold '/' or '@', so up to the last '@' before the path. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?]+:)[^?]*@(?=[^@/?]*(?:[/?]|$))");
    /** More than any password; a larger file is the wrong file. */
    private static final int MAX_PASSWORD_FILE_BYTES = 64 * 1024;

    private Secrets() {
    }

    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        return USER_INFO.matcher(PASSWORD_PARAM.matcher(url).replaceAll("$1****")).replaceAll("$1****@");
    }

    /**
     * Whether a connection property holds a secret: {@code password}, {@code password1/2/3},
     * {@code sslpassword}, {@code trustCertificateKeyStorePassword}, {@code keyPassword}, {@code pwd}, ...
     * ({@code passwordCharacterEncoding} and {@code sslpasswordcallback} hold none).
     */
    public static boolean isSecretKey(String key) {
        return key != null && PASSWORD_KEY.matcher(key.trim()).matches();
    }

    /**
     * Connection properties for a log line, in key order: {@code {password=****, ssl=true, user=app}}.
     * Secret values become {@code ****}; every other value is masked as a URL (a value may be one).
     */
    public static String maskProperties(Properties properties) {
        if (properties == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder("{");
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            sb.append(sb.length() == 1 ? "" : ", ").append(key).append('=')
                    .append(isSecretKey(key) ? "****" : maskUrl(properties.getProperty(key)));
        }
        return sb.append('}').toString();
    }

    /**
     * The password held by environment variable {@code name}; set but empty is an empty password
     * (a local test server's {@code root}, say).
     *
     * @throws IllegalArgumentException saying why there is none: not set
     */
    public static String passwordFromEnvironment(String name, Map<String, String> environment) {
        String value = environment.get(name);
        if (value == null) {
            throw new IllegalArgumentException("environment variable " + name + " is not set");
        }
        return value;
    }

    /**
     * The password held by a file (a Kubernetes or Docker secret, say): its content in UTF-8 without
     * the line breaks that end it, which editors and {@code echo} add. An empty file is taken for a
     * secret that was never filled in.
     *
     * @throws IllegalArgumentException saying why there is none: missing, unreadable, empty, too large
     */
    public static String passwordFromFile(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_PASSWORD_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + file);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("cannot read " + file + ": permission denied");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        if (bytes.length > MAX_PASSWORD_FILE_BYTES) {
            throw new IllegalArgumentException(file + " holds more than " + MAX_PASSWORD_FILE_BYTES / 1024
                    + " KiB: not a password file");
        }
        String password = new String(bytes, StandardCharsets.UTF_8).replaceFirst("[\\r\\n]+$", "");
        if (password.isEmpty()) {
            throw new IllegalArgumentException(file + " is empty");
        }
        return password;
    }
}
