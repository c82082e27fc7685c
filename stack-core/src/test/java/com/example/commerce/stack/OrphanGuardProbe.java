package com.example.commerce.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Stands in for a launcher: guards one long-running child, reports its pid, then waits to be killed. */
public final class OrphanGuardProbe {

    private OrphanGuardProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path pidFile = Path.of(args[0]);
        OrphanGuard guard = OrphanGuard.start(pidFile);
        ManagedProcess child = ManagedProcess.start("sleeper", List.of("sleep", "600"), pidFile.getParent(),
                pidFile.resolveSibling("probe-child.log"), Map.of(), Duration.ofSeconds(5));
        guard.watch(child.pid(), "TERM");
        System.out.println("child " + child.pid());
        System.out.flush();
        Thread.currentThread().join();
    }
}
