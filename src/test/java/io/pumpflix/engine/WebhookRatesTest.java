package io.pumpflix.engine;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpflix.platform.TooManyRequestsException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rate of one webhook path: two seconds' worth at once, then refused; other paths untouched. */
class WebhookRatesTest {

    private static EngineSettings perSecond(double rate) {
        return new EngineSettings(64, 16, Duration.ofSeconds(30), Duration.ofMillis(200), 64, Duration.ofMinutes(5), 10_000,
                4L << 20, 16L << 20, Duration.ofSeconds(1), 10_000, 500, 32, Duration.ofSeconds(30), List.of(),
                Duration.ofSeconds(30), 4L << 20, 1L << 20, rate, 10, Duration.ofSeconds(1));
    }

    @Test
    void aPathTakesTwoSecondsWorthAtOnceThenIsRefused() {
        WebhookRates rates = new WebhookRates(perSecond(3));
        for (int i = 0; i < 6; i++) {
            assertThatCode(() -> rates.admit("orders")).doesNotThrowAnyException();
        }
        assertThatThrownBy(() -> rates.admit("orders")).isInstanceOf(TooManyRequestsException.class)
                .hasMessageContaining("3 requests a second");
        assertThatCode(() -> rates.admit("invoices")).as("another path has its own rate").doesNotThrowAnyException();
    }

    @Test
    void zeroMeansNoLimit() {
        WebhookRates rates = new WebhookRates(perSecond(0));
        for (int i = 0; i < 10_000; i++) {
            rates.admit("orders");
        }
    }
}
