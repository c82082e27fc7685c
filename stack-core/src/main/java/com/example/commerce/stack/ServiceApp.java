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
 * <p>With a JDK 25+ the first run records which classes the service loads (AOT configuration, written
 * when it exits); {@link #createAotCache} turns that into an AOT cache, and later runs load it and start
 * about three times faster. The two steps are apart on purpose: the JDK's one-step mode assembles the
 * cache in a child JVM after the service has exited, which would outlive the fleet. A rebuilt jar
 * invalidates the extraction, the configuration and the cache.
 */
record ServiceApp(ServiceSpec spec, Path jar, List<String> jvmOptions, Path aotConfiguration, Path aotCache) {

    static ServiceApp prepare(ServiceSpec spec, Path repositoryRoot, Path appsDirectory, boolean aot) {
        Path built = repositoryRoot.resolve(spec.name()).resolve("target").resolve(spec.name() + ".jar");
        if (!Files.isRegularFile(built)) {
            throw new IllegalStateException("missing " + built + ": build it first with ./mvnw -q install -DskipTests");
        }
        if (!aot) {
            return new ServiceApp(spec, built, List.of(), null, null);
        }
        try {
            Path extracted = appsDirectory.resolve(spec.name());
            Path stampFile = appsDirectory.resolve(spec.name() + ".stamp");
            Path cache = appsDirectory.resolve(spec.name() + ".aot");
            Path configuration = appsDirectory.resolve(spec.name() + ".aotconf");
            String stamp = Files.size(built) + ":" + Files.getLastModifiedTime(built).toMillis();
            boolean fresh = Files.exists(stampFile) && Files.readString(stampFile).equals(stamp);
            if (!fresh) {
                Fleet.deleteRecursively(extracted);
                Files.deleteIfExists(cache);
                Files.deleteIfExists(configuration);
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
            ServiceApp app = new ServiceApp(spec, extracted.resolve(spec.name() + ".jar"), List.of(), configuration, cache);
            app.createAotCache();
            List<String> options = Files.isRegularFile(cache) && Files.size(cache) > 0
                    ? List.of("-XX:AOTCache=" + cache)
                    : List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + configuration);
            return new ServiceApp(spec, app.jar(), options, configuration, cache);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare " + spec.name(), e);
        }
    }

    /**
     * This app for a second instance or a restart: it may load the AOT cache, but it records no AOT
     * configuration (two processes writing one file, or a killed one leaving half of it, help nobody).
     */
    ServiceApp withoutAotRecording() {
        if (jvmOptions.stream().noneMatch(option -> option.startsWith("-XX:AOTMode=record"))) {
            return this;
        }
        return new ServiceApp(spec, jar, List.of(), null, null);
    }

    /**
     * Turns a recorded AOT configuration into the cache, once: a no-op without a configuration, or when
     * the cache exists. A failure only costs speed, so it is reported and the configuration dropped.
     *
     * @return whether a cache was created
     */
    boolean createAotCache() {
        if (aotConfiguration == null || aotCache == null) {
            return false;
        }
        try {
            if (!Files.isRegularFile(aotConfiguration) || Files.size(aotConfiguration) == 0
                    || (Files.isRegularFile(aotCache) && Files.size(aotCache) > 0)) {
                return false;
            }
            List<String> command = new java.util.ArrayList<>();
            command.add(Java.executable());
            command.addAll(Fleet.SERVICE_JVM_OPTIONS);
            command.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + aotConfiguration,
                    "-XX:AOTCache=" + aotCache, "-jar", jar.toString()));
            Path log = aotCache.resolveSibling(spec.name() + ".aot.log");
            int exit = ManagedProcess.start(spec.name() + "-aot", command, aotCache.getParent(), log, Map.of(),
                    Duration.ofSeconds(5)).awaitExit(Duration.ofMinutes(5));
            Files.deleteIfExists(aotConfiguration);
            if (exit != 0) {
                Files.deleteIfExists(aotCache);
                System.err.println("AOT cache for " + spec.name() + " not created (exit " + exit + "); see " + log);
                return false;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            System.err.println("AOT cache for " + spec.name() + " not created: " + e.getMessage());
            return false;
        }
    }
}
