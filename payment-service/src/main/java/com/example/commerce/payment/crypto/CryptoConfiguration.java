package com.example.commerce.payment.crypto;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

    @Bean
    FieldCipher fieldCipher(EncryptionProperties properties) {
        return new FieldCipher(properties);
    }
}
