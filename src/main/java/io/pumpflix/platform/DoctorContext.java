package io.pumpflix.platform;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * What {@code pumpflix doctor} starts once the database may be reached: the database beans and
 * every module's {@link DoctorCheck} (found by type, not as components of the service); no
 * migration runs (the doctor says whether they are applied), no business module starts.
 * Deliberately not a component, so the service never scans it.
 */
@EnableAutoConfiguration
@EnableConfigurationProperties(PumpflixSettings.class)
@Import({DatabaseConfiguration.class, OwnerDatabase.class})
@ComponentScan(basePackages = "io.pumpflix", useDefaultFilters = false,
        includeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = DoctorCheck.class))
class DoctorContext {
}
