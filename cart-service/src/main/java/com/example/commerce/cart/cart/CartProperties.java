package com.example.commerce.cart.cart;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxQuantityPerLine  the most units of one SKU a cart may hold
 * @param maxLines            the most different SKUs a cart may hold
 * @param idleTimeout         a cart untouched for this long expires (CartAbandoned)
 * @param expiryCheckInterval how often idle carts are looked for
 * @param defaultCurrency     the currency an empty cart shows its (zero) totals in
 * @param claimTtl            how long a checkout claim waits for its order's OrderPlaced before its lines and
 *                            promotion code go back to the cart (an order that was never placed)
 * @param claimCheckInterval  how often claims past their time are looked for
 */
@Validated
@ConfigurationProperties("commerce.cart")
public record CartProperties(
        @DefaultValue("99") @Min(1) @Max(10_000) int maxQuantityPerLine,
        @DefaultValue("50") @Min(1) @Max(1_000) int maxLines,
        @DefaultValue("7d") @NotNull Duration idleTimeout,
        @DefaultValue("1m") @NotNull Duration expiryCheckInterval,
        @DefaultValue("EUR") @Pattern(regexp = "[A-Z]{3}") String defaultCurrency,
        @DefaultValue("10m") @NotNull Duration claimTtl,
        @DefaultValue("30s") @NotNull Duration claimCheckInterval) {
}
