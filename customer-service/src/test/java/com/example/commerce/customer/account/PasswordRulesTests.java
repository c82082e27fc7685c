package com.example.commerce.customer.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordRulesTests {

    @Test
    void acceptsALongMixedPassword() {
        assertThat(PasswordRules.violations("correct horse 42", "alice@example.com")).isEmpty();
    }

    @Test
    void namesEachBrokenRule() {
        assertThat(PasswordRules.violations("short1", "a@example.com")).containsExactly("must have at least 12 characters");
        assertThat(PasswordRules.violations("onlyletterslong", "a@example.com"))
                .containsExactly("must mix letters with digits or symbols");
        assertThat(PasswordRules.violations("alice-is-great-1", "Alice@example.com"))
                .containsExactly("must not contain the email address");
        assertThat(PasswordRules.violations("my password1 is good", "a@example.com"))
                .containsExactly("must not contain a common password");
        assertThat(PasswordRules.violations("x1".repeat(65), "a@example.com"))
                .containsExactly("must have at most 128 characters");
    }
}
