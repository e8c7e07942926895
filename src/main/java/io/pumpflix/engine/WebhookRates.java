package io.pumpflix.engine;

import io.pumpflix.platform.TooManyRequestsException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Requests per webhook path on this instance: a token bucket of
 * {@code pumpflix.engine.webhook-requests-per-second} (0: no limit), holding two seconds' worth.
 */
@Component
class WebhookRates {

    private final double perSecond;
    private final Map<String, double[]> buckets = new ConcurrentHashMap<>();

    WebhookRates(EngineSettings settings) {
        this.perSecond = settings.webhookRequestsPerSecond();
    }

    void admit(String path) {
        if (perSecond <= 0) {
            return;
        }
        if (buckets.size() > 100_000) {
            buckets.clear();
        }
        double[] bucket = buckets.computeIfAbsent(path, p -> new double[] {perSecond * 2, System.nanoTime()});
        synchronized (bucket) {
            double now = System.nanoTime();
            bucket[0] = Math.min(perSecond * 2, bucket[0] + (now - bucket[1]) / 1e9 * perSecond);
            bucket[1] = now;
            if (bucket[0] < 1) {
                throw new TooManyRequestsException("more than " + (long) perSecond + " requests a second on this webhook", 1);
            }
            bucket[0] -= 1;
        }
    }
}
