package com.example.commerce.shipping.callback;

import com.example.commerce.starter.security.PublicEndpoints;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** The courier calls back without a token: the callback path is public to the resource server, signed instead. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CallbackProperties.class)
class CallbackEndpoints {

    @Bean
    PublicEndpoints courierCallbackEndpoint() {
        return PublicEndpoints.of(HttpMethod.POST, CourierCallbackController.PATH);
    }
}
