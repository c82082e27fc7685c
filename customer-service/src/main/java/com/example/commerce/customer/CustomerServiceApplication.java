package com.example.commerce.customer;

import com.example.commerce.starter.security.PublicEndpoints;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;

/** Customer service: customers, addresses, preferences; the fleet's OAuth2 / OpenID Connect issuer. */
@SpringBootApplication
public class CustomerServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(CustomerServiceApplication.class, args);
    }

    /** Signing up needs no token (there is no account yet to have one). */
    @Bean
    PublicEndpoints registration() {
        return PublicEndpoints.of(HttpMethod.POST, "/api/v1/customers");
    }
}
