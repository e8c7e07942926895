package io.pumpflix.platform;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The settings alone, resolved as the service would (environment, properties, command line): nothing starts. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PumpflixSettings.class)
class SettingsContext {
}
