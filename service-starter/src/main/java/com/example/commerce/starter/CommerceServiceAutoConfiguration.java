package com.example.commerce.starter;

import com.example.commerce.starter.metrics.TableGauges;
import com.example.commerce.starter.partner.PartnerCalls;
import com.example.commerce.starter.secrets.SecretGuard;
import com.example.commerce.starter.web.ProblemErrorReportValve;
import com.example.commerce.starter.web.RequestBodyLimitFilter;
import com.example.commerce.starter.web.RequestBodyLimitProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.swagger.v3.oas.models.info.Info;
import java.time.Clock;
import java.time.Duration;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every service gets by depending on the starter: its typed service properties, problem+json
 * errors, request bodies that refuse unknown fields, the guard against secrets that cannot ship, and the one
 * {@link Clock} (UTC) that every saga, sweep and deadline reads: a test declares its own {@code Clock} bean to move time instead of waiting. The property defaults come from {@link ServiceDefaultsEnvironmentPostProcessor}. Runs before
 * Spring MVC's auto-configuration so that its problem handler replaces Boot's plain one.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnProperty("commerce.service.schema")
@EnableConfigurationProperties(CommerceServiceProperties.class)
public class CommerceServiceAutoConfiguration {

    /**
     * Refuses to start with a secret that is missing or, outside the local stack and the tests, a development
     * value ({@link SecretGuard}). Static: it runs before any other bean is created.
     */
    @Bean
    static SecretGuard secretGuard() {
        return new SecretGuard();
    }

    /** The service's time. Inject it; never read {@code Clock.systemUTC()} in a service. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Observed calls to third parties over the JDK's HttpClient (see {@link PartnerCalls}). */
    @Bean
    @ConditionalOnMissingBean
    PartnerCalls partnerCalls(ObjectProvider<ObservationRegistry> observations) {
        return new PartnerCalls(observations.getIfAvailable(() -> ObservationRegistry.NOOP));
    }

    /** Gauges read from the service's own tables, each query run at most every 10 s (see {@link TableGauges}). */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnClass(JdbcTemplate.class)
    TableGauges tableGauges(ObjectProvider<JdbcTemplate> jdbc, ObjectProvider<MeterRegistry> meters, Clock clock) {
        return new TableGauges(jdbc.getIfAvailable(), meters.getIfAvailable(), clock, Duration.ofSeconds(10));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @EnableConfigurationProperties(RequestBodyLimitProperties.class)
    static class WebConfiguration {

        /**
         * Every request body bounded before it is read ({@code commerce.web.body-limit.*}); after the observation
         * filter (a refusal is measured like any answer), before the security filters (a webhook's small bound
         * holds before its signature is looked at).
         */
        @Bean
        FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(RequestBodyLimitProperties properties,
                                                                             ObjectProvider<JsonMapper> json) {
            FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                    new RequestBodyLimitFilter(properties, json.getIfAvailable(JsonMapper::new)));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
            registration.setName("requestBodyLimitFilter");
            return registration;
        }

        /**
         * The OpenAPI document names its service: title {@code spring.application.name}, version and description
         * from {@code commerce.service.version} and {@code commerce.service.description} (springdoc's defaults
         * would be "OpenAPI definition" and "v0").
         */
        @Bean
        OpenApiCustomizer serviceInTheApiDocument(CommerceServiceProperties service,
                                                  @Value("${spring.application.name:service}") String applicationName) {
            return openApi -> {
                Info info = openApi.getInfo() == null ? new Info() : openApi.getInfo();
                info.setTitle(applicationName);
                info.setVersion(service.version() == null || service.version().isBlank() ? "unversioned" : service.version());
                info.setDescription(service.description());
                openApi.setInfo(info);
            };
        }

        /**
         * What Tomcat answers itself (an encoded slash in the path, a malformed request line) is a problem too
         * ({@link ProblemErrorReportValve}), in place of the error report valve Spring Boot adds (order 0).
         */
        @Bean
        @ConditionalOnClass(name = "org.apache.catalina.valves.ErrorReportValve")
        WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemErrorReports() {
            return new ProblemErrorReports();
        }

        @Bean
        ProblemDetailsAdvice problemDetailsAdvice() {
            return new ProblemDetailsAdvice();
        }

        /**
         * Request bodies with a field their record does not have (a typo, or an attempt to set what the
         * server decides, such as a price or a total) are refused as malformed (400) instead of being
         * silently ignored. Only the server's JSON converter is strict: the application's {@link JsonMapper},
         * which reads events, keeps ignoring unknown fields as the event contract requires. Ordered after
         * Spring Boot's own customizer (order 0), whose JSON converter it replaces.
         */
        @Bean
        @Order(1)
        ServerHttpMessageConvertersCustomizer strictJsonRequestBodies(JsonMapper jsonMapper) {
            JsonMapper strict = jsonMapper.rebuild().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
            return converters -> converters.withJsonConverter(new JacksonJsonHttpMessageConverter(strict));
        }
    }

    /** Replaces the host's error report valve with {@link ProblemErrorReportValve}. */
    static final class ProblemErrorReports implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                Pipeline pipeline = context.getParent().getPipeline();
                for (Valve valve : pipeline.getValves()) {
                    if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
                        pipeline.removeValve(valve);
                    }
                }
                pipeline.addValve(new ProblemErrorReportValve());
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            return 1;
        }
    }
}
