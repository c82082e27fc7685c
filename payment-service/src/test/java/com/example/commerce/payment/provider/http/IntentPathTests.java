package com.example.commerce.payment.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** A provider reference goes into the provider's URL path as one encoded segment, whatever it holds. */
class IntentPathTests {

    @Test
    void aReferenceAsTheProviderIssuesThemIsUsedAsItIs() {
        assertThat(HttpPaymentProvider.intentPath("pi_0a1b2c3d4e5f", "capture"))
                .isEqualTo("/v1/payment-intents/pi_0a1b2c3d4e5f/capture");
    }

    @Test
    void aReferenceThatWouldNameAnotherResourceStaysOneSegment() {
        for (String hostile : new String[] {"pi_1/../../tokens", "pi_1?amountMinor=1", "pi_1#frag", "../v1/tokens",
                "pi 1", "pi_1%2F..", "pi_1;x=1"}) {
            String path = HttpPaymentProvider.intentPath(hostile, "refunds");
            URI uri = URI.create("http://provider.example" + path);
            assertThat(uri.getRawQuery()).as(hostile).isNull();
            assertThat(uri.getRawFragment()).as(hostile).isNull();
            assertThat(uri.getRawPath().split("/")).as(hostile).hasSize(5).endsWith("refunds");
            assertThat(uri.normalize().getRawPath()).as(hostile).startsWith("/v1/payment-intents/").endsWith("/refunds");
        }
    }

    @Test
    void refusesNoReference() {
        assertThatThrownBy(() -> HttpPaymentProvider.intentPath(" ", "void")).isInstanceOf(IllegalArgumentException.class);
    }
}
