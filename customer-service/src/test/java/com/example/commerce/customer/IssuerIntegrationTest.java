package com.example.commerce.customer;

import com.example.commerce.testing.ServiceInfrastructureInitializer;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/** customer-service on the shared PostgreSQL and Kafka, as its own issuer ({@link OwnIssuer}). */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = {ServiceInfrastructureInitializer.class, OwnIssuer.class})
public @interface IssuerIntegrationTest {
}
