package com.example.commerce.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Makes sure the fleet's processes do not outlive the JVM that started them, even when that JVM is killed
 * with SIGKILL and gets no chance to stop them itself.
 *
 * <p>Every child's pid is written to a file; a small shell watcher (immune to Ctrl-C's SIGINT) waits for
 * this JVM to exit and then signals whatever the file still lists: SIGTERM (SIGINT for PostgreSQL, its
 * fast shutdown), then SIGKILL for anything still alive 20 s later. A clean stop empties the file first,
 * so the watcher has nothing to do.
 */
public final class OrphanGuard implements AutoCloseable {

    private static final String WATCHER = """
            trap '' INT TERM HUP
            while kill -0 "$1" 2>/dev/null; do sleep 1; done
            [ -s "$2" ] || exit 0
            while read -r pid signal; do kill -s "$signal" "$pid" 2>/dev/null; done < "$2"
            for i in $(seq 20); do
              alive=0
              while read -r pid signal; do kill -0 "$pid" 2>/dev/null && alive=1; done < "$2"
              [ "$alive" = 0 ] && break
              sleep 1
            done
            while read -r pid signal; do kill -s KILL "$pid" 2>/dev/null; done < "$2"
            rm -f "$2"
            """;

    private final Path pidFile;
    private final Process watcher;

    private OrphanGuard(Path pidFile, Process watcher) {
        this.pidFile = pidFile;
        this.watcher = watcher;
    }

    public static OrphanGuard start(Path pidFile) {
        try {
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, "");
            Process watcher = new ProcessBuilder("sh", "-c", WATCHER, "orphan-guard",
                    Long.toString(ProcessHandle.current().pid()), pidFile.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new OrphanGuard(pidFile, watcher);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the orphan guard", e);
        }
    }

    /** Records a child to stop if this JVM dies; {@code signal} is how it is asked to stop (TERM, INT). */
    public synchronized void watch(long pid, String signal) {
        try {
            Files.writeString(pidFile, pid + " " + signal + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not record pid " + pid, e);
        }
    }

    /** A child that has ended (and was waited for): its pid may be reused, so it must not be signalled. */
    public synchronized void forget(long pid) {
        try {
            List<String> kept = Files.readAllLines(pidFile).stream()
                    .filter(line -> !line.isBlank() && Long.parseLong(line.split(" ")[0]) != pid)
                    .map(line -> line + "\n")
                    .toList();
            Files.writeString(pidFile, String.join("", kept));
        } catch (IOException e) {
            throw new UncheckedIOException("could not forget pid " + pid, e);
        }
    }

    /** Lists the pids this guard watches, for a caller that wants to check they are gone. */
    public synchronized List<Long> watched() {
        try {
            return Files.readAllLines(pidFile).stream()
                    .filter(line -> !line.isBlank())
                    .map(line -> Long.parseLong(line.split(" ")[0]))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The fleet stopped cleanly: nothing left to reap. */
    @Override
    public synchronized void close() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        watcher.destroyForcibly();
    }
}
