package com.example.commerce.starter.security;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.client.RestTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every service is an OAuth2 resource server: one filter chain, set up here, that takes a bearer JWT,
 * checks its signature against the issuer's key set (fetched on the first token, cached for
 * {@code commerce.security.jwks-cache-ttl}, fetched again at once for a key id it does not know), its
 * issuer, audience and expiry (with a small clock skew), and turns its {@code scope} claim into
 * {@code SCOPE_...} authorities (and {@code roles} into {@code ROLE_...}).
 *
 * <p>Open without a token: what {@link PublicEndpoints#byNature()} names and every {@link PublicEndpoints}
 * bean a service declares. The operations API ({@code /api/v1/ops/**}: dead letters and parked outbox events)
 * needs {@code SCOPE_ops:dead-letters};
 * anything else needs a valid token, and an operation may ask for more with
 * {@code @PreAuthorize("hasAuthority('SCOPE_...')")} (method security is on). Nothing is fetched from the
 * issuer at start-up, so a service starts and turns healthy while the issuer is away.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration"})
@ConditionalOnProperty("commerce.service.schema")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(SecurityProperties.class)
@EnableWebSecurity
@EnableMethodSecurity
public class ResourceServerAutoConfiguration {

    /** The scope the operations API of every service needs: dead letters and parked outbox events. */
    public static final String DEAD_LETTERS_SCOPE = "ops:dead-letters";

    /** Runs after any chain a service adds for paths of its own (customer-service's sign-in). */
    public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(SecurityProperties properties) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(properties.jwksTimeout());
        requests.setReadTimeout(properties.jwksTimeout());
        RestTemplate rest = new RestTemplate(requests);
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.effectiveJwkSetUri().toString())
                .restOperations(rest)
                // Wall time, not the service's Clock bean, on purpose: keys and tokens come from a real issuer with
                // real timestamps (Spring's timestamp validator reads wall time too), and a test that moves or freezes
                // the service's clock must not stop the key set from ever being refreshed.
                .cache(new ExpiringKeySetCache(properties.jwksCacheTtl(), properties.jwksMinRefetchInterval(),
                        Clock.systemUTC()))
                .build();
        decoder.setJwtValidator(validator(properties));
        return decoder;
    }

    /** Expiry and not-before (with the clock skew), the exact issuer, and the API audience. */
    public static DelegatingOAuth2TokenValidator<Jwt> validator(SecurityProperties properties) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
        return new DelegatingOAuth2TokenValidator<>(List.of(timestamps,
                new JwtIssuerValidator(properties.issuer()),
                new JwtAudienceValidator(properties.audience())));
    }

    /** Who is calling, for a service's application services: the token's subject and scopes. */
    @Bean
    Callers callers() {
        return new Callers();
    }

    @Bean
    SecurityProblems securityProblems(ObjectProvider<JsonMapper> json) {
        return new SecurityProblems(json.getIfAvailable(JsonMapper::new));
    }

    @Bean
    @Order(ORDER)
    SecurityFilterChain resourceServerFilterChain(HttpSecurity http, JwtDecoder jwtDecoder, SecurityProblems problems,
                                                  ObjectProvider<PublicEndpoints> publicEndpoints,
                                                  SecurityProperties properties,
                                                  @Value("${spring.application.name:service}") String applicationName)
            throws Exception {
        List<PublicEndpoints> open = new ArrayList<>();
        open.add(PublicEndpoints.byNature());
        publicEndpoints.orderedStream().forEach(open::add);
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .authorizeHttpRequests(requests -> {
                    for (PublicEndpoints endpoints : open) {
                        for (String pattern : endpoints.patterns()) {
                            requests.requestMatchers(PathPatternRequestMatcher.withDefaults()
                                    .matcher(endpoints.method(), pattern)).permitAll();
                        }
                    }
                    // Operations on what could not be delivered, either way: dead letters and parked outbox events.
                    requests.requestMatchers(PathPatternRequestMatcher.withDefaults().matcher("/api/v1/ops/**"))
                            .hasAuthority("SCOPE_" + DEAD_LETTERS_SCOPE);
                    requests.anyRequest().authenticated();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(jwtDecoder).jwtAuthenticationConverter(authenticationConverter()))
                        // RFC 9728 metadata (/.well-known/oauth-protected-resource, named in WWW-Authenticate):
                        // who issues the tokens this service takes, and that only the header carries them.
                        .protectedResourceMetadata(metadata -> metadata.protectedResourceMetadataCustomizer(builder ->
                                builder.authorizationServer(properties.issuer()).tlsClientCertificateBoundAccessTokens(false)
                                        .resourceName(applicationName)))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterBefore(new IssuerUnavailableFilter(problems), BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    @Bean
    OperationCustomizer scopesInTheApiDocument() {
        return SecurityOpenApi.scopesFromAnnotations();
    }

    @Bean
    OpenApiCustomizer securityInTheApiDocument(SecurityProperties properties, ObjectProvider<PublicEndpoints> publicEndpoints) {
        List<PublicEndpoints> open = new ArrayList<>();
        open.add(PublicEndpoints.byNature());
        publicEndpoints.orderedStream().forEach(open::add);
        return SecurityOpenApi.schemeAndPublicOperations(properties, open);
    }

    /** {@code scope} to {@code SCOPE_x}, {@code roles} to {@code ROLE_x}; the principal's name is {@code sub}. */
    public static Converter<Jwt, AbstractAuthenticationToken> authenticationConverter() {
        JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
        return jwt -> {
            Collection<GrantedAuthority> authorities = new ArrayList<>(scopes.convert(jwt));
            List<String> roles = jwt.getClaimAsStringList("roles");
            if (roles != null) {
                roles.forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
            }
            return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
        };
    }
}
