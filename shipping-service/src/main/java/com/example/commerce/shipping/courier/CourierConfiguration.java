package com.example.commerce.shipping.courier;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@code commerce.shipping.courier.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CourierProperties.class)
class CourierConfiguration {
}
