package com.example.commerce.customer.notification;

import com.example.commerce.events.shared.Money;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders an email from the templates kept in the repository ({@code src/main/resources/mail/<language>/}): an
 * HTML template ({@code <kind>.html}, Thymeleaf, every value escaped) and a plain-text one ({@code <kind>.txt}),
 * and the subject and the words for reasons from {@code mail/messages_<language>.properties}. English and German;
 * any other language preference gets English.
 */
@Component
public class EmailTemplates {

    /** The languages there are templates for; the first is the fallback. */
    public static final List<String> LANGUAGES = List.of("en", "de");

    /** A rendered email. */
    public record RenderedEmail(String language, String subject, String text, String html) {
    }

    private final TemplateEngine html = engine(TemplateMode.HTML, ".html");
    private final TemplateEngine text = engine(TemplateMode.TEXT, ".txt");

    private static TemplateEngine engine(TemplateMode mode, String suffix) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("mail/");
        resolver.setSuffix(suffix);
        resolver.setTemplateMode(mode);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }

    /** The language of the templates for a customer's preference ({@code de}, {@code de-CH}, {@code en}, ...). */
    public static String languageFor(String preference) {
        if (preference == null) {
            return LANGUAGES.getFirst();
        }
        String primary = preference.split("[-_]")[0].toLowerCase(Locale.ROOT);
        return LANGUAGES.contains(primary) ? primary : LANGUAGES.getFirst();
    }

    public RenderedEmail render(NotificationKind kind, String preference, UUID orderId, String displayName,
                                NotificationDetails details, Map<String, Instant> etas) {
        String language = languageFor(preference);
        Locale locale = Locale.forLanguageTag(language);
        ResourceBundle messages = ResourceBundle.getBundle("mail.messages", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        Map<String, Object> variables = new HashMap<>();
        variables.put("name", displayName);
        variables.put("orderId", orderId.toString());
        variables.put("total", details.total() == null ? null : money(details.total(), locale));
        variables.put("courier", details.courier());
        variables.put("trackingNumber", details.trackingNumber());
        variables.put("reason", details.reason() == null ? null : reason(messages, details.reason()));
        variables.put("refund", details.refund() == null || details.refund().amountMinor() == 0 ? null
                : money(details.refund(), locale));
        List<Map<String, Object>> shortages = new ArrayList<>();
        if (details.shortages() != null) {
            DateTimeFormatter dates = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale)
                    .withZone(ZoneOffset.UTC);
            for (NotificationDetails.Short shortage : details.shortages()) {
                Instant eta = etas.get(shortage.sku());
                Map<String, Object> line = new HashMap<>();
                line.put("sku", shortage.sku());
                line.put("missing", shortage.missing());
                line.put("eta", eta == null ? null : dates.format(eta));
                shortages.add(line);
            }
        }
        variables.put("shortages", shortages);
        Context context = new Context(locale, variables);
        String subject = java.text.MessageFormat.format(messages.getString("subject." + kind.template()),
                orderId.toString());
        context.setVariable("subject", subject);
        String folder = language + "/" + kind.template();
        return new RenderedEmail(language, subject, text.process(folder, context), html.process(folder, context));
    }

    private static String reason(ResourceBundle messages, String reason) {
        try {
            return messages.getString("reason." + reason);
        } catch (MissingResourceException unknown) {
            return messages.getString("reason.other"); // a reason a newer producer added
        }
    }

    static String money(Money money, Locale locale) {
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        Currency currency = Currency.getInstance(money.currency());
        format.setCurrency(currency);
        int digits = Math.max(currency.getDefaultFractionDigits(), 0);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(BigDecimal.valueOf(money.amountMinor(), digits));
    }
}
