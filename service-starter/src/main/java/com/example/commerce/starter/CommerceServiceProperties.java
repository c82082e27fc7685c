package com.example.commerce.starter;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * What a service declares about itself.
 *
 * @param schema      the PostgreSQL schema the service owns; also the name of the role it logs in as
 * @param description one sentence on what the service does: its OpenAPI document's description
 * @param version     the service's version ({@code "@project.version@"} in its application.yml, filled in by the
 *                    build): its OpenAPI document's version
 */
@Validated
@ConfigurationProperties("commerce.service")
public record CommerceServiceProperties(@NotBlank @Pattern(regexp = "[a-z_][a-z0-9_]*") String schema,
                                        String description, String version) {
}
