package com.example.commerce.partners.payment;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds the payment provider's settings ({@code simulators.payment.*}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PaymentSimulatorProperties.class)
class PaymentSimulatorConfiguration {
}
