package com.example.commerce.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The runnable form of a {@link ServiceHost}: the services it hosts (each extracted as {@link ServiceApp#extract}
 * leaves it), the class path of what they share, each one's own loader path, and the JVM's options (with an AOT
 * cache on a JDK 25+, recorded on a first run and used after, as for a single service).
 *
 * <p>A library goes on the shared class path when every hosted service has it, or when it carries no Spring
 * auto-configuration ({@code META-INF/spring.factories}, {@code META-INF/spring/*.imports}): a plain library is harmless to
 * a service that does not use it, but an auto-configuration would switch itself on in every service (customer
 * service's authorization server, say). Those stay in their service's own loader.
 *
 * @param services          the hosted services, in fleet order
 * @param mainClasses       each one's Spring Boot application class
 * @param ownPaths          each one's loader path: its classes, then the libraries only it may see
 * @param classPath         the host JVM's class path: the host's own small jar, then the shared libraries
 * @param jvmOptions        the host JVM's options, AOT options included
 * @param plan              where the plan the host reads is written ({@link #writePlan})
 * @param aotConfiguration  the AOT configuration a first run records (null without AOT)
 * @param aotCache          the AOT cache later runs use (null without AOT)
 */
record ServiceHostApp(List<ServiceSpec> services, Map<String, String> mainClasses, Map<String, List<Path>> ownPaths,
                      List<Path> classPath, List<String> jvmOptions, Path plan, Path aotConfiguration, Path aotCache) {

    /** The name of the host's process (and of its log). */
    static final String NAME = "service-host";

    static ServiceHostApp prepare(List<ServiceSpec> services, Path repositoryRoot, Path appsDirectory, boolean aot) {
        try {
            Map<String, String> mainClasses = new LinkedHashMap<>();
            Map<String, Map<String, Path>> libraries = new LinkedHashMap<>();
            extractAll(services, repositoryRoot, appsDirectory);
            for (ServiceSpec spec : services) {
                Path extracted = ServiceApp.extract(spec, repositoryRoot, appsDirectory);
                mainClasses.put(spec.name(), mainClass(extracted.resolve(spec.name() + ".jar")));
                Map<String, Path> own = new TreeMap<>();
                try (Stream<Path> jars = Files.list(extracted.resolve("lib"))) {
                    jars.filter(jar -> jar.getFileName().toString().endsWith(".jar"))
                            .forEach(jar -> own.put(jar.getFileName().toString(), jar));
                }
                libraries.put(spec.name(), own);
            }

            Map<String, Path> shared = new TreeMap<>();
            Map<String, List<Path>> ownPaths = new LinkedHashMap<>();
            Map<String, List<Path>> ownLibraries = partition(libraries, ServiceHostApp::autoConfigures, shared);
            for (ServiceSpec spec : services) {
                List<Path> own = new ArrayList<>();
                own.add(appsDirectory.resolve(spec.name()).resolve("classes"));
                own.addAll(ownLibraries.get(spec.name()));
                ownPaths.put(spec.name(), List.copyOf(own));
            }

            Path home = appsDirectory.resolve(NAME);
            Files.createDirectories(home);
            List<Path> classPath = new ArrayList<>();
            classPath.add(writeHostJar(home.resolve(NAME + ".jar")));
            classPath.addAll(shared.values());
            Path logback = home.resolve("logback.xml");
            writeIfChanged(logback, LOGBACK.getBytes(java.nio.charset.StandardCharsets.UTF_8));

            List<String> options = new ArrayList<>(Fleet.hostJvmOptions(Fleet.jit("tiered"), services.size()));
            options.add("-Dorg.springframework.boot.logging.LoggingSystem=none");
            options.add("-Dlogback.configurationFile=" + logback);
            Path cache = null;
            Path configuration = null;
            if (aot) {
                cache = appsDirectory.resolve(NAME + ".aot");
                configuration = appsDirectory.resolve(NAME + ".aotconf");
                Path stampFile = appsDirectory.resolve(NAME + ".stamp");
                String stamp = stamp(classPath, services);
                if (!Files.exists(stampFile) || !Files.readString(stampFile).equals(stamp)) {
                    Files.deleteIfExists(cache);
                    Files.deleteIfExists(configuration);
                    Files.writeString(stampFile, stamp);
                }
                ServiceApp.createAotCache(NAME, options, launch(classPath, home.resolve("plan.tsv")), configuration, cache);
                options.addAll(Files.isRegularFile(cache) && Files.size(cache) > 0
                        ? List.of("-XX:AOTCache=" + cache)
                        : List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + configuration));
            }
            return new ServiceHostApp(List.copyOf(services), mainClasses, ownPaths, List.copyOf(classPath),
                    List.copyOf(options), home.resolve("plan.tsv"), configuration, cache);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the service host", e);
        }
    }

    /**
     * Splits the services' libraries (file name to jar, per service) into the shared class path (added to
     * {@code shared}) and what each service keeps to itself (returned): a library goes to the shared class path
     * when every service has it or when it does not auto-configure anything.
     */
    static Map<String, List<Path>> partition(Map<String, Map<String, Path>> libraries,
                                             java.util.function.Predicate<Path> autoConfigures, Map<String, Path> shared) {
        Map<String, List<Path>> own = new LinkedHashMap<>();
        libraries.forEach((service, jars) -> {
            List<Path> kept = new ArrayList<>();
            jars.forEach((name, jar) -> {
                boolean everywhere = libraries.values().stream().allMatch(each -> each.containsKey(name));
                if (everywhere || !autoConfigures.test(jar)) {
                    shared.putIfAbsent(name, jar);
                } else {
                    kept.add(jar);
                }
            });
            own.put(service, List.copyOf(kept));
        });
        return own;
    }

    /** Extracts every service's jar side by side (each is a short JVM run; done again only after a build). */
    private static void extractAll(List<ServiceSpec> services, Path repositoryRoot, Path appsDirectory) throws IOException {
        List<java.util.concurrent.Future<Path>> extractions = new ArrayList<>();
        try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3)) {
            for (ServiceSpec spec : services) {
                extractions.add(pool.submit(() -> ServiceApp.extract(spec, repositoryRoot, appsDirectory)));
            }
        }
        for (java.util.concurrent.Future<Path> extraction : extractions) {
            try {
                extraction.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while extracting the services", e);
            }
        }
    }

    /** The host's command line: the JDK, its options, the shared class path, {@link ServiceHost} and the plan. */
    List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Java.executable());
        command.addAll(jvmOptions);
        command.addAll(launch(classPath, plan));
        return command;
    }

    /** Writes the plan the host reads: each service, its main class, its own loader path and its arguments. */
    void writePlan(Map<String, List<String>> arguments) {
        StringBuilder text = new StringBuilder();
        for (ServiceSpec spec : services) {
            text.append("service\t").append(spec.name()).append('\t').append(mainClasses.get(spec.name())).append('\n');
            ownPaths.get(spec.name()).forEach(path -> text.append("path\t").append(spec.name()).append('\t')
                    .append(path).append('\n'));
            for (String argument : arguments.getOrDefault(spec.name(), List.of())) {
                if (argument.contains("\n") || argument.contains("\t")) {
                    throw new IllegalArgumentException("an argument of " + spec.name() + " holds a tab or newline");
                }
                text.append("arg\t").append(spec.name()).append('\t').append(argument).append('\n');
            }
        }
        try {
            // The arguments carry the local stack's development secrets: readable by this user only.
            Files.deleteIfExists(plan);
            Files.createFile(plan, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(plan, text);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + plan, e);
        }
    }

    private static List<String> launch(List<Path> classPath, Path plan) {
        return List.of("-cp", String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()),
                ServiceHost.class.getName(), plan.toString());
    }

    private static String mainClass(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            String main = file.getManifest() == null ? null : file.getManifest().getMainAttributes().getValue("Main-Class");
            if (main == null) {
                throw new IllegalStateException(jar + " names no Main-Class");
            }
            return main;
        }
    }

    private static boolean autoConfigures(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(JarEntry::getName)
                    .anyMatch(name -> name.equals("META-INF/spring.factories")
                            || (name.startsWith("META-INF/spring/") && name.endsWith(".imports")));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + jar, e);
        }
    }

    /**
     * The host's own jar: {@link ServiceHost} and its nested class only (a JDK AOT cache takes jars, not
     * directories). Rewritten only when its content changes, so that an AOT cache made for it stays valid.
     */
    private static Path writeHostJar(Path jar) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes)) {
            for (String simpleName : List.of("ServiceHost", "ServiceHost$Hosted")) {
                String entry = ServiceHost.class.getPackageName().replace('.', '/') + "/" + simpleName + ".class";
                JarEntry jarEntry = new JarEntry(entry);
                jarEntry.setTime(0);
                out.putNextEntry(jarEntry);
                try (InputStream in = ServiceHost.class.getClassLoader().getResourceAsStream(entry)) {
                    if (in == null) {
                        throw new IllegalStateException("missing " + entry);
                    }
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        writeIfChanged(jar, bytes.toByteArray());
        return jar;
    }

    private static void writeIfChanged(Path file, byte[] content) throws IOException {
        if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), content)) {
            return;
        }
        Files.write(file, content);
    }

    private static String stamp(Collection<Path> classPath, List<ServiceSpec> services) throws IOException {
        StringBuilder stamp = new StringBuilder(services.stream().map(ServiceSpec::name).toList().toString());
        for (Path jar : classPath) {
            stamp.append('\n').append(jar).append(':').append(Files.size(jar)).append(':')
                    .append(Files.getLastModifiedTime(jar).toMillis());
        }
        return stamp.toString();
    }

    /**
     * One log for every hosted service (Spring Boot's logging system is off in the host: each service would
     * reconfigure the one Logback they share). The thread names tell services apart (their ports, their
     * listener ids); trace and span ids as in every service's log.
     */
    private static final String LOGBACK = """
            <configuration>
              <appender name="console" class="ch.qos.logback.core.ConsoleAppender">
                <encoder>
                  <pattern>%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{40} trace=%X{traceId:-} span=%X{spanId:-} order=%X{order.id:-} %msg%n</pattern>
                </encoder>
              </appender>
              <logger name="org.apache.catalina.startup.DigesterFactory" level="ERROR"/>
              <logger name="org.apache.catalina.util.LifecycleBase" level="ERROR"/>
              <logger name="org.apache.coyote.http11.Http11NioProtocol" level="WARN"/>
              <logger name="org.apache.tomcat.util.net.NioSelectorPool" level="WARN"/>
              <logger name="org.hibernate.validator.internal.util.Version" level="WARN"/>
              <root level="INFO">
                <appender-ref ref="console"/>
              </root>
            </configuration>
            """;
}
