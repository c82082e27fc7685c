package com.example.commerce.starter.secrets;

import java.util.List;
import java.util.stream.Collectors;

/** A service refused to start: the secrets it names are missing or hold development values. */
public class InsecureSecretsException extends IllegalStateException {

    private final transient List<SecretGuard.Violation> violations;

    public InsecureSecretsException(String service, boolean local, List<SecretGuard.Violation> violations) {
        super(service + " refuses to start" + (local ? "" : " outside the local stack (commerce.environment is not 'local')")
                + ": " + violations.stream().map(SecretGuard.Violation::describe).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<SecretGuard.Violation> violations() {
        return violations;
    }
}
