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
        Path built = builtJar(spec, repositoryRoot);
        if (!aot) {
            return new ServiceApp(spec, built, List.of(), null, null);
        }
        try {
            Path extracted = extract(spec, repositoryRoot, appsDirectory);
            Path cache = appsDirectory.resolve(spec.name() + ".aot");
            Path configuration = appsDirectory.resolve(spec.name() + ".aotconf");
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
     * The service's jar extracted by Spring Boot's jarmode tools into {@code <apps>/<name>/} (a plain jar whose
     * manifest names {@code lib/*.jar}), its classes and resources unpacked beside it in {@code classes/} (for a
     * host that gives it its own loader). Done again only when the built jar changed; a change also drops the
     * service's AOT configuration and cache.
     */
    static Path extract(ServiceSpec spec, Path repositoryRoot, Path appsDirectory) throws IOException {
        Path built = builtJar(spec, repositoryRoot);
        Path extracted = appsDirectory.resolve(spec.name());
        Path stampFile = appsDirectory.resolve(spec.name() + ".stamp");
        String stamp = Files.size(built) + ":" + Files.getLastModifiedTime(built).toMillis();
        if (Files.exists(stampFile) && Files.readString(stampFile).equals(stamp)) {
            return extracted;
        }
        Fleet.deleteRecursively(extracted);
        Files.deleteIfExists(appsDirectory.resolve(spec.name() + ".aot"));
        Files.deleteIfExists(appsDirectory.resolve(spec.name() + ".aotconf"));
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
        unpack(extracted.resolve(spec.name() + ".jar"), extracted.resolve("classes"));
        Files.writeString(stampFile, stamp);
        return extracted;
    }

    private static Path builtJar(ServiceSpec spec, Path repositoryRoot) {
        Path built = repositoryRoot.resolve(spec.name()).resolve("target").resolve(spec.name() + ".jar");
        if (!Files.isRegularFile(built)) {
            throw new IllegalStateException("missing " + built + ": build it first with ./mvnw -q install -DskipTests");
        }
        return built;
    }

    private static void unpack(Path jar, Path directory) throws IOException {
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(Files.newInputStream(jar))) {
            for (java.util.zip.ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = directory.resolve(entry.getName()).normalize();
                if (!target.startsWith(directory)) {
                    throw new IOException("entry outside the directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (!entry.getName().equals("META-INF/MANIFEST.MF")) {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
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
        return createAotCache(spec.name(), Fleet.SERVICE_JVM_OPTIONS, List.of("-jar", jar.toString()), aotConfiguration,
                aotCache);
    }

    /**
     * Turns a recorded AOT configuration into a cache for the JVM started with {@code jvmOptions} and {@code launch}
     * (the class path and main class, or {@code -jar}), once; see {@link #createAotCache()}.
     */
    static boolean createAotCache(String name, List<String> jvmOptions, List<String> launch, Path aotConfiguration,
                                  Path aotCache) {
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
            command.addAll(jvmOptions);
            command.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + aotConfiguration,
                    "-XX:AOTCache=" + aotCache));
            command.addAll(launch);
            Path log = aotCache.resolveSibling(name + ".aot.log");
            System.out.println("creating the AOT cache of " + name + " from its first run (once after a build)");
            int exit = ManagedProcess.start(name + "-aot", command, aotCache.getParent(), log, Map.of(),
                    Duration.ofSeconds(5)).awaitExit(Duration.ofMinutes(5));
            Files.deleteIfExists(aotConfiguration);
            if (exit != 0) {
                Files.deleteIfExists(aotCache);
                System.err.println("AOT cache for " + name + " not created (exit " + exit + "); see " + log);
                return false;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            System.err.println("AOT cache for " + name + " not created: " + e.getMessage());
            return false;
        }
    }
}
