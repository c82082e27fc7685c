package com.example.commerce.localstack;

import com.example.commerce.stack.DemoIdentity;
import com.example.commerce.stack.FleetLayout;
import com.example.commerce.stack.TokenClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./fleet token}: prints an access token from the running fleet's issuer, got the way a real
 * client gets one. {@code --customer EMAIL} drives the storefront's authorization-code flow with PKCE
 * over HTTP, login form included; {@code --client ID} uses client credentials. A demo customer's or
 * client's credentials are known; anyone else's are given with {@code --password} or {@code --secret}.
 * Only the token goes to standard output, so {@code TOKEN=$(./fleet token --client ops-console)} works.
 */
final class TokenCommand {

    static final String USAGE = """
            Usage: ./fleet token --customer EMAIL [--password=SECRET]
                   ./fleet token --client CLIENT_ID [--secret=SECRET] [--scope="a b"]

            Prints an access token from the running fleet's issuer (customer-service):
              --customer EMAIL   sign in as this customer through the storefront (authorization code + PKCE,
                                 the login form filled in over HTTP); demo customers need no --password
              --client ID        client credentials; demo clients need no --secret
              --scope="a b"      the scopes a client asks for (default: all it has)
              --refresh          print the refresh token too (customers), on a second line
              --issuer=URL       the issuer [http://127.0.0.1:%d]

            Demo customers (password %s): %s
            Demo clients (secret <id>-secret): %s
            """.formatted(FleetLayout.byName("customer-service").port(), DemoIdentity.CUSTOMER_PASSWORD,
            DemoIdentity.CUSTOMERS.stream().map(DemoIdentity.Customer::email).toList(),
            DemoIdentity.CLIENTS.stream().map(c -> c.clientId() + " " + c.scopes()).toList());

    private TokenCommand() {
    }

    /** Runs the command; returns the process's exit status. */
    static int run(List<String> args, Map<String, String> env) {
        String customer = null;
        String client = null;
        String password = null;
        String secret = null;
        String scope = null;
        boolean refresh = false;
        String issuer = env.getOrDefault("COMMERCE_ISSUER", "http://127.0.0.1:" + FleetLayout.byName("customer-service").port());
        List<String> rest = new ArrayList<>(args);
        try {
            while (!rest.isEmpty()) {
                String arg = rest.removeFirst();
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                String inline = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
                switch (name) {
                    case "--customer" -> customer = value(name, inline, rest);
                    case "--client" -> client = value(name, inline, rest);
                    case "--password" -> password = value(name, inline, rest);
                    case "--secret" -> secret = value(name, inline, rest);
                    case "--scope" -> scope = value(name, inline, rest);
                    case "--issuer" -> issuer = value(name, inline, rest);
                    case "--refresh" -> refresh = true;
                    case "--help", "-h" -> {
                        System.out.print(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if ((customer == null) == (client == null)) {
                throw new IllegalArgumentException("name either --customer EMAIL or --client ID");
            }
            TokenClient tokens = new TokenClient(issuer);
            if (customer != null) {
                String email = customer;
                String pass = password != null ? password : DemoIdentity.customer(email).map(DemoIdentity.Customer::password)
                        .orElseThrow(() -> new IllegalArgumentException(email + " is not a demo customer: give --password"));
                TokenClient.Tokens signedIn = tokens.signIn(email, pass);
                System.out.println(signedIn.accessToken());
                if (refresh) {
                    System.out.println(signedIn.refreshToken());
                }
            } else {
                String id = client;
                String sec = secret != null ? secret : DemoIdentity.client(id).map(DemoIdentity.Client::secret)
                        .orElseThrow(() -> new IllegalArgumentException(id + " is not a demo client: give --secret"));
                String[] scopes = scope == null || scope.isBlank() ? new String[0] : scope.trim().split("\\s+");
                System.out.println(tokens.clientCredentials(id, sec, scopes).accessToken());
            }
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n\n" + USAGE);
            return 2;
        } catch (TokenClient.TokenException e) {
            System.err.println("no token: " + e.getMessage() + " (is the fleet running? ./fleet)");
            return 1;
        }
    }

    private static String value(String option, String inline, List<String> rest) {
        if (inline != null && !inline.isBlank()) {
            return inline;
        }
        if (rest.isEmpty() || rest.getFirst().startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.removeFirst();
    }
}
