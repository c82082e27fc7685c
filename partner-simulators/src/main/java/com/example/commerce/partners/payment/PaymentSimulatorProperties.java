package com.example.commerce.partners.payment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param webhookAttempts how many times a callback is tried before it is given up
 * @param webhookBackoff  the wait before the second attempt, doubled for each further one
 * @param webhookTimeout  how long one callback attempt may take
 */
@ConfigurationProperties("simulators.payment")
record PaymentSimulatorProperties(
        @DefaultValue("4") int webhookAttempts,
        @DefaultValue("500ms") Duration webhookBackoff,
        @DefaultValue("5s") Duration webhookTimeout) {
}
