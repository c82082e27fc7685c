package com.example.commerce.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

class GoldenFixturesTests {

    @ParameterizedTest
    @MethodSource("com.example.commerce.events.GoldenFixtures#types")
    void everyRegisteredTypeHasAFixture(String type) {
        assertThat(GoldenFixtures.exists(type))
                .as("golden fixture src/test/resources/%s", GoldenFixtures.resourceOf(type))
                .isTrue();
    }

    @Test
    void everyFixtureBelongsToARegisteredType() {
        assertThat(GoldenFixtures.typesOnDisk())
                .as("fixtures without a registered type (orphans)")
                .isNotEmpty()
                .allSatisfy(type -> assertThat(EventTypes.all()).contains(type));
    }

    @ParameterizedTest
    @MethodSource("com.example.commerce.events.GoldenFixtures#types")
    void everyFixtureReadsIntoItsRegisteredClassWithAPlainMapper(String type) {
        IntegrationEvent event = GoldenFixtures.event(type);

        assertThat(event).isExactlyInstanceOf(GoldenFixtures.classOf(type));
        assertThat(event.occurredAt()).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("com.example.commerce.events.GoldenFixtures#types")
    void noFixtureHoldsAFieldItsRecordLacks(String type) {
        assertThat(GoldenFixtures.STRICT_MAPPER.readValue(GoldenFixtures.json(type), GoldenFixtures.classOf(type)))
                .isEqualTo(GoldenFixtures.event(type));
    }

    @ParameterizedTest
    @MethodSource("com.example.commerce.events.GoldenFixtures#types")
    void everyFixtureIsKeyedByTheAggregateIdItCarries(String type) {
        JsonNode fixture = GoldenFixtures.PLAIN_MAPPER.readTree(GoldenFixtures.json(type));
        String keyProperty = GoldenFixtures.keyPropertyOf(type);

        assertThat(fixture.has(keyProperty)).as("%s has %s", type, keyProperty).isTrue();
        assertThat(GoldenFixtures.event(type).aggregateId()).isEqualTo(fixture.get(keyProperty).asString());
    }

    @ParameterizedTest
    @MethodSource("com.example.commerce.events.GoldenFixtures#types")
    void everyEventSurvivesARoundTrip(String type) {
        IntegrationEvent event = GoldenFixtures.event(type);

        String written = GoldenFixtures.PLAIN_MAPPER.writeValueAsString(event);

        assertThat(GoldenFixtures.PLAIN_MAPPER.readValue(written, GoldenFixtures.classOf(type))).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("com.example.commerce.events.GoldenFixtures#types")
    void writingAnEventGivesBackItsFixture(String type) {
        // Same properties, same values, same formats (instants as ISO-8601 strings, UUIDs as strings, money as
        // an object), and nothing more: helper methods such as aggregateId() or lineTotal() stay off the wire.
        JsonNode written = GoldenFixtures.PLAIN_MAPPER.readTree(
                GoldenFixtures.PLAIN_MAPPER.writeValueAsString(GoldenFixtures.event(type)));

        assertThat(written).isEqualTo(GoldenFixtures.PLAIN_MAPPER.readTree(GoldenFixtures.json(type)));
        assertThat(written.get("occurredAt").isString()).isTrue();
    }
}
