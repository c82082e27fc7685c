package com.example.commerce.payment.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts a field value with AES-256-GCM under the active key: a random 96-bit IV per value and a 128-bit
 * tag, stored as {@code <key id>:<base64 iv>:<base64 ciphertext+tag>}. Decryption takes the key named in the
 * value, so values written under a retired key still read after the active key changed. A value that was
 * altered (ciphertext, IV or key id) fails its tag check: {@link IllegalStateException}, never garbage.
 */
public class FieldCipher {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private final Map<String, SecretKey> keys = new HashMap<>();
    private final String activeKeyId;
    private final SecureRandom random = new SecureRandom();

    public FieldCipher(EncryptionProperties properties) {
        properties.keys().forEach((id, encoded) -> {
            if (id.contains(":")) {
                throw new IllegalArgumentException("a key id must not contain ':': " + id);
            }
            byte[] key = DECODER.decode(encoded);
            if (key.length != 32) {
                throw new IllegalArgumentException("key " + id + " must be 256 bits, not " + key.length * 8);
            }
            keys.put(id, new SecretKeySpec(key, "AES"));
        });
        if (!keys.containsKey(properties.activeKeyId())) {
            throw new IllegalArgumentException("no key with the active key id " + properties.activeKeyId());
        }
        this.activeKeyId = properties.activeKeyId();
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    /** Whether {@code stored} is encrypted under another key than the active one (and so due for re-encryption). */
    public boolean underRetiredKey(String stored) {
        return stored != null && !keyIdOf(stored).equals(activeKeyId);
    }

    public String encrypt(String plaintext) {
        if (plaintext == null) {
            return null;
        }
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(activeKeyId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return activeKeyId + ":" + ENCODER.encodeToString(iv) + ":" + ENCODER.encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String decrypt(String stored) {
        if (stored == null) {
            return null;
        }
        String[] parts = stored.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalStateException("not an encrypted value");
        }
        SecretKey key = keys.get(parts[0]);
        if (key == null) {
            throw new IllegalStateException("no key " + parts[0] + " to decrypt with");
        }
        try {
            byte[] iv = DECODER.decode(parts[1]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(parts[0].getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(DECODER.decode(parts[2])), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the value does not decrypt: altered, or under another key", e);
        }
    }

    /** The key id a stored value was encrypted under. */
    public static String keyIdOf(String stored) {
        return stored.substring(0, stored.indexOf(':'));
    }
}
