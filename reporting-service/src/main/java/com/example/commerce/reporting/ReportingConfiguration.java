package com.example.commerce.reporting;

import com.example.commerce.reporting.report.CsvMessageConverter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Reports as CSV beside JSON, and the typed {@link ReportingProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReportingProperties.class)
class ReportingConfiguration implements WebMvcConfigurer {

    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        // Last, after the JSON converter: CSV only when a client asks for text/csv, never for */* (the starter's
        // operations pages, the problems).
        builder.configureMessageConvertersList(converters -> converters.add(new CsvMessageConverter()));
    }
}
