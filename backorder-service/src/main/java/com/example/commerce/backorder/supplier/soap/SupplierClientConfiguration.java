package com.example.commerce.backorder.supplier.soap;

import com.example.commerce.backorder.supplier.Supplier;
import com.example.commerce.backorder.supplier.SupplierProperties;
import com.example.commerce.starter.resilience.Resilience;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The SOAP supplier client from {@code commerce.backorder.supplier.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SupplierProperties.class)
class SupplierClientConfiguration {

    @Bean(destroyMethod = "close")
    SupplierResilience supplierResilience(SupplierProperties properties, Resilience resilience) {
        return new SupplierResilience(properties, resilience);
    }

    @Bean
    Supplier supplier(SupplierProperties properties, SupplierResilience resilience) {
        return new SoapSupplier(SupplierClients.template(properties), resilience, properties.buyer());
    }
}
