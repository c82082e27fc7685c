package com.example.commerce.partners.courier;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@code simulators.courier.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CourierProperties.class)
class CourierConfiguration {
}
