package io.pumpflix.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RequestLimitsTest extends ApiTest {

    @Test
    void oneTokenIsHeldToItsRequestRateOthersAreNot() throws Exception {
        Org busy = signUp();
        Org calm = signUp();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<ApiClient.Response>> responses = new ArrayList<>();
        try {
            for (int i = 0; i < 2_500; i++) {
                responses.add(pool.submit(() -> api.get("/api/v1/usage", busy.ownerToken())));
            }
            int throttled = 0;
            for (Future<ApiClient.Response> response : responses) {
                ApiClient.Response r = response.get();
                assertThat(r.status()).isIn(200, 429);
                if (r.status() == 429) {
                    throttled++;
                    assertThat(r.raw().headers().firstValue("Retry-After")).contains("1");
                }
            }
            assertThat(throttled).isPositive();
        } finally {
            pool.shutdownNow();
        }
        assertThat(api.get("/api/v1/usage", calm.ownerToken()).status()).isEqualTo(200);
    }

    @Test
    void deeplyNestedJsonIsRefused() {
        Org org = signUp();
        String deep = "{\"name\":\"x\",\"definition\":" + "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000) + "}";
        ApiClient.Response response = api.post("/api/v1/workflows", org.ownerToken(), deep);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("Exception");
    }
}
