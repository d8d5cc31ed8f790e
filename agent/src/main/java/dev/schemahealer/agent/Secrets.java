package dev.schemahealer.agent;

import java.util.regex.Pattern;

/** Masks credentials wherever a URL is logged or printed: logs, {@code status}, exceptions. */
public final class Secrets {

    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)((?:password|pwd|sslpassword)=)[^&;,)]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@]+:)[^@/]*@");

    private Secrets() {
    }

    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        return USER_INFO.matcher(PASSWORD_PARAM.matcher(url).replaceAll("$1****")).replaceAll("$1****@");
    }
}
