package com.example.commerce.system;

import com.example.commerce.stack.Fleet;
import com.example.commerce.stack.FleetOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole fleet as the launcher starts it (every process, on free ports, on an empty stack in {@code target/fleet}),
 * shared by the classes that check it ({@code DemoCatalogueSystemTests}, then {@code FleetStartupSystemTests}: one
 * start of every process instead of two). Started by the first class that registers it
 * ({@code @RegisterExtension static final LauncherFleet launcher = new LauncherFleet();}), stopped when the test
 * run ends, or earlier by {@link #stop()} (the test that checks that a stop leaves nothing running).
 */
final class LauncherFleet implements BeforeAllCallback {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LauncherFleet.class);
    private static final String KEY = "fleet";

    private ExtensionContext.Store store;
    private Fleet fleet;

    @Override
    public void beforeAll(ExtensionContext context) {
        store = context.getRoot().getStore(NAMESPACE);
        // Closed with the root context's store when the whole run ends (a store closes its AutoCloseables).
        fleet = store.computeIfAbsent(KEY, key -> start(), Fleet.class);
    }

    private static Fleet start() {
        FleetOptions options = new FleetOptions(ROOT, Path.of("target", "fleet").toAbsolutePath(), true,
                Optional.empty(), FleetOptions.Ports.free(), false, Duration.ofMinutes(5));
        Fleet started = Fleet.start(options, message -> System.out.println("[fleet] " + message));
        System.out.println("[fleet] healthy after " + started.startupTime().toSeconds() + " s");
        return started;
    }

    Fleet fleet() {
        return fleet;
    }

    /** Stops the fleet now; a class that registers this extension later starts a new one. */
    void stop() {
        store.remove(KEY, Fleet.class);
        fleet.close();
    }
}
