package com.example.commerce.stack.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTests {

    @Test
    void writesObjectsListsNumbersAndBooleansAndLeavesNullMembersOut() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sku", "MUG-1");
        body.put("parent", null);
        body.put("price", Map.of("amountMinor", 1299L));
        body.put("images", List.of("https://a", "https://b"));
        body.put("dishwasherSafe", true);

        assertThat(Json.write(body)).isEqualTo(
                "{\"sku\":\"MUG-1\",\"price\":{\"amountMinor\":1299},\"images\":[\"https://a\",\"https://b\"],"
                        + "\"dishwasherSafe\":true}");
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertThat(Json.write("Ashby & Co \"best\" \\ new\nline\u0001"))
                .isEqualTo("\"Ashby & Co \\\"best\\\" \\\\ new\\nline\\u0001\"");
    }

    @Test
    void refusesWhatItCannotWrite() {
        assertThatIllegalArgumentException().isThrownBy(() -> Json.write(new Object()));
    }
}
