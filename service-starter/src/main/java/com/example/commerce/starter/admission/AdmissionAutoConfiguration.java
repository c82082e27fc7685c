package com.example.commerce.starter.admission;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/** Admission control ({@link AdmissionFilter}) for every service's API, before security and everything else. */
@AutoConfiguration
@ConditionalOnProperty("commerce.service.schema")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(AdmissionProperties.class)
public class AdmissionAutoConfiguration {

    @Bean
    FilterRegistrationBean<AdmissionFilter> admissionFilter(AdmissionProperties properties, MeterRegistry meters) {
        FilterRegistrationBean<AdmissionFilter> registration =
                new FilterRegistrationBean<>(new AdmissionFilter(properties, meters));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20); // before Spring Security's chain (-100)
        registration.addUrlPatterns("/api/*");
        return registration;
    }
}
