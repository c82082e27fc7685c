package com.example.commerce.starter.secrets;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a refusal of the {@link SecretGuard} as Spring Boot's start-up failure report, one line per property. */
class InsecureSecretsFailureAnalyzer extends AbstractFailureAnalyzer<InsecureSecretsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InsecureSecretsException cause) {
        StringBuilder description = new StringBuilder(cause.getMessage().replaceFirst(":.*", ":"));
        cause.violations().forEach(violation -> description.append("\n    - ").append(violation.describe()));
        return new FailureAnalysis(description.toString(),
                "Set each property named above from your secret store (an environment variable works: upper case, "
                        + "dots and dashes as underscores). The development values are allowed only with "
                        + "commerce.environment=local, which the local stack and the tests set.", cause);
    }
}
