package com.example.commerce.stack;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Gets tokens from the fleet's issuer (customer-service) the way a real client does, over HTTP, with no
 * backdoor: the authorization-code flow with PKCE for a customer (including the login form, as a
 * browser fills it in), client credentials for an integrator or operator tool, and the refresh grant.
 * Behind {@code ./fleet token}, and what the system tests sign in with.
 */
public final class TokenClient {

    /** The public client customers sign in with, and where it receives its codes. */
    public static final String STOREFRONT = "storefront";
    public static final String STOREFRONT_REDIRECT = "http://127.0.0.1:8080/callback";

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String issuer;
    private final Duration timeout = Duration.ofSeconds(20);

    public TokenClient(String issuer) {
        this.issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }

    /** What the token endpoint answered. */
    public record Tokens(String accessToken, String refreshToken, String idToken, String scope, long expiresIn) {
    }

    /** The token endpoint or the sign-in refused; the message says what it answered. */
    public static final class TokenException extends RuntimeException {
        public TokenException(String message) {
            super(message);
        }
    }

    /** Client credentials: the client's own token, with the scopes asked for (all it may have if none). */
    public Tokens clientCredentials(String clientId, String secret, String... scopes) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (scopes.length > 0) {
            form.put("scope", String.join(" ", scopes));
        }
        String basic = Base64.getEncoder().encodeToString((encode(clientId) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8));
        return token(form, Optional.of("Basic " + basic));
    }

    /**
     * A customer signs in through the storefront: authorization request with a PKCE challenge, the login
     * form (its CSRF token included), the code at the redirect, and the code exchanged with the verifier.
     */
    public Tokens signIn(String email, String password) {
        return signIn(STOREFRONT, STOREFRONT_REDIRECT, email, password, "openid", "profile", "email");
    }

    public Tokens signIn(String clientId, String redirectUri, String email, String password, String... scopes) {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        String verifier = random(32);
        String state = random(16);
        URI authorize = URI.create(issuer + "/oauth2/authorize?" + query(Map.of(
                "response_type", "code", "client_id", clientId, "redirect_uri", redirectUri,
                "scope", String.join(" ", scopes), "state", state,
                "code_challenge", challenge(verifier), "code_challenge_method", "S256")));

        HttpResponse<String> toLogin = send(browser, get(authorize));
        URI loginPage = redirect(authorize, toLogin, "the authorization request");
        HttpResponse<String> form = send(browser, get(loginPage));
        Matcher csrf = CSRF.matcher(form.body());
        if (form.statusCode() != 200 || !csrf.find()) {
            throw new TokenException("no login form at " + loginPage + " (HTTP " + form.statusCode() + ")");
        }
        HttpRequest login = HttpRequest.newBuilder(loginPage.resolve("/login")).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(query(Map.of("username", email, "password", password,
                        "_csrf", csrf.group(1))))).build();
        HttpResponse<String> signedIn = send(browser, login);
        URI back = redirect(login.uri(), signedIn, "the login form");
        if (back.getPath().equals("/login")) {
            throw new TokenException("sign-in refused for " + email + " (" + back + ")");
        }
        HttpResponse<String> toClient = send(browser, get(back));
        URI callback = redirect(back, toClient, "the authorization request after sign-in");
        Map<String, String> params = parameters(callback.getRawQuery());
        if (params.containsKey("error")) {
            throw new TokenException("authorization refused: " + params);
        }
        if (!state.equals(params.get("state")) || !params.containsKey("code")) {
            throw new TokenException("unexpected redirect " + callback);
        }
        Map<String, String> exchange = new LinkedHashMap<>();
        exchange.put("grant_type", "authorization_code");
        exchange.put("code", params.get("code"));
        exchange.put("redirect_uri", redirectUri);
        exchange.put("client_id", clientId);
        exchange.put("code_verifier", verifier);
        return token(exchange, Optional.empty());
    }

    /** The refresh grant of a public client: a new access token and (rotation) a new refresh token. */
    public Tokens refresh(String clientId, String refreshToken) {
        return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", clientId),
                Optional.empty());
    }

    private Tokens token(Map<String, String> form, Optional<String> authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token")).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(query(form)));
        authorization.ifPresent(value -> request.header("Authorization", value));
        HttpResponse<String> response = send(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                request.build());
        if (response.statusCode() != 200) {
            throw new TokenException("token endpoint answered HTTP " + response.statusCode() + ": " + response.body());
        }
        String body = response.body();
        return new Tokens(string(body, "access_token"), string(body, "refresh_token"), string(body, "id_token"),
                string(body, "scope"), Optional.ofNullable(number(body, "expires_in")).orElse(0L));
    }

    private HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "text/html").GET().build();
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TokenException("cannot reach " + request.uri() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenException("interrupted");
        }
    }

    private static URI redirect(URI from, HttpResponse<String> response, String step) {
        if (response.statusCode() / 100 != 3) {
            throw new TokenException(step + " answered HTTP " + response.statusCode() + " instead of a redirect: "
                    + abbreviate(response.body()));
        }
        return from.resolve(response.headers().firstValue("Location")
                .orElseThrow(() -> new TokenException(step + " redirected nowhere")));
    }

    private static String string(String json, String field) {
        Matcher matcher = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static Long number(String json, String field) {
        Matcher matcher = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(json);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : null;
    }

    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            params.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String query(Map<String, String> params) {
        return params.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
