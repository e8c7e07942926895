package io.pumpflix.engine;

import io.pumpflix.engine.outbound.OutboundHttp;
import io.pumpflix.engine.outbound.OutboundPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engine's parts that are not beans of their own. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    @Bean
    OutboundPolicy outboundPolicy(EngineSettings settings) {
        return new OutboundPolicy(settings.outboundAllow());
    }

    @Bean(destroyMethod = "close")
    OutboundHttp outboundHttp(OutboundPolicy policy, EngineSettings settings) {
        return new OutboundHttp(policy, settings.maxResponseBytes());
    }
}
