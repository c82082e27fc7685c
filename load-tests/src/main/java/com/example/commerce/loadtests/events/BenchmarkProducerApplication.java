package com.example.commerce.loadtests.events;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The producing side: a service with nothing but the starter's outbox and relay. */
@SpringBootConfiguration
@EnableAutoConfiguration
class BenchmarkProducerApplication {
}
