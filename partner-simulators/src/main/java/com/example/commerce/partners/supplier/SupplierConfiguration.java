package com.example.commerce.partners.supplier;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.ws.config.annotation.EnableWs;
import org.springframework.ws.transport.http.MessageDispatcherServlet;
import org.springframework.ws.wsdl.wsdl11.SimpleWsdl11Definition;
import org.springframework.xml.xsd.SimpleXsdSchema;

/**
 * Spring Web Services wired by hand (Boot's webservices starter is not served here): the message dispatcher at
 * {@code /supplier/ws/*}, the contract of supplier-contract served as {@code /supplier/ws/purchasing.wsdl} and
 * {@code /supplier/ws/supplier.xsd} (locations rewritten to the caller's host), and the fault knobs in front.
 */
@Configuration(proxyBeanMethods = false)
@EnableWs
@EnableConfigurationProperties(SupplierProperties.class)
class SupplierConfiguration {

    static final String PATH = "/supplier/ws";

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ServletRegistrationBean<MessageDispatcherServlet> supplierWebService(ApplicationContext context) {
        MessageDispatcherServlet servlet = new MessageDispatcherServlet();
        servlet.setApplicationContext(context);
        servlet.setTransformWsdlLocations(true);
        servlet.setTransformSchemaLocations(true);
        ServletRegistrationBean<MessageDispatcherServlet> registration =
                new ServletRegistrationBean<>(servlet, PATH + "/*");
        registration.setName("supplierWebService");
        registration.setLoadOnStartup(1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<SupplierFaults> supplierFaults(SupplierLedger ledger) {
        FilterRegistrationBean<SupplierFaults> registration = new FilterRegistrationBean<>(new SupplierFaults(ledger));
        registration.addUrlPatterns(PATH, PATH + "/*");
        return registration;
    }

    @Bean(name = "purchasing")
    SimpleWsdl11Definition purchasing() {
        return new SimpleWsdl11Definition(new ClassPathResource("supplier/supplier.wsdl"));
    }

    @Bean(name = "supplier")
    SimpleXsdSchema supplier() {
        return new SimpleXsdSchema(new ClassPathResource("supplier/supplier.xsd"));
    }
}
