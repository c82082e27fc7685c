package com.example.commerce.testing;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a service under test at the shared PostgreSQL and Kafka. The service logs in as its own role,
 * exactly as in production, so a test that passes here does not rely on superuser rights.
 */
public class ServiceInfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        SharedInfrastructure infrastructure = SharedInfrastructure.get();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("sharedTestInfrastructure", Map.of(
                "commerce.db.url", infrastructure.databaseUrl(),
                "commerce.kafka.bootstrap-servers", infrastructure.bootstrapServers())));
    }
}
