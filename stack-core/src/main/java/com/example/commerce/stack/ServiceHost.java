package com.example.commerce.stack;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The process that hosts several services at once in the local stack's shared mode (the product brief's
 * "start with a modular monolith", for one machine): one JVM, one heap and one JIT instead of one per service.
 *
 * <p>Each service keeps everything that makes it a service: its own class loader (its classes, resources,
 * Flyway migrations and the libraries only it uses), its own Spring application context, port, REST API,
 * database role and schema, Kafka consumer groups and outbox. What they share are the libraries every service
 * has anyway (Spring, Hibernate, the Kafka client, Tomcat...), loaded once by this JVM's class path and, on a
 * JDK 25+, from one AOT cache. The services still talk to each other only over HTTP and Kafka.
 *
 * <p>It uses the JDK only (its class path holds the shared libraries and nothing of the fleet's own code), and
 * reads a plan whose lines are tab separated: {@code service <name> <main class>}, {@code path <name> <file>}
 * (a directory or jar of that service's own loader) and {@code arg <name> <argument>}. The services start side by
 * side; if one fails, the host stops them all and exits with 1, so that whoever started it sees the failure. On
 * SIGTERM every context is closed at once (each with its graceful shutdown), not one after another.
 */
public final class ServiceHost {

    private ServiceHost() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ServiceHost <plan file>");
            System.exit(2);
        }
        Map<String, Hosted> plan = readPlan(Path.of(args[0]));
        List<AutoCloseable> contexts = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(contexts), "service-host-stop"));

        CountDownLatch started = new CountDownLatch(plan.size());
        List<Throwable> failures = new ArrayList<>();
        for (Hosted hosted : plan.values()) {
            Thread thread = new Thread(() -> {
                try {
                    AutoCloseable context = hosted.start();
                    synchronized (contexts) {
                        contexts.add(context);
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                    System.err.println(hosted.name + " failed to start:");
                    e.printStackTrace();
                } finally {
                    started.countDown();
                }
            }, hosted.name + "-start");
            thread.start();
        }
        started.await();
        if (!failures.isEmpty()) {
            System.exit(1);
        }
        System.out.println("service host: " + plan.keySet() + " started");
    }

    private static void closeAll(List<AutoCloseable> contexts) {
        List<AutoCloseable> open;
        synchronized (contexts) {
            open = List.copyOf(contexts);
        }
        List<Thread> closing = new ArrayList<>();
        for (AutoCloseable context : open) {
            Thread thread = new Thread(() -> {
                try {
                    context.close();
                } catch (Exception e) {
                    System.err.println("closing " + context + " failed: " + e);
                }
            }, "service-host-close");
            thread.start();
            closing.add(thread);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Thread thread : closing) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static Map<String, Hosted> readPlan(Path file) throws IOException {
        Map<String, Hosted> plan = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\t", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException("bad plan line: " + line);
            }
            switch (parts[0]) {
                case "service" -> plan.put(parts[1], new Hosted(parts[1], parts[2]));
                case "path" -> hosted(plan, parts[1]).paths.add(Path.of(parts[2]));
                case "arg" -> hosted(plan, parts[1]).arguments.add(parts[2]);
                default -> throw new IllegalArgumentException("bad plan line: " + line);
            }
        }
        if (plan.isEmpty()) {
            throw new IllegalArgumentException("the plan " + file + " names no service");
        }
        return plan;
    }

    private static Hosted hosted(Map<String, Hosted> plan, String name) {
        Hosted hosted = plan.get(name);
        if (hosted == null) {
            throw new IllegalArgumentException("the plan names " + name + " before its service line");
        }
        return hosted;
    }

    /** One hosted service: its name, main class, own class path and command-line arguments. */
    static final class Hosted {

        final String name;
        final String mainClass;
        final List<Path> paths = new ArrayList<>();
        final List<String> arguments = new ArrayList<>();

        Hosted(String name, String mainClass) {
            this.name = name;
            this.mainClass = mainClass;
        }

        /** Runs {@code SpringApplication.run(mainClass, args)} in the service's own loader; returns its context. */
        AutoCloseable start() throws ReflectiveOperationException, MalformedURLException {
            List<URL> urls = new ArrayList<>();
            for (Path path : paths) {
                urls.add(path.toUri().toURL());
            }
            ClassLoader loader = new URLClassLoader(name, urls.toArray(URL[]::new), ServiceHost.class.getClassLoader());
            Thread.currentThread().setContextClassLoader(loader);
            Class<?> application = Class.forName(mainClass, true, loader);
            Class<?> springApplication = Class.forName("org.springframework.boot.SpringApplication", true, loader);
            try {
                Object context = springApplication.getMethod("run", Class.class, String[].class)
                        .invoke(null, application, arguments.toArray(String[]::new));
                return (AutoCloseable) context;
            } catch (InvocationTargetException e) {
                throw new IllegalStateException(name + " did not start", e.getCause());
            }
        }
    }
}
