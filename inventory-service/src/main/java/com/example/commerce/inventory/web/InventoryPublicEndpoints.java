package com.example.commerce.inventory.web;

import com.example.commerce.starter.security.PublicEndpoints;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** Anyone may ask whether a SKU is in stock; everything else needs a token. */
@Configuration(proxyBeanMethods = false)
class InventoryPublicEndpoints {

    @Bean
    PublicEndpoints stockAvailability() {
        return PublicEndpoints.of(HttpMethod.GET, "/api/v1/inventory/*");
    }
}
