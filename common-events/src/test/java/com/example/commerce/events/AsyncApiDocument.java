package com.example.commerce.events;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Renders the AsyncAPI 3 document of every topic, message type and header from {@link Topics} and
 * {@link EventTypes}: the record components become the payload schemas. The checked-in
 * {@code docs/asyncapi.yaml} must equal what this renders (AsyncApiDocumentTests), so the two cannot drift.
 */
final class AsyncApiDocument {

    private static final String HEADERS = "CloudEventsHeaders";

    private AsyncApiDocument() {
    }

    static String render() {
        StringBuilder out = new StringBuilder();
        out.append("""
                # Generated from common-events (EventTypes, Topics and the event records) by AsyncApiDocumentTests.
                # Regenerate: ./mvnw -pl common-events test -Dtest=AsyncApiDocumentTests -Dasyncapi.write=true
                asyncapi: 3.0.0
                info:
                  title: Commerce fleet events
                  version: 1.0.0
                  description: >-
                    Integration events of the commerce fleet. One topic per producing context, keyed by aggregate
                    id (the order id for the order saga); a dead-letter topic <topic>.DLT beside each, carrying the
                    original record and headers plus kafka_dlt-* headers with the reason. Payloads are JSON; within
                    a version only nullable fields are added, a breaking change is a new type (...v2).
                defaultContentType: application/json
                channels:
                """);
        for (String topic : Topics.eventTopics()) {
            List<String> types = typesOf(topic);
            for (String address : List.of(topic, Topics.deadLetterTopicOf(topic))) {
                out.append("  ").append(address).append(":\n");
                out.append("    address: ").append(address).append('\n');
                out.append("    description: ").append(address.equals(topic)
                        ? "Events of the " + context(topic) + " context."
                        : "Records of " + topic + " that could not be processed, with the reason in kafka_dlt-* headers;"
                                + " a record too large for the DLT is kept only in the dead_letter table of the consumer"
                                + " that gave up on it.")
                        .append('\n');
                out.append("    messages:\n");
                for (String type : types) {
                    out.append("      ").append(type).append(":\n");
                    out.append("        $ref: '#/components/messages/").append(type).append("'\n");
                }
            }
        }
        out.append("operations:\n");
        for (String topic : Topics.eventTopics()) {
            out.append("  publish-").append(context(topic)).append("-events:\n");
            out.append("    action: send\n");
            out.append("    summary: The ").append(context(topic)).append(" service publishes through its outbox.\n");
            out.append("    channel:\n      $ref: '#/channels/").append(topic).append("'\n");
        }
        out.append("components:\n  messages:\n");
        for (String type : EventTypes.all()) {
            out.append("    ").append(type).append(":\n");
            out.append("      name: ").append(type).append('\n');
            out.append("      title: ").append(type.split("\\.")[1]).append('\n');
            out.append("      contentType: application/json\n");
            out.append("      headers:\n        $ref: '#/components/schemas/").append(HEADERS).append("'\n");
            out.append("      payload:\n        $ref: '#/components/schemas/").append(type).append("'\n");
            out.append("      bindings:\n        kafka:\n          key:\n            type: string\n");
            out.append("            description: the aggregate id, also in ce_subject\n");
        }
        out.append("  schemas:\n");
        out.append("""
                    CloudEventsHeaders:
                      type: object
                      description: CloudEvents 1.0 Kafka binary-mode headers, plus W3C trace context when known, and the redrive headers on a copy sent again from a dead letter.
                      required: [ce_specversion, ce_id, ce_type, ce_source, ce_time, ce_subject]
                      properties:
                        ce_specversion: {type: string, const: '1.0'}
                        ce_id: {type: string, format: uuid, description: 'unique per event (a UUIDv7); consumers deduplicate on it'}
                        ce_type: {type: string, description: 'the message name, e.g. order.OrderPlaced.v1'}
                        ce_source: {type: string, description: '/commerce/<service>'}
                        ce_time: {type: string, format: date-time}
                        ce_subject: {type: string, description: the aggregate id}
                        content-type: {type: string, const: application/json}
                        traceparent: {type: string, description: W3C trace context}
                        commerce_redrive_group: {type: string, description: 'only on a copy redriven from a dead letter: the consumer group it is meant for; every other group skips it (its ce_id is the original one)'}
                        commerce_redrive_id: {type: string, format: uuid, description: 'only on a copy redriven from a dead letter: that dead letter''s id'}
                """);
        Map<String, Class<?>> shared = new TreeMap<>();
        for (String type : EventTypes.all()) {
            Class<? extends IntegrationEvent> record = EventTypes.classOf(type).orElseThrow();
            out.append("    ").append(type).append(":\n");
            objectSchema(out, record, "      ", shared);
        }
        List<String> rendered = new ArrayList<>();
        while (rendered.size() < shared.size()) {
            for (Map.Entry<String, Class<?>> entry : new TreeMap<>(shared).entrySet()) {
                if (!rendered.contains(entry.getKey())) {
                    rendered.add(entry.getKey());
                    out.append("    ").append(entry.getKey()).append(":\n");
                    objectSchema(out, entry.getValue(), "      ", shared);
                }
            }
        }
        return out.toString();
    }

    private static void objectSchema(StringBuilder out, Class<?> record, String indent, Map<String, Class<?>> shared) {
        out.append(indent).append("type: object\n");
        out.append(indent).append("properties:\n");
        for (RecordComponent component : record.getRecordComponents()) {
            out.append(indent).append("  ").append(component.getName()).append(": ")
                    .append(schemaOf(component.getGenericType(), shared)).append('\n');
        }
    }

    private static String schemaOf(Type type, Map<String, Class<?>> shared) {
        if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
            return "{type: array, items: " + schemaOf(list.getActualTypeArguments()[0], shared) + "}";
        }
        Class<?> raw = (Class<?>) type;
        if (raw == String.class) {
            return "{type: string}";
        }
        if (raw == UUID.class) {
            return "{type: string, format: uuid}";
        }
        if (raw == Instant.class) {
            return "{type: string, format: date-time}";
        }
        if (raw == int.class || raw == Integer.class) {
            return "{type: integer, format: int32}";
        }
        if (raw == long.class || raw == Long.class) {
            return "{type: integer, format: int64}";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "{type: boolean}";
        }
        if (raw.isRecord()) {
            shared.put(raw.getSimpleName(), raw);
            return "{$ref: '#/components/schemas/" + raw.getSimpleName() + "'}";
        }
        throw new IllegalStateException("no schema for " + raw + ": teach AsyncApiDocument the type");
    }

    private static List<String> typesOf(String topic) {
        return EventTypes.all().stream().filter(type -> EventTypes.topicOf(type).equals(topic)).toList();
    }

    private static String context(String topic) {
        return topic.substring(0, topic.indexOf('.'));
    }
}
