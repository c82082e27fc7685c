package com.example.commerce.customer.account;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a password must be (NIST SP 800-63B in spirit: length over composition rules, no obvious
 * guesses): 12 to 128 characters, not all one character class, and not containing the email's local part.
 */
public final class PasswordRules {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;

    private static final List<String> COMMON = List.of("password", "123456", "qwerty", "letmein", "welcome", "iloveyou");

    private PasswordRules() {
    }

    /** Every rule the password breaks, in words; empty when it is fine. */
    public static List<String> violations(String password, String email) {
        List<String> broken = new ArrayList<>();
        if (password == null || password.length() < MIN_LENGTH) {
            broken.add("must have at least " + MIN_LENGTH + " characters");
            return broken;
        }
        if (password.length() > MAX_LENGTH) {
            broken.add("must have at most " + MAX_LENGTH + " characters");
        }
        boolean letter = password.chars().anyMatch(Character::isLetter);
        boolean other = password.chars().anyMatch(c -> !Character.isLetter(c));
        if (!letter || !other) {
            broken.add("must mix letters with digits or symbols");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (email != null && email.contains("@")) {
            String local = email.substring(0, email.indexOf('@')).toLowerCase(Locale.ROOT);
            if (local.length() >= 3 && lower.contains(local)) {
                broken.add("must not contain the email address");
            }
        }
        if (COMMON.stream().anyMatch(lower::contains)) {
            broken.add("must not contain a common password");
        }
        return broken;
    }
}
