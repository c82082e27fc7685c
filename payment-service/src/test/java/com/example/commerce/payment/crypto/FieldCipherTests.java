package com.example.commerce.payment.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldCipherTests {

    private static final String OLD_KEY = randomKey();
    private static final String NEW_KEY = randomKey();

    @Test
    void roundTripsAndNeverRepeatsACiphertext() {
        FieldCipher cipher = new FieldCipher(properties(Map.of("k1", OLD_KEY), "k1"));
        String first = cipher.encrypt("tok_abc");
        String second = cipher.encrypt("tok_abc");
        assertThat(first).startsWith("k1:").doesNotContain("tok_abc").isNotEqualTo(second);
        assertThat(cipher.decrypt(first)).isEqualTo("tok_abc");
        assertThat(cipher.decrypt(second)).isEqualTo("tok_abc");
    }

    @Test
    void readsValuesOfARetiredKeyAfterRotation() {
        String old = new FieldCipher(properties(Map.of("k1", OLD_KEY), "k1")).encrypt("Ada Lovelace");
        FieldCipher rotated = new FieldCipher(properties(Map.of("k1", OLD_KEY, "k2", NEW_KEY), "k2"));
        assertThat(rotated.decrypt(old)).isEqualTo("Ada Lovelace");
        assertThat(FieldCipher.keyIdOf(rotated.encrypt("Ada Lovelace"))).isEqualTo("k2");
        FieldCipher withoutOldKey = new FieldCipher(properties(Map.of("k2", NEW_KEY), "k2"));
        assertThatThrownBy(() -> withoutOldKey.decrypt(old)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesATamperedValue() {
        FieldCipher cipher = new FieldCipher(properties(Map.of("k1", OLD_KEY, "k2", NEW_KEY), "k1"));
        String sealed = cipher.encrypt("tok_abc");
        String[] parts = sealed.split(":");
        char[] body = parts[2].toCharArray();
        body[0] = body[0] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> cipher.decrypt(parts[0] + ":" + parts[1] + ":" + new String(body)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.decrypt("k2:" + parts[1] + ":" + parts[2])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesAKeyThatIsNot256Bits() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> new FieldCipher(properties(Map.of("k1", shortKey), "k1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static EncryptionProperties properties(Map<String, String> keys, String active) {
        return new EncryptionProperties(keys, active, Duration.ofMinutes(1));
    }

    static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
