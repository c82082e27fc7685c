package com.example.commerce.starter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every service gets by depending on the starter: its typed service properties and problem+json
 * errors. The property defaults come from {@link ServiceDefaultsEnvironmentPostProcessor}. Runs before
 * Spring MVC's auto-configuration so that its problem handler replaces Boot's plain one.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnProperty("commerce.service.schema")
@EnableConfigurationProperties(CommerceServiceProperties.class)
public class CommerceServiceAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class WebConfiguration {

        @Bean
        ProblemDetailsAdvice problemDetailsAdvice() {
            return new ProblemDetailsAdvice();
        }
    }
}
