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
 * token with a key id the cached set lacks makes the decoder fetch again (a rotation), but not within
 * {@code minRefetchInterval} of the last fetch: a stream of tokens with made-up key ids costs the issuer at
 * most one fetch per interval and service.
 */
final class ExpiringKeySetCache implements Cache {

    private final ConcurrentMapCache entries = new ConcurrentMapCache("jwks");
    private final Duration ttl;
    private final Duration minRefetchInterval;
    private final Clock clock;
    private volatile Instant filledAt = Instant.MIN;

    ExpiringKeySetCache(Duration ttl, Duration minRefetchInterval, Clock clock) {
        this.ttl = ttl;
        this.minRefetchInterval = minRefetchInterval;
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

    /** Asked for when a token names a key id the cached set lacks. */
    @Override
    public boolean invalidate() {
        if (filledAt.plus(minRefetchInterval).isAfter(clock.instant())) {
            return false;
        }
        return entries.invalidate();
    }

    @Override
    public void clear() {
        entries.clear();
    }
}
