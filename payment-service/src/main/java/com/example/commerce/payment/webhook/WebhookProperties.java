package com.example.commerce.payment.webhook;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param webhookSecret the HMAC-SHA256 secret the partners sign their callbacks with
 * @param tolerance     a callback signed longer ago than this (or this far ahead) is refused as a replay
 */
@Validated
@ConfigurationProperties("commerce.partners")
public record WebhookProperties(@NotBlank String webhookSecret,
                                @DefaultValue("5m") @NotNull Duration tolerance) {
}
