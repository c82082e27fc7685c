package com.example.commerce.customer.identity;

import com.example.commerce.starter.secrets.SecretGuard;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Refuses to start the issuer outside the local stack ({@code commerce.environment} is not {@code local}, as for
 * service-starter's {@link SecretGuard}) when the storefront has no redirect URIs of its own, or one on a loopback
 * address: the local stack's {@code http://127.0.0.1:8080/callback} (any port, as loopback redirects match) would
 * hand a deployment's authorization codes to whatever listens on the customer's own machine; nor with one that is
 * not an absolute http(s) URI (such as {@code .env.example}'s placeholder). Runs right after the
 * secret guard, before any bean touches the database; the message names the property to set.
 */
public final class StorefrontRedirectGuard implements BeanFactoryPostProcessor, EnvironmentAware, Ordered {

    public static final String PROPERTY = "commerce.identity.storefront.redirect-uris";

    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.[0-9]{1,3}){3}");

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        String problem = problemOf(environment);
        if (problem != null) {
            throw new IllegalStateException(environment.getProperty("spring.application.name", "customer-service")
                    + " refuses to start outside the local stack (commerce.environment is not 'local'): " + problem);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    /** Why the storefront's redirect URIs cannot ship, or null when they can (always in the local environment). */
    static String problemOf(Environment environment) {
        if (SecretGuard.isLocal(environment)) {
            return null;
        }
        List<String> uris = Binder.get(environment).bind(PROPERTY, Bindable.listOf(String.class)).orElse(List.of())
                .stream().filter(uri -> !uri.isBlank()).toList();
        if (uris.isEmpty()) {
            return PROPERTY + " (set COMMERCE_IDENTITY_STOREFRONT_REDIRECT_URIS): missing; the storefront's callback "
                    + "of this deployment, e.g. https://shop.example.com/callback";
        }
        List<String> unusable = uris.stream().filter(uri -> !isHttpUri(uri)).toList();
        if (!unusable.isEmpty()) {
            return PROPERTY + ": " + unusable + " is not an absolute http(s) URI (a placeholder of .env.example?)";
        }
        List<String> loopback = uris.stream().filter(StorefrontRedirectGuard::isLoopback).toList();
        if (!loopback.isEmpty()) {
            return PROPERTY + ": " + loopback + " is a loopback address, the local stack's; give this deployment's callback";
        }
        return null;
    }

    private static boolean isHttpUri(String uri) {
        try {
            URI parsed = URI.create(uri.strip());
            return ("https".equalsIgnoreCase(parsed.getScheme()) || "http".equalsIgnoreCase(parsed.getScheme()))
                    && parsed.getHost() != null;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    static boolean isLoopback(String uri) {
        String host;
        try {
            host = URI.create(uri.strip()).getHost();
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        return host.equals("localhost") || host.endsWith(".localhost") || LOOPBACK_V4.matcher(host).matches()
                || host.equals("[::1]") || host.equals("[0:0:0:0:0:0:0:1]");
    }
}
