package com.example.commerce.shipping.callback;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How courier callbacks are authenticated ({@code commerce.shipping.callbacks.*}).
 *
 * @param secret    the HMAC-SHA256 key shared with the courier
 * @param tolerance how old (or how far ahead) a signature's timestamp may be
 */
@ConfigurationProperties("commerce.shipping.callbacks")
public record CallbackProperties(String secret,
                                 @DefaultValue("5m") Duration tolerance) {
}
