package io.pumpflix.platform;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * What {@code pumpflix migrate} starts: the database and Flyway, none of the business modules
 * (so no key, no web server). Deliberately not a component, so the service never scans it.
 */
@EnableAutoConfiguration
@EnableConfigurationProperties(PumpflixSettings.class)
@Import(DatabaseConfiguration.class)
class MigrationContext {
}
