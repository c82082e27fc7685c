package com.example.commerce.partners.mail;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds {@code simulators.mail.*} and runs the mail server with the application. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MailProperties.class)
@ConditionalOnBooleanProperty(name = "simulators.mail.enabled", matchIfMissing = true)
class MailConfiguration {

    @Bean
    MailServer mailServer(MailProperties properties) {
        return new MailServer(properties, Clock.systemUTC());
    }
}
