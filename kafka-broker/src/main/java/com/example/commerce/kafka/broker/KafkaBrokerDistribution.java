package com.example.commerce.kafka.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Where the Apache Kafka broker's jars are: the classpath Maven resolved for this module's 'provided'
 * broker dependencies, recorded at build time. The jars live in the local Maven repository.
 */
public final class KafkaBrokerDistribution {

    private static final String CLASSPATH_RESOURCE = "/META-INF/commerce/kafka-broker.classpath";

    /** Main class of a KRaft broker/controller. */
    public static final String BROKER_MAIN_CLASS = "kafka.Kafka";

    /** Main class that formats a KRaft storage directory. */
    public static final String STORAGE_TOOL_MAIN_CLASS = "kafka.tools.StorageTool";

    private KafkaBrokerDistribution() {
    }

    /** The broker's classpath, ready for {@code java -cp}. */
    public static String classpath() {
        try (InputStream in = KafkaBrokerDistribution.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + CLASSPATH_RESOURCE + ": build the kafka-broker module first");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
