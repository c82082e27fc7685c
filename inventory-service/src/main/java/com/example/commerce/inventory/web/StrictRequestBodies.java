package com.example.commerce.inventory.web;

import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies with a field their record does not have (a typo, or an attempt to set what the server
 * decides) are refused as malformed (400) instead of being silently ignored. Only the server's JSON
 * converter is strict: the application's {@link JsonMapper}, which reads events, keeps ignoring unknown
 * fields as the event contract requires. Ordered after Spring Boot's own customizer (order 0), whose JSON
 * converter it replaces; every other converter keeps its place.
 */
@Configuration(proxyBeanMethods = false)
class StrictRequestBodies {

    @Bean
    @Order(1)
    ServerHttpMessageConvertersCustomizer strictJsonRequestBodies(JsonMapper jsonMapper) {
        JsonMapper strict = jsonMapper.rebuild().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        return converters -> converters.withJsonConverter(new JacksonJsonHttpMessageConverter(strict));
    }
}
