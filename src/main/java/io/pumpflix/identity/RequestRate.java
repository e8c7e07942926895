package io.pumpflix.identity;

import io.pumpflix.platform.TooManyRequestsException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A per-user request rate: a token bucket of {@code pumpflix.api.requests-per-second} (200, 0 for
 * no limit) refilled continuously, holding up to two seconds' worth. Beyond it, 429 with
 * Retry-After. High-volume producers use the batch endpoint instead. In memory, per instance.
 */
@Component
class RequestRate {

    private final double perSecond;
    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    RequestRate(@Value("${pumpflix.api.requests-per-second:200}") double perSecond) {
        this.perSecond = perSecond;
    }

    private static final class Bucket {
        double tokens;
        long refilled = System.nanoTime();

        Bucket(double tokens) {
            this.tokens = tokens;
        }
    }

    void admit(Actor actor) {
        if (perSecond <= 0) {
            return;
        }
        if (buckets.size() > 100_000) {
            buckets.clear();
        }
        Bucket bucket = buckets.computeIfAbsent(actor.userId(), id -> new Bucket(perSecond * 2));
        synchronized (bucket) {
            long now = System.nanoTime();
            bucket.tokens = Math.min(perSecond * 2, bucket.tokens + (now - bucket.refilled) / 1e9 * perSecond);
            bucket.refilled = now;
            if (bucket.tokens < 1) {
                throw new TooManyRequestsException("more than " + (long) perSecond + " requests a second", 1);
            }
            bucket.tokens -= 1;
        }
    }
}
