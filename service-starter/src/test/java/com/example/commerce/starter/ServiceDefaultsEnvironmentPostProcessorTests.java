package com.example.commerce.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class ServiceDefaultsEnvironmentPostProcessorTests {

    private final ServiceDefaultsEnvironmentPostProcessor postProcessor = new ServiceDefaultsEnvironmentPostProcessor();

    @Test
    void derivesLoginSchemaAndFlywayFromTheServicesSchema() {
        StandardEnvironment environment = environmentWith(Map.of(
                "spring.application.name", "order-service", "commerce.service.schema", "orders"));

        postProcessor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.datasource.username")).isEqualTo("orders");
        assertThat(environment.getProperty("spring.datasource.password")).isEqualTo("orders");
        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://localhost:5432/commerce");
        assertThat(environment.getProperty("spring.flyway.schemas")).isEqualTo("orders");
        assertThat(environment.getProperty("spring.flyway.create-schemas")).isEqualTo("false");
        assertThat(environment.getProperty("spring.jpa.hibernate.ddl-auto")).isEqualTo("validate");
        assertThat(environment.getProperty("spring.jpa.open-in-view")).isEqualTo("false");
        assertThat(environment.getProperty("spring.kafka.consumer.group-id")).isEqualTo("order-service");
        assertThat(environment.getProperty("spring.kafka.producer.acks")).isEqualTo("all");
        assertThat(environment.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health,info,prometheus");
        assertThat(environment.getProperty("management.metrics.tags.application")).isEqualTo("order-service");
    }

    @Test
    void yieldsToWhatTheOperatorSets() {
        StandardEnvironment environment = environmentWith(Map.of(
                "spring.application.name", "order-service", "commerce.service.schema", "orders",
                "commerce.db.url", "jdbc:postgresql://db:5432/commerce",
                "commerce.db.password", "from-a-secret",
                "commerce.kafka.bootstrap-servers", "kafka:9092",
                "spring.datasource.hikari.maximum-pool-size", "40"));

        postProcessor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db:5432/commerce");
        assertThat(environment.getProperty("spring.datasource.password")).isEqualTo("from-a-secret");
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers")).isEqualTo("kafka:9092");
        assertThat(environment.getProperty("spring.datasource.hikari.maximum-pool-size")).isEqualTo("40");
    }

    @Test
    void logsJsonOnlyInTheDockerProfile() {
        StandardEnvironment local = environmentWith(Map.of("commerce.service.schema", "cart"));
        postProcessor.postProcessEnvironment(local, new SpringApplication());
        assertThat(local.getProperty("logging.structured.format.console")).isNull();

        StandardEnvironment docker = environmentWith(Map.of("commerce.service.schema", "cart"));
        docker.setActiveProfiles("docker");
        postProcessor.postProcessEnvironment(docker, new SpringApplication());
        assertThat(docker.getProperty("logging.structured.format.console")).isEqualTo("ecs");
    }

    @Test
    void leavesAnApplicationWithoutASchemaAlone() {
        StandardEnvironment environment = environmentWith(Map.of("spring.application.name", "tool"));
        postProcessor.postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getPropertySources().contains(ServiceDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME))
                .isFalse();
    }

    private static StandardEnvironment environmentWith(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }
}
