package com.example.commerce.customer.identity;

import com.example.commerce.customer.account.Customer;
import com.example.commerce.customer.account.Customers;
import com.example.commerce.starter.secrets.SecretGuard;
import com.example.commerce.starter.security.ResourceServerAutoConfiguration;
import com.example.commerce.starter.security.SecurityProperties;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * customer-service as the fleet's OAuth2 / OpenID Connect issuer, on Spring Authorization Server, under
 * the name every service trusts ({@code commerce.security.issuer-uri}).
 *
 * <p>Two filter chains come before the starter's resource-server chain, each for paths only an issuer
 * has: the protocol endpoints ({@code /oauth2/authorize}, {@code /oauth2/token}, {@code /oauth2/jwks},
 * {@code /.well-known/openid-configuration}, {@code /userinfo}, ...), and the login form
 * ({@code /login}), which holds a session only for the sign-in. Everything else of customer-service
 * (its own API) is the starter's chain, checking tokens like every service, but against its own keys
 * without a round trip over HTTP.
 *
 * <p>Registered clients, authorizations (codes, access and refresh tokens) and consents are in the
 * {@code customer} schema (Spring Authorization Server's JDBC services), signing keys in
 * {@code signing_key} ({@link SigningKeys}), so a restart keeps every issued token valid.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentityProperties.class)
class AuthorizationServerConfiguration {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain authorizationServerFilterChain(HttpSecurity http, JwtDecoder jwtDecoder, Customers customers,
                                                       RegisteredClientRepository clients) throws Exception {
        http.oauth2AuthorizationServer(authorizationServer -> {
                    http.securityMatcher(authorizationServer.getEndpointsMatcher());
                    authorizationServer
                            .clientAuthentication(clientAuthentication -> clientAuthentication
                                    .authenticationConverter(StorefrontRefreshTokens.refreshRequestConverter())
                                    .authenticationProvider(StorefrontRefreshTokens.refreshRequestAuthentication(clients))
                                    .authenticationProviders(StorefrontRefreshTokens::markPkceClientsThatMayRefresh))
                            .tokenEndpoint(token -> token.accessTokenRequestConverters(
                                    converters -> converters.addFirst(DefaultClientScopes.converter())))
                            .oidc(oidc -> oidc.userInfoEndpoint(userInfo ->
                                    userInfo.userInfoMapper(context -> userInfo(context, customers))));
                })
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                // A browser (or the token CLI, which asks for HTML) that is not signed in goes to the form.
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                // The userinfo endpoint takes the customer's access token.
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(jwt -> jwt.decoder(jwtDecoder)
                        .jwtAuthenticationConverter(ResourceServerAutoConfiguration.authenticationConverter())));
        return http.build();
    }

    /**
     * The sign-in form: the only place customer-service keeps a session (until the code is issued). Each
     * failure counts towards the account's lockout, a success clears it.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    SecurityFilterChain signInFilterChain(HttpSecurity http, SignInAttempts attempts) throws Exception {
        SavedRequestAwareAuthenticationSuccessHandler continueToTheClient = new SavedRequestAwareAuthenticationSuccessHandler();
        SimpleUrlAuthenticationFailureHandler backToTheForm = new SimpleUrlAuthenticationFailureHandler("/login?error");
        http.securityMatcher("/login", "/logout")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .formLogin(form -> form
                        .successHandler((request, response, authentication) -> {
                            attempts.succeeded(authentication.getName());
                            continueToTheClient.onAuthenticationSuccess(request, response, authentication);
                        })
                        .failureHandler((request, response, exception) -> {
                            attempts.failed(request.getParameter("username"));
                            backToTheForm.onAuthenticationFailure(request, response, exception);
                        }))
                .logout(Customizer.withDefaults());
        return http.build();
    }

    /** Before Spring Security's filters: a throttled request never reaches a password check. */
    @Bean
    FilterRegistrationBean<SignInRateLimits> signInRateLimits(IdentityProperties properties) {
        FilterRegistrationBean<SignInRateLimits> registration =
                new FilterRegistrationBean<>(new SignInRateLimits(properties.rateLimits()));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10);
        return registration;
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(SecurityProperties security) {
        return AuthorizationServerSettings.builder().issuer(security.issuer()).build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    RegisteredClientRepository registeredClientRepository(JdbcTemplate jdbc) {
        return new JdbcRegisteredClientRepository(jdbc);
    }

    @Bean
    OAuth2AuthorizationService authorizationService(JdbcTemplate jdbc, RegisteredClientRepository clients) {
        return new JdbcOAuth2AuthorizationService(jdbc, clients);
    }

    @Bean
    OAuth2AuthorizationConsentService authorizationConsentService(JdbcTemplate jdbc, RegisteredClientRepository clients) {
        return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
    }

    @Bean
    RegisteredClients registeredClients(RegisteredClientRepository clients, PasswordEncoder passwords,
                                        IdentityProperties properties, TransactionTemplate transactions,
                                        JdbcTemplate jdbc, Environment environment) {
        return new RegisteredClients(clients, passwords, properties, transactions, jdbc, SecretGuard.isLocal(environment));
    }

    /** Refuses to start outside the local stack without the storefront's own redirect URIs (before the database). */
    @Bean
    static StorefrontRedirectGuard storefrontRedirectGuard() {
        return new StorefrontRedirectGuard();
    }

    /**
     * Access tokens for the API: {@code aud} = the API audience, {@code sub} = the customer id (or the
     * client id), {@code scope}, a client's {@code roles}; every token is signed with the active key,
     * named in its {@code kid}.
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> tokenClaims(SigningKeys keys, SecurityProperties security) {
        return context -> {
            context.getJwsHeader().keyId(keys.activeKeyId());
            if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                // Mutable lists: the claims are stored with the authorization, and read back by a JSON mapper
                // that allows only the usual collection types.
                context.getClaims().audience(new ArrayList<>(List.of(security.audience())));
                if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
                    List<String> roles = RegisteredClients.roles(context.getRegisteredClient());
                    if (!roles.isEmpty()) {
                        context.getClaims().claim("roles", new ArrayList<>(roles));
                    }
                }
            }
        };
    }

    /**
     * customer-service's own API checks tokens like every service (issuer, audience, expiry with the clock
     * skew), with its signing keys read directly instead of over HTTP.
     */
    @Bean
    JwtDecoder jwtDecoder(SigningKeys keys, SecurityProperties security) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        });
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(ResourceServerAutoConfiguration.validator(security));
        return decoder;
    }

    private static OidcUserInfo userInfo(OidcUserInfoAuthenticationContext context, Customers customers) {
        String subject = context.getAuthorization().getPrincipalName();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", subject);
        try {
            customers.findById(UUID.fromString(subject)).filter(Customer::active).ifPresent(customer -> {
                claims.put("email", customer.email());
                claims.put("name", customer.displayName());
            });
        } catch (IllegalArgumentException notACustomer) {
            // a client's subject: nothing more to say
        }
        return new OidcUserInfo(claims);
    }
}
