package com.example.commerce.inventory.web;

import com.example.commerce.inventory.access.Caller;
import org.springframework.stereotype.Component;

/**
 * Who is calling, for the application services. Until the fleet's resource-server security lands (the
 * identity work), no request carries a token: every caller is {@link Caller#anonymous()}, as the audit of
 * dead-letter redrives names it, and writes are open like every write API of the fleet today. Once it
 * lands, this reads the subject and scopes of the request's JWT.
 */
@Component
public class Callers {

    public Caller current() {
        return Caller.anonymous();
    }
}
