package com.example.commerce.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The golden JSON fixtures under {@code src/test/resources/golden/<type>.json}: one hand-written, realistic
 * payload per wire type name and version. They pin the wire format; a change that breaks one is a change
 * of contract and needs a new version, not an edited fixture.
 */
final class GoldenFixtures {

    /**
     * A plain Jackson 3 mapper with its defaults: no modules, no annotations on the records. Jackson 3
     * reads records through their canonical constructors (component names come from the record itself,
     * no {@code -parameters} needed), reads and writes {@code java.time} types itself (the JSR-310 support
     * is part of databind, no module to register) and writes {@code Instant} as an ISO-8601 string by
     * default. Unlike Jackson 2, its defaults already ignore unknown properties.
     */
    static final JsonMapper PLAIN_MAPPER = JsonMapper.builder().build();

    /**
     * The mapper every consumer must use: it ignores properties it does not know. The contract is that
     * within a version a producer only adds nullable fields, so an older consumer skips the new field and
     * a newer consumer reading an older payload sees {@code null}. Anything else is a new version. Jackson 3
     * ignores unknown properties by default, but consumers should say so explicitly, so that neither a
     * Jackson-2-style configuration ({@code JsonMapper.builderWithJackson2Defaults()}) nor an application
     * property ({@code spring.jackson.deserialization.fail-on-unknown-properties}) can turn it around.
     */
    static final JsonMapper CONSUMER_MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** A mapper that refuses unknown properties: proves the fixtures hold no field their record lacks. */
    static final JsonMapper STRICT_MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final String DIRECTORY = "golden";

    private GoldenFixtures() {
    }

    /** Every registered type name, as arguments for parameterised tests. */
    static Stream<String> types() {
        return EventTypes.all().stream();
    }

    /** The classpath location of the fixture of a type. */
    static String resourceOf(String type) {
        return DIRECTORY + "/" + type + ".json";
    }

    /** Whether a type has a fixture. */
    static boolean exists(String type) {
        return GoldenFixtures.class.getClassLoader().getResource(resourceOf(type)) != null;
    }

    /** The fixture text of a type. */
    static String json(String type) {
        try (InputStream in = GoldenFixtures.class.getClassLoader().getResourceAsStream(resourceOf(type))) {
            if (in == null) {
                throw new IllegalStateException("no golden fixture for " + type + " at " + resourceOf(type));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The registered class of a type. */
    static Class<? extends IntegrationEvent> classOf(String type) {
        return EventTypes.classOf(type).orElseThrow(() -> new IllegalStateException("unregistered type " + type));
    }

    /** The fixture of a type read with the plain mapper. */
    static IntegrationEvent event(String type) {
        return PLAIN_MAPPER.readValue(json(type), classOf(type));
    }

    /** The type names of the fixture files present, taken from their file names. */
    static Set<String> typesOnDisk() {
        URL directory = GoldenFixtures.class.getClassLoader().getResource(DIRECTORY);
        if (directory == null) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(Path.of(directory.toURI()))) {
            return files.map(file -> file.getFileName().toString())
                    .map(name -> name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name)
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The JSON property whose value is the record key of a type, by the keying rule of the fleet: the order
     * id for the saga, the product id for the catalogue, the customer id, the cart id, the SKU for stock
     * levels and the purchase-order id for supplier purchase orders.
     */
    static String keyPropertyOf(String type) {
        return switch (type) {
            case "inventory.StockLevelChanged.v1", "inventory.StockReplenished.v1" -> "sku";
            case "backorder.PurchaseOrderPlaced.v1", "backorder.SupplierShipmentReceived.v1" -> "purchaseOrderId";
            default -> switch (type.substring(0, type.indexOf('.'))) {
                case "catalog" -> "productId";
                case "customer" -> "customerId";
                case "cart" -> "cartId";
                default -> "orderId";
            };
        };
    }
}
