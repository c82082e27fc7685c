package com.example.commerce.payment.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.payment.PaymentIntegrationTest;
import com.example.commerce.payment.ProviderSimulatorContextCustomizerFactory;
import com.example.commerce.payment.crypto.EncryptionProperties;
import com.example.commerce.payment.crypto.FieldCipher;
import com.example.commerce.testing.TestTokens;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** After a rotation, cards saved under the retired key still read, and are re-encrypted under the active one. */
class KeyRotationIntegrationTests extends PaymentIntegrationTest {

    @Autowired
    private FieldCipher cipher;

    @Test
    void readsACardUnderTheRetiredKeyAndReEncryptsItUnderTheActiveOne() throws Exception {
        FieldCipher before = new FieldCipher(new EncryptionProperties(
                Map.of("retired-0", ProviderSimulatorContextCustomizerFactory.RETIRED_KEY), "retired-0", Duration.ofMinutes(1)));
        UUID customer = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        String token = "tok_saved_before_the_rotation";
        jdbc().update("""
                INSERT INTO payment_method (id, customer_id, provider_token, brand, last4, expiry_month, expiry_year,
                holder_name, created_at) VALUES (?, ?, ?, 'VISA', '4242', 12, 2099, ?, ?)""",
                id, customer, before.encrypt(token), before.encrypt("Grace Hopper"), Timestamp.from(Instant.now()));

        await("re-encrypted under " + cipher.activeKeyId()).atMost(PATIENCE).until(() -> jdbc().queryForObject(
                "SELECT provider_token LIKE 'dev-1:%' AND holder_name LIKE 'dev-1:%' FROM payment_method WHERE id = ?",
                Boolean.class, id));
        String stored = jdbc().queryForObject("SELECT provider_token FROM payment_method WHERE id = ?", String.class, id);
        assertThat(cipher.decrypt(stored)).isEqualTo(token);
        assertThat(get("/api/v1/payment-methods/" + id, TestTokens.customer(customer)).body())
                .contains("\"holderName\":\"Grace Hopper\"");
    }
}
