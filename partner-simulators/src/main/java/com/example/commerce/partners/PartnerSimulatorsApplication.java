package com.example.commerce.partners;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The third parties the fleet talks to, simulated on one port: payment provider, courier and supplier.
 * Their endpoints, failure modes and latency controls arrive with the issues that need them.
 */
@SpringBootApplication
public class PartnerSimulatorsApplication {

    public static void main(String[] args) {
        SpringApplication.run(PartnerSimulatorsApplication.class, args);
    }
}
