package io.pumpflix.identity;

import io.pumpflix.platform.TooManyRequestsException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Slows down repeated failed sign-ins without letting an attacker lock the owner out: failures
 * are counted per account *and* client address, so guesses from one address delay only that
 * address. After 5 failures each attempt must wait 2^(n-5) seconds (at most 5 minutes); a success
 * clears the count. Kept in memory, bounded, per instance.
 */
@Component
class SignInThrottle {

    static final int FREE_FAILURES = 5;
    static final long MAX_WAIT_SECONDS = 300;
    private static final int MAX_TRACKED = 100_000;

    private final Clock clock;
    private final Map<String, Failures> failures = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_TRACKED;
        }
    };

    private record Failures(int count, Instant last) {
    }

    SignInThrottle() {
        this(Clock.systemUTC());
    }

    SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Refuses the attempt with 429 and the seconds to wait, when this address has failed too often. */
    synchronized void check(String email, String address) {
        Failures seen = failures.get(key(email, address));
        if (seen == null || seen.count() < FREE_FAILURES) {
            return;
        }
        long waitMillis = 1000 * Math.min(MAX_WAIT_SECONDS, 1L << Math.min(30, seen.count() - FREE_FAILURES));
        // in milliseconds: counted in whole seconds, a wait of one second could end a millisecond after it began
        long waitedMillis = java.time.Duration.between(seen.last(), clock.instant()).toMillis();
        if (waitedMillis < waitMillis) {
            throw new TooManyRequestsException("too many failed sign-ins for this account from this address",
                    (waitMillis - waitedMillis + 999) / 1000);
        }
    }

    synchronized void failed(String email, String address) {
        failures.merge(key(email, address), new Failures(1, clock.instant()),
                (old, one) -> new Failures(old.count() + 1, one.last()));
    }

    synchronized void succeeded(String email, String address) {
        failures.remove(key(email, address));
    }

    private static String key(String email, String address) {
        return (email == null ? "" : email.strip().toLowerCase(Locale.ROOT)) + "|" + address;
    }
}
