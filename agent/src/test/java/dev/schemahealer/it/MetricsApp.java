package dev.schemahealer.it;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * Runs the release-2 insert (it needs customers.email) {@code times} times, then prints the agent's
 * MBean as the platform MBean server shows it, and its Micrometer meters.
 * Args: url user password times
 */
public final class MetricsApp {

    static final String[] ATTRIBUTES = {"Misses", "Heals", "StatementsRetried", "UpgradesApplied", "UpgradeFailures",
        "ObservedMisses", "RequestsWaited"};

    public static void main(String[] args) throws Exception {
        Metrics.addRegistry(new SimpleMeterRegistry()); // as Spring Boot does with its own registry
        int times = Integer.parseInt(args[3]);
        try (Connection c = DriverManager.getConnection(args[0], args[1], args[2])) {
            for (int i = 0; i < times; i++) {
                try (PreparedStatement ps = c.prepareStatement("insert into customers (id, name, email) values (?, ?, ?)")) {
                    ps.setLong(1, 100 + i);
                    ps.setString(2, "metrics");
                    ps.setString(3, "m@example.com");
                    ps.executeUpdate();
                    System.out.println("OK");
                } catch (SQLException e) {
                    System.out.println("ERROR " + e.getSQLState());
                }
            }
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("dev.schemahealer:type=Healer");
        // Published in the background after the first miss.
        for (int i = 0; i < 300 && (!server.isRegistered(name) || Metrics.globalRegistry.find("schemahealer.upgrades.pending")
                .gauge() == null); i++) {
            Thread.sleep(100);
        }
        List<String> values = new ArrayList<>();
        for (String attribute : ATTRIBUTES) {
            values.add(attribute + "=" + server.getAttribute(name, attribute));
        }
        values.add("WaitedMillis>0=" + ((Long) server.getAttribute(name, "WaitedMillis") > 0));
        values.add("LastHealMillis>0=" + ((Long) server.getAttribute(name, "LastHealMillis") > 0));
        System.out.println("MBEAN " + String.join(" ", values));
        TabularData pending = (TabularData) server.getAttribute(name, "PendingUpgrades");
        for (Object row : pending.values()) {
            CompositeData d = (CompositeData) row;
            System.out.println("PENDING " + d.get("key") + " = " + d.get("value"));
        }
        FunctionCounter heals = Metrics.globalRegistry.find("schemahealer.heals").functionCounter();
        Gauge pendingGauge = Metrics.globalRegistry.find("schemahealer.upgrades.pending").gauge();
        FunctionCounter observed = Metrics.globalRegistry.find("schemahealer.misses.observed").functionCounter();
        System.out.println("MICROMETER heals=" + (heals == null ? null : heals.count())
                + " observed=" + (observed == null ? null : observed.count())
                + " pending=" + (pendingGauge == null ? null : pendingGauge.value()));
    }
}
