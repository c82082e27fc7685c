package com.example.commerce.catalog;

import com.example.commerce.starter.security.PublicEndpoints;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;

/** Catalog service: products, categories, prices, search. */
@SpringBootApplication
public class CatalogServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(CatalogServiceApplication.class, args);
    }

    /** Browsing the catalogue is public by nature; every write needs a token with its scope. */
    @Bean
    PublicEndpoints catalogueBrowsing() {
        return PublicEndpoints.of(HttpMethod.GET, "/api/v1/products", "/api/v1/products/**",
                "/api/v1/categories", "/api/v1/categories/**");
    }
}
