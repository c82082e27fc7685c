package com.example.commerce.payment.crypto;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The keys that encrypt the sensitive fields at rest.
 *
 * @param keys        key id -> base64 of a 256-bit AES key; keep retired keys here so old values still decrypt
 * @param activeKeyId the key new values are encrypted with
 * @param rewrapInterval how often values under another key than the active one are re-encrypted under it
 */
@Validated
@ConfigurationProperties("commerce.payment.encryption")
public record EncryptionProperties(@NotEmpty Map<String, String> keys, @NotBlank String activeKeyId,
                                   @DefaultValue("1m") @NotNull Duration rewrapInterval) {
}
