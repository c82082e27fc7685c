package com.example.commerce.customer.identity;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operations on the token signing keys: which are published, and rotating the active one. */
@RestController
@RequestMapping("/api/v1/ops/signing-keys")
@PreAuthorize("hasAuthority('SCOPE_ops:signing-keys')")
@Tag(name = "Signing keys (operations)", description = "The keys customer-service signs tokens with")
class SigningKeysController {

    private final SigningKeys keys;

    SigningKeysController(SigningKeys keys) {
        this.keys = keys;
    }

    record PublishedKeys(String activeKeyId, List<String> published) {
    }

    @GetMapping
    @Operation(summary = "The active key id and every published one (the active first)")
    PublishedKeys published() {
        return new PublishedKeys(keys.activeKeyId(), keys.publishedKeyIds());
    }

    @PostMapping("/rotate")
    @Operation(summary = "Sign with a new key from now on; the old one stays published until its tokens expire")
    SigningKeys.Rotation rotate() {
        return keys.rotate();
    }
}
