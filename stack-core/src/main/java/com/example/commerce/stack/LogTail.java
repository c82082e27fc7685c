package com.example.commerce.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a server's log, to put into a failure message where a build log shows them. */
public final class LogTail {

    private LogTail() {
    }

    /** Up to {@code lines} last lines of {@code log}, or a sentence saying why there are none. */
    public static String of(Path log, int lines) {
        if (!Files.exists(log)) {
            return "(no log at " + log + ")";
        }
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
            return "last " + tail.size() + " lines of " + log + ":" + System.lineSeparator()
                    + String.join(System.lineSeparator(), tail);
        } catch (IOException | RuntimeException e) {
            return "(log " + log + " not readable: " + e.getMessage() + ")";
        }
    }
}
