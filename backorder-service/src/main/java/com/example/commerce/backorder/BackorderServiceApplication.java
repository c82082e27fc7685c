package com.example.commerce.backorder;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Backorder service: shortages, supplier purchase orders over SOAP, restock allocation. */
@SpringBootApplication
public class BackorderServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(BackorderServiceApplication.class, args);
    }
}
