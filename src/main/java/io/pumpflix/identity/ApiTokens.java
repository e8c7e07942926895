package io.pumpflix.identity;

import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Opaque sign-in tokens, each for the API or the console ({@link TokenPurpose}): 256 random bits, base64url, handed out once at sign-in and stored only as
 * their SHA-256 hash, with an expiry ({@code pumpflix.api.token-ttl}, 12 hours by default). Issuing
 * and revoking work inside the caller's tenant scope.
 */
@Component
class ApiTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Routines routines;
    private static final int MAX_CACHED = 10_000;

    private final Duration ttl;
    private final long cacheNanos;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    ApiTokens(Routines routines, @Value("${pumpflix.api.token-ttl:PT12H}") Duration ttl,
            @Value("${pumpflix.api.token-cache:PT5S}") Duration cache) {
        this.routines = routines;
        this.ttl = ttl;
        this.cacheNanos = cache.toNanos();
    }

    IssuedToken issue(Actor actor, TokenPurpose purpose) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Instant expiresAt = Instant.now().plus(ttl).truncatedTo(ChronoUnit.SECONDS);
        routines.call("""
                INSERT INTO public.api_tokens (token_hash, user_id, organization_id, expires_at, purpose)
                VALUES (?, ?, ?, ?, ?)""", hash(token), actor.userId(), actor.organizationId(),
                LocalDateTime.ofInstant(expiresAt, ZoneOffset.UTC), purpose.dbValue());
        return new IssuedToken(token, expiresAt);
    }

    /**
     * The actor a live token belongs to, with their role. A resolved token is remembered for
     * {@code pumpflix.api.token-cache} (5 seconds by default) to spare a database round trip per
     * request: a revocation on this instance takes effect at once, on other instances and for
     * role changes within that time.
     */
    Optional<Actor> resolve(String token, TokenPurpose purpose) {
        if (token == null || token.length() != 43) {
            return Optional.empty();
        }
        String key = HexFormat.of().formatHex(hash(token));
        long now = System.nanoTime();
        Cached cached = cache.get(key);
        if (cached != null && now - cached.at() < cacheNanos) {
            return cached.purpose() == purpose ? Optional.of(cached.actor()) : Optional.empty();
        }
        Optional<Actor> actor = routines.optional(
                "SELECT user_id, organization_id, role FROM pumpflix.resolve_api_token(?, ?)",
                (rs, n) -> new Actor(Rows.uuid(rs, "user_id"), Rows.uuid(rs, "organization_id"),
                        Role.fromDb(rs.getString("role"))), hash(token), purpose.dbValue());
        if (actor.isPresent()) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(key, new Cached(actor.get(), purpose, now));
        } else if (cached != null && cached.purpose() == purpose) {
            cache.remove(key);
        }
        return actor;
    }

    void revoke(Actor actor, String token) {
        cache.remove(HexFormat.of().formatHex(hash(token)));
        routines.call("""
                UPDATE public.api_tokens SET revoked_at = now() AT TIME ZONE 'UTC'
                WHERE token_hash = ? AND revoked_at IS NULL""", (Object) hash(token));
    }

    /** Forgets what this instance remembers of a user's tokens (after a role change). */
    void forget(UUID userId) {
        cache.values().removeIf(cached -> cached.actor().userId().equals(userId));
    }

    private record Cached(Actor actor, TokenPurpose purpose, long at) {
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
