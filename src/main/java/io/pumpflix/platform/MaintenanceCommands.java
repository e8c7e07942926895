package io.pumpflix.platform;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * How the command-line tools ({@code migrate}, {@code keys}, {@code seed}) start: no web server,
 * quiet logs, and in the embedded mode the database of a service already running on the same home.
 */
public final class MaintenanceCommands {

    private MaintenanceCommands() {
    }

    public static SpringApplicationBuilder application(Class<?> source) {
        return new SpringApplicationBuilder(source)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties("logging.level.root=WARN", "logging.level.org.springframework.boot.SpringApplication=OFF",
                        "pumpflix.embedded.attach=true", "db-scheduler.enabled=false");
    }
}
