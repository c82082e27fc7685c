package com.example.commerce.customer.identity;

import com.example.commerce.customer.account.CustomerAccounts.AccountErased;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * An erased customer's grants go with the account, in its transaction: their authorizations (so no
 * refresh token refreshes again) and consents. Access tokens already issued stay valid at the other
 * services until they expire (at most the access-token lifetime).
 */
@Component
class ForgetErasedCustomers {

    private final JdbcTemplate jdbc;

    ForgetErasedCustomers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(AccountErased erased) {
        String principal = erased.customerId().toString();
        jdbc.update("DELETE FROM oauth2_authorization WHERE principal_name = ?", principal);
        jdbc.update("DELETE FROM oauth2_authorization_consent WHERE principal_name = ?", principal);
    }
}
