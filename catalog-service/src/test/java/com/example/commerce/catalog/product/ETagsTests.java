package com.example.commerce.catalog.product;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ETagsTests {

    @Test
    void aProductsTagIsItsVersionAsAStrongTag() {
        assertThat(ETags.of(7)).isEqualTo("\"7\"");
    }

    @Test
    void ifMatchTakesTheCurrentTagAnywhereInAListOrAStarButNeverAWeakTag() {
        assertThat(ETags.matchHits("\"7\"", 7)).isTrue();
        assertThat(ETags.matchHits("\"3\", \"7\"", 7)).isTrue();
        assertThat(ETags.matchHits("*", 7)).isTrue();
        assertThat(ETags.matchHits("\"6\"", 7)).isFalse();
        assertThat(ETags.matchHits("W/\"7\"", 7)).isFalse();
        assertThat(ETags.matchHits("7", 7)).as("unquoted").isFalse();
    }

    @Test
    void ifNoneMatchComparesWeaklySoAWeakCopyOfTheCurrentTagIsNotModified() {
        assertThat(ETags.noneMatchHits("\"7\"", 7)).isTrue();
        assertThat(ETags.noneMatchHits("W/\"7\"", 7)).isTrue();
        assertThat(ETags.noneMatchHits("\"1\", W/\"7\"", 7)).isTrue();
        assertThat(ETags.noneMatchHits("*", 7)).isTrue();
        assertThat(ETags.noneMatchHits("\"8\"", 7)).isFalse();
    }
}
