package com.example.commerce.customer.notification;

import com.example.commerce.customer.account.CustomerAccounts.AccountErased;
import java.time.Clock;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * An erased customer's emails go with the account, in its transaction: what was still to be sent is suppressed, and
 * the mail server's answers kept on their rows (which may have quoted the address) are cleared. The rows hold no
 * address or name of their own.
 */
@Component
class ForgetErasedRecipients {

    private final Notifications notifications;
    private final Clock clock;

    ForgetErasedRecipients(Notifications notifications, Clock clock) {
        this.notifications = notifications;
        this.clock = clock;
    }

    @EventListener
    void on(AccountErased erased) {
        notifications.forget(erased.customerId(), clock.instant());
    }
}
