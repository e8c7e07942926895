package io.pumpflix.platform;

import java.util.List;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How the command-line tools ({@code migrate}, {@code keys}, {@code seed}, {@code billing},
 * {@code plans}, {@code doctor}) start: no web server, quiet logs, and in the embedded mode the
 * database of a service already running on the same home. The Spring properties given on the
 * command line ({@code --pumpflix.home=...}) reach every command's context (docs/cli.md).
 */
public final class MaintenanceCommands {

    private static volatile Class<?> application = Object.class;
    private static volatile List<String> springArguments = List.of();

    private MaintenanceCommands() {
    }

    /** Set once by {@code main}: the application class and the Spring properties of the command line. */
    public static void configure(Class<?> applicationClass, List<String> properties) {
        application = applicationClass;
        springArguments = List.copyOf(properties);
    }

    /** The Spring properties of the command line, as {@code --name=value} arguments. */
    public static String[] springArguments() {
        return springArguments.toArray(String[]::new);
    }

    public static SpringApplicationBuilder application(Class<?> source) {
        return new SpringApplicationBuilder(source)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties("logging.level.root=WARN", "logging.level.org.springframework.boot.SpringApplication=OFF",
                        "pumpflix.embedded.attach=true", "db-scheduler.enabled=false");
    }

    /**
     * Why a command failed, for standard error: each message of the cause chain once, outermost
     * first ("caused by: ..."), or the exception's name when none has a message.
     */
    public static String reason(Throwable failure) {
        StringBuilder message = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !message.toString().contains(t.getMessage())) {
                if (!message.isEmpty()) {
                    message.append(System.lineSeparator()).append("  caused by: ");
                }
                message.append(t.getMessage());
            }
        }
        return message.isEmpty() ? failure.getClass().getSimpleName() : message.toString();
    }

    /** The whole application without its web server, for a maintenance command. */
    public static ConfigurableApplicationContext start() {
        return application(application).run(springArguments());
    }
}
