package com.example.commerce.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The runnable form of one service: its Spring Boot jar, or (with an AOT cache) the jar extracted by
 * Spring Boot's jarmode tools so that the JDK can cache its classes, plus the AOT cache options.
 *
 * <p>The first run with a JDK 25+ records an AOT cache when the service exits; later runs load it and
 * start about three times faster. A rebuilt jar invalidates both the extraction and the cache.
 */
record ServiceApp(ServiceSpec spec, Path jar, List<String> jvmOptions) {

    static ServiceApp prepare(ServiceSpec spec, Path repositoryRoot, Path appsDirectory, boolean aot) {
        Path built = repositoryRoot.resolve(spec.name()).resolve("target").resolve(spec.name() + ".jar");
        if (!Files.isRegularFile(built)) {
            throw new IllegalStateException("missing " + built + ": build it first with ./mvnw -q install -DskipTests");
        }
        if (!aot) {
            return new ServiceApp(spec, built, List.of());
        }
        try {
            Path extracted = appsDirectory.resolve(spec.name());
            Path stampFile = appsDirectory.resolve(spec.name() + ".stamp");
            Path cache = appsDirectory.resolve(spec.name() + ".aot");
            String stamp = Files.size(built) + ":" + Files.getLastModifiedTime(built).toMillis();
            boolean fresh = Files.exists(stampFile) && Files.readString(stampFile).equals(stamp);
            if (!fresh) {
                Fleet.deleteRecursively(extracted);
                Files.deleteIfExists(cache);
                Files.createDirectories(appsDirectory);
                int exit = ManagedProcess.start(spec.name() + "-extract",
                                List.of(Java.executable(), "-Djarmode=tools", "-jar", built.toString(),
                                        "extract", "--destination", extracted.toString()),
                                appsDirectory, appsDirectory.resolve(spec.name() + ".extract.log"), Map.of(),
                                Duration.ofSeconds(5))
                        .awaitExit(Duration.ofSeconds(120));
                if (exit != 0) {
                    throw new IllegalStateException("could not extract " + built + " (exit " + exit + ")");
                }
                Files.writeString(stampFile, stamp);
            }
            List<String> options = Files.isRegularFile(cache)
                    ? List.of("-XX:AOTCache=" + cache)
                    : List.of("-XX:AOTCacheOutput=" + cache);
            return new ServiceApp(spec, extracted.resolve(spec.name() + ".jar"), options);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare " + spec.name(), e);
        }
    }
}
