package dev.schemahealer.it;

import static net.bytebuddy.matcher.ElementMatchers.named;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;

/**
 * An application with its own (older) Byte Buddy, as Hibernate or Mockito bring: it keeps working,
 * and so does the agent. Args: url user password
 */
public final class OwnByteBuddyApp {

    public static void main(String[] args) throws Exception {
        Class<?> generated = new ByteBuddy()
                .subclass(Object.class)
                .method(named("toString")).intercept(FixedValue.value("made by the application's Byte Buddy"))
                .make()
                .load(OwnByteBuddyApp.class.getClassLoader())
                .getLoaded();
        System.out.println("BYTEBUDDY " + ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation());
        System.out.println("GENERATED " + generated.getDeclaredConstructor().newInstance());
        try (Connection c = DriverManager.getConnection(args[0], args[1], args[2]);
             PreparedStatement ps = c.prepareStatement("insert into customers (id, name, email) values (?, ?, ?)")) {
            ps.setLong(1, 8);
            ps.setString(2, "bytebuddy");
            ps.setString(3, "bb@example.com");
            ps.executeUpdate();
            System.out.println("OK");
        }
    }
}
