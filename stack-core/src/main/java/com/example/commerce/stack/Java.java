package com.example.commerce.stack;

import java.nio.file.Files;
import java.nio.file.Path;

/** The JDK the fleet's child processes run on: the one running this JVM. */
final class Java {

    private Java() {
    }

    static String executable() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (!Files.isExecutable(java)) {
            throw new IllegalStateException("no java executable at " + java);
        }
        return java.toString();
    }

    static int featureVersion() {
        return Runtime.version().feature();
    }
}
