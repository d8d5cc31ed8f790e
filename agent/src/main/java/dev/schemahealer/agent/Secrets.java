package dev.schemahealer.agent;

import java.util.regex.Pattern;

/** Masks credentials wherever a URL is logged or printed: logs, {@code status}, exceptions. */
public final class Secrets {

    /**
     * Every key that ends in {@code password} (Connector/J's password1/2/3 for multi-factor
     * authentication, sslpassword, trustStorePassword, ...) or is {@code pwd}: its value up to the
     * next separator of any of the three drivers' URL forms.
     */
    private static final Pattern PASSWORD_PARAM =
            Pattern.compile("(?i)((?:\\w*password[123]?|pwd)\\s*=\\s*)[^&;,)]*");
    /** {@code //user:secret@host}: the secret may itself hold '/' or '@', so up to the last '@' before the path. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?]+:)[^?]*@(?=[^@/?]*(?:[/?]|$))");

    private Secrets() {
    }

    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        return USER_INFO.matcher(PASSWORD_PARAM.matcher(url).replaceAll("$1****")).replaceAll("$1****@");
    }
}
