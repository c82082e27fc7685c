package com.example.commerce.backorder;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@code commerce.backorder.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BackorderProperties.class)
class BackorderConfiguration {
}
