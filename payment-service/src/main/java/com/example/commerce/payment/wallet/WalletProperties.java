package com.example.commerce.payment.wallet;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The wallet's limits against card testing ({@code commerce.payment.wallet.*}): every save asks the provider, so
 * a customer may keep only so many cards, save only so often, and is refused for a while after too many declines.
 *
 * @param maxMethods cards a customer may keep saved (deleted ones do not count)
 * @param saves      saves that ask the provider, per customer, in a sliding period
 * @param declines   saves the provider declined, per customer, in a sliding window; at the limit every further
 *                   save is refused (the provider not asked) until the oldest of them leaves the window
 */
@Validated
@ConfigurationProperties("commerce.payment.wallet")
public record WalletProperties(
        @DefaultValue("10") @Min(1) int maxMethods,
        @DefaultValue @Valid @NotNull Limit saves,
        @DefaultValue @Valid @NotNull Limit declines) {

    /** At most {@code limit} in any {@code period}. */
    public record Limit(@DefaultValue("5") @Min(1) int limit, @DefaultValue("10m") @NotNull Duration period) {
    }
}
