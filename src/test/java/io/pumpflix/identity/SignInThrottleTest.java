package io.pumpflix.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pumpflix.platform.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The sign-in throttle's waits, on a clock the test moves. */
class SignInThrottleTest {

    private static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-11-30T10:00:00.999Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aWaitLastsItsFullLengthEvenAcrossASecondsBoundary() {
        MovingClock clock = new MovingClock();
        SignInThrottle throttle = new SignInThrottle(clock);
        for (int i = 0; i < 5; i++) {
            throttle.check("a@example.test", "192.0.2.1");
            throttle.failed("a@example.test", "192.0.2.1");
        }
        // the fifth failure was at .999; two milliseconds later the next second has begun
        clock.now = clock.now.plusMillis(2);
        TooManyRequestsException refused = catchThrowableOfType(TooManyRequestsException.class,
                () -> throttle.check("a@example.test", "192.0.2.1"));
        assertThat(refused).isNotNull();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        assertThatCode(() -> throttle.check("a@example.test", "192.0.2.2")).as("another address").doesNotThrowAnyException();
        clock.now = clock.now.plus(Duration.ofMillis(998));
        assertThatCode(() -> throttle.check("a@example.test", "192.0.2.1")).doesNotThrowAnyException();
    }
}
