package com.example.commerce.starter.kafkametrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

class KafkaClientMetricsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaMetricsAutoConfiguration.class, KafkaAutoConfiguration.class,
                    KafkaClientMetricsAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues("commerce.service.schema=probe");

    @Test
    void replacesBootsMetricsListenersWithRefreshingOnes() {
        runner.run(context -> {
            assertThat(context.getBean(DefaultKafkaConsumerFactory.class).getListeners())
                    .singleElement().isInstanceOf(ClientMetricsBinder.class);
            assertThat(context.getBean(DefaultKafkaProducerFactory.class).getListeners())
                    .singleElement().isInstanceOf(ClientMetricsBinder.class);
            assertThat(context.getBean(KafkaClientMetricsProperties.class).refreshInterval())
                    .isEqualTo(Duration.ofSeconds(5));
        });
    }

    @Test
    void refusesARefreshIntervalOutsideItsBounds() {
        runner.withPropertyValues("commerce.kafka.metrics.refresh-interval=100ms").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("must be 1s..5m"));
    }

    @Test
    void staysAwayFromAnApplicationThatIsNotACommerceService() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaMetricsAutoConfiguration.class,
                        KafkaAutoConfiguration.class, KafkaClientMetricsAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> assertThat(context).doesNotHaveBean(RefreshingKafkaClientMetrics.class));
    }
}
