package com.example.commerce.customer.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.events.shared.Money;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The templates kept in the repository, rendered without Spring. */
class EmailTemplatesTests {

    private final EmailTemplates templates = new EmailTemplates();
    private final UUID orderId = UUID.fromString("0193f3c2-0000-7000-8000-000000000001");

    @Test
    void picksTheTemplatesByThePrimaryLanguageAndFallsBackToEnglish() {
        assertThat(EmailTemplates.languageFor("de-CH")).isEqualTo("de");
        assertThat(EmailTemplates.languageFor("DE")).isEqualTo("de");
        assertThat(EmailTemplates.languageFor("en")).isEqualTo("en");
        assertThat(EmailTemplates.languageFor("fr")).isEqualTo("en");
        assertThat(EmailTemplates.languageFor(null)).isEqualTo("en");
    }

    @Test
    void escapesWhatItIsGivenInTheHtmlPart() {
        EmailTemplates.RenderedEmail email = templates.render(NotificationKind.CANCELLED, "en", orderId,
                "<script>alert(1)</script>", new NotificationDetails(null, null, null, null, "SOMETHING_NEW", null),
                Map.of());

        assertThat(email.html()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
        assertThat(email.text()).contains("because it could not be completed", "You have not been charged");
    }

    @Test
    void namesEachShortSkuWithTheSuppliersDateOrSaysItFollows() {
        NotificationDetails details = new NotificationDetails(null,
                List.of(new NotificationDetails.Short("MUG-1", 2), new NotificationDetails.Short("CUP-9", 1)),
                null, null, null, null);

        EmailTemplates.RenderedEmail german = templates.render(NotificationKind.BACKORDERED, "de", orderId, "Jens",
                details, Map.of("MUG-1", Instant.parse("2030-03-14T00:00:00Z")));

        assertThat(german.subject()).isEqualTo("Ihre Bestellung " + orderId + " wartet auf Artikel unseres Lieferanten");
        assertThat(german.text()).contains("- MUG-1: 2 fehlend, vom Lieferanten erwartet: 14. März 2030",
                "- CUP-9: 1 fehlend, vom Lieferanten erwartet: Termin folgt");
    }

    @Test
    void formatsMoneyForTheLanguage() {
        assertThat(EmailTemplates.money(new Money(4_998, "EUR"), java.util.Locale.ENGLISH)).isEqualTo("€49.98");
        assertThat(EmailTemplates.money(new Money(4_998, "EUR"), java.util.Locale.GERMAN)).isEqualTo("49,98\u00a0€");
        assertThat(EmailTemplates.money(new Money(500, "JPY"), java.util.Locale.ENGLISH)).isEqualTo("¥500");
    }
}
