package com.example.commerce.payment.wallet;

import com.example.commerce.payment.crypto.EncryptionProperties;
import com.example.commerce.payment.crypto.FieldCipher;
import com.example.commerce.starter.BackgroundLoop;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * After a key rotation: re-encrypts, a batch at a time, every saved card's token and holder name still under
 * a retired key, so that the retired key can eventually be removed from the configuration. Each row is
 * rewritten only if it is unchanged since it was read; running on several instances at once is harmless.
 */
@Component
class KeyRotation extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);
    private static final int BATCH = 100;

    private final PaymentMethods methods;
    private final FieldCipher cipher;
    private final EncryptionProperties properties;

    KeyRotation(PaymentMethods methods, FieldCipher cipher, EncryptionProperties properties) {
        super("payment-key-rotation");
        this.methods = methods;
        this.cipher = cipher;
        this.properties = properties;
    }

    /** Re-encrypts one batch; returns how many cards it rewrote. */
    int rewrapBatch() {
        List<PaymentMethod> due = methods.encryptedUnderOtherKeys(cipher.activeKeyId(), BATCH);
        int rewrapped = 0;
        for (PaymentMethod method : due) {
            String token = cipher.underRetiredKey(method.encryptedToken())
                    ? cipher.encrypt(cipher.decrypt(method.encryptedToken())) : method.encryptedToken();
            String holder = cipher.underRetiredKey(method.encryptedHolderName())
                    ? cipher.encrypt(cipher.decrypt(method.encryptedHolderName())) : method.encryptedHolderName();
            if (methods.rewrap(method, token, holder)) {
                rewrapped++;
            }
        }
        return rewrapped;
    }

    @Override
    protected void runUntilStopped() {
        try {
            while (pause(properties.rewrapInterval())) {
                try {
                    int rewrapped;
                    while ((rewrapped = rewrapBatch()) > 0 && isRunning()) {
                        log.info("Re-encrypted {} saved card(s) under key {}", rewrapped, cipher.activeKeyId());
                    }
                } catch (RuntimeException e) {
                    log.warn("Key rotation pass failed; trying again: {}", e.toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
