package dev.schemahealer.it;

import java.sql.Driver;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Prints which JDBC drivers the application's class path offers: with only the agent jar, none. */
public final class NoDriverApp {

    public static void main(String[] args) {
        List<String> found = new ArrayList<>();
        for (String name : new String[] {"org.postgresql.Driver", "com.mysql.cj.jdbc.Driver", "org.mariadb.jdbc.Driver"}) {
            try {
                Class.forName(name, false, ClassLoader.getSystemClassLoader());
                found.add(name);
            } catch (ClassNotFoundException expected) {
                // not on the class path
            }
        }
        ServiceLoader.load(Driver.class).forEach(d -> found.add("service " + d.getClass().getName()));
        System.out.println("DRIVERS " + (found.isEmpty() ? "none" : String.join(", ", found)));
    }
}
