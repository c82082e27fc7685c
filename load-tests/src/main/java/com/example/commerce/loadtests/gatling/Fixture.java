package com.example.commerce.loadtests.gatling;

import com.example.commerce.loadtests.fleet.BenchmarkFleet;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What the scenarios run against: the fleet's addresses and the feeders (signed-in customers with their cards,
 * stocked SKUs), read from the directory named by {@code -Dbench.fixture}, which the step-up benchmark writes
 * after preparing the fleet. Run on its own (the Gatling Maven plugin, no {@code bench.fixture}), a simulation
 * starts and prepares the saga's fleet itself and stops it when it ends.
 */
public record Fixture(Properties urls, List<Map<String, Object>> customers, List<Map<String, Object>> skus) {

    private static BenchmarkFleet owned;

    public String url(String process) {
        String url = urls.getProperty(process);
        if (url == null) {
            throw new IllegalStateException("the fixture has no address for " + process);
        }
        return url;
    }

    /** The catalogue's cheapest endpoint, which the product-by-SKU read is compared with. */
    public String trivialPath() {
        return urls.getProperty("trivial-path", "/actuator/info");
    }

    /** The fixture named by {@code -Dbench.fixture}, or a fleet of its own, started and prepared here. */
    public static synchronized Fixture obtain() {
        String directory = System.getProperty("bench.fixture");
        if (directory != null) {
            return load(Path.of(directory));
        }
        Path state = BenchmarkFleet.repositoryRoot().resolve("load-tests/target/gatling-fleet");
        owned = BenchmarkFleet.start(BenchmarkFleet.options(state, false), m -> System.out.println("[fleet] " + m));
        List<BenchmarkFleet.Customer> customers = owned.customers(5);
        List<String> skus = owned.stockSkus("GATLING", 20, 99_999, customers.getFirst());
        String flash = owned.stockSkus("FLASH", 1, Integer.getInteger("bench.flashStock", 20) + 1, customers.getFirst())
                .getFirst();
        System.setProperty("bench.flashSku", flash);
        Path fixture = state.resolve("fixture");
        write(fixture, owned, customers, skus, "/actuator/info");
        return load(fixture);
    }

    /** Stops the fleet {@link #obtain} started, if it started one. */
    public static synchronized void releaseOwned() {
        if (owned != null) {
            owned.close();
            owned = null;
        }
    }

    /** Writes the fleet's addresses and the feeders into {@code directory}. */
    public static void write(Path directory, BenchmarkFleet bench, List<BenchmarkFleet.Customer> customers,
                             List<String> skus, String trivialPath) {
        BenchmarkFleet.writeFeeders(directory, customers, skus);
        Properties urls = new Properties();
        for (String process : BenchmarkFleet.PROCESSES) {
            urls.setProperty(process, bench.fleet().baseUrl(process));
        }
        urls.setProperty("trivial-path", trivialPath);
        try (var out = Files.newBufferedWriter(directory.resolve("urls.properties"))) {
            urls.store(out, "the fleet's addresses");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Fixture load(Path directory) {
        Properties urls = new Properties();
        try (Reader in = Files.newBufferedReader(directory.resolve("urls.properties"))) {
            urls.load(in);
            return new Fixture(urls, csv(directory.resolve("customers.csv")), csv(directory.resolve("skus.csv")));
        } catch (IOException e) {
            throw new UncheckedIOException("no fixture in " + directory, e);
        }
    }

    /** A CSV file with a header line and no quoting (tokens, UUIDs and SKUs have no commas). */
    static List<Map<String, Object>> csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.getFirst().split(",");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }
}
