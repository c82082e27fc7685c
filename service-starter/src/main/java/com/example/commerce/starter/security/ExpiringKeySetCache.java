package com.example.commerce.starter.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.springframework.cache.Cache;
import org.springframework.cache.concurrent.ConcurrentMapCache;

/**
 * Where the decoder keeps the issuer's key set: for at most {@code ttl}, then it is fetched again, so a key
 * the issuer stopped publishing (a rotated-out or withdrawn one) is no longer trusted after that time. A
 * token with a key id the cached set lacks makes the decoder fetch again at once (a rotation).
 */
final class ExpiringKeySetCache implements Cache {

    private final ConcurrentMapCache entries = new ConcurrentMapCache("jwks");
    private final Duration ttl;
    private final Clock clock;
    private volatile Instant filledAt = Instant.MIN;

    ExpiringKeySetCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    private void expireIfStale() {
        if (filledAt.plus(ttl).isBefore(clock.instant())) {
            entries.clear();
        }
    }

    @Override
    public String getName() {
        return entries.getName();
    }

    @Override
    public Object getNativeCache() {
        return entries.getNativeCache();
    }

    @Override
    public ValueWrapper get(Object key) {
        expireIfStale();
        return entries.get(key);
    }

    @Override
    public <T> T get(Object key, Class<T> type) {
        expireIfStale();
        return entries.get(key, type);
    }

    @Override
    public <T> T get(Object key, Callable<T> valueLoader) {
        expireIfStale();
        boolean absent = entries.get(key) == null;
        T value = entries.get(key, valueLoader);
        if (absent) {
            filledAt = clock.instant();
        }
        return value;
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
        filledAt = clock.instant();
    }

    @Override
    public void evict(Object key) {
        entries.evict(key);
    }

    @Override
    public boolean invalidate() {
        return entries.invalidate();
    }

    @Override
    public void clear() {
        entries.clear();
    }
}
