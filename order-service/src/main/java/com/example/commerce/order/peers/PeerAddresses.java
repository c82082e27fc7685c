package com.example.commerce.order.peers;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the other services' APIs are ({@code commerce.peers.<name>}; the fleet passes every service's).
 * Defaults are the local stack's ports.
 */
@ConfigurationProperties("commerce.peers")
public record PeerAddresses(
        @DefaultValue("http://127.0.0.1:8083") URI cart,
        @DefaultValue("http://127.0.0.1:8082") URI customer,
        @DefaultValue("http://127.0.0.1:8086") URI payment) {
}
