package com.example.commerce.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A launcher killed with SIGKILL gets no chance to stop its children; the orphan guard must do it.
 * The "launcher" here is a separate JVM ({@link OrphanGuardProbe}) that starts a long-running child.
 */
class OrphanGuardIntegrationTests {

    @TempDir
    Path directory;

    @Test
    void childrenOfAKilledLauncherAreStopped() throws Exception {
        Process launcher = new ProcessBuilder(Java.executable(), "-cp", System.getProperty("java.class.path"),
                OrphanGuardProbe.class.getName(), directory.resolve("pids").toString())
                .redirectErrorStream(true)
                .start();
        long childPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(launcher.getInputStream()))) {
            String line = out.readLine();
            assertThat(line).as("the probe reports its child").startsWith("child ");
            childPid = Long.parseLong(line.substring("child ".length()));
            assertThat(ProcessHandle.of(childPid)).hasValueSatisfying(child -> assertThat(child.isAlive()).isTrue());

            launcher.destroyForcibly().waitFor();

            ProcessHandle child = ProcessHandle.of(childPid).orElse(null);
            if (child != null) {
                child.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        assertThat(ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aCleanStopLeavesTheWatcherNothingToDo() throws Exception {
        Path pids = directory.resolve("clean-pids");
        ManagedProcess child = ManagedProcess.start("sleeper", List.of("sleep", "600"), directory,
                directory.resolve("sleeper.log"), java.util.Map.of(), Duration.ofSeconds(5));
        try (OrphanGuard guard = OrphanGuard.start(pids)) {
            guard.watch(child.pid(), "TERM");
            assertThat(guard.watched()).containsExactly(child.pid());
        } finally {
            child.close();
        }
        assertThat(pids).doesNotExist();
        assertThat(child.isAlive()).isFalse();
    }
}
