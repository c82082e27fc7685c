package com.example.commerce.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The checked-in AsyncAPI document says exactly what the contracts in this module say. */
class AsyncApiDocumentTests {

    private static final Path DOCUMENT = Path.of("..", "docs", "asyncapi.yaml");

    @Test
    void checkedInDocumentMatchesTheRegistry() throws IOException {
        String expected = AsyncApiDocument.render();
        if (Boolean.getBoolean("asyncapi.write")) {
            Files.createDirectories(DOCUMENT.getParent());
            Files.writeString(DOCUMENT, expected);
        }
        assertThat(DOCUMENT).as("docs/asyncapi.yaml; regenerate with -Dasyncapi.write=true").exists();
        assertThat(Files.readString(DOCUMENT))
                .as("docs/asyncapi.yaml is out of date; regenerate with -Dasyncapi.write=true")
                .isEqualTo(expected);
    }

    @Test
    void documentsEveryTopicDeadLetterTopicAndMessageType() {
        String document = AsyncApiDocument.render();
        Topics.all().forEach(topic -> assertThat(document).contains("\n  " + topic + ":\n    address: " + topic + "\n"));
        EventTypes.all().forEach(type -> assertThat(document)
                .contains("\n    " + type + ":\n      name: " + type + "\n")
                .contains("$ref: '#/components/schemas/" + type + "'"));
        assertThat(document).contains("Money:").contains("amountMinor: {type: integer, format: int64}");
    }
}
