package io.pumpflix.platform;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;

/**
 * {@code pumpflix doctor} (docs/cli.md): checks the configuration and the database the service
 * would use and prints one line per check, with what to do when it fails; exits 1 when any fails.
 * It changes nothing: it neither migrates nor creates a database, and it does not upgrade a home
 * created before the embedded database's passwords (the service's next start does).
 */
@Command(name = "doctor", description = {"Checks the configuration and the database the service would use.",
        "One line per check with what to do when it fails: database reachable, migrations applied, the runtime role",
        "and row-level security, the keyring against every stored credential, the embedded database's",
        "passwords, free disk under PUMPFLIX_HOME, the HTTP port. Changes nothing. Exits 1 when a check fails."},
        footer = {"", "Example:", "  java -jar target/pumpflix.jar doctor --server.port=9000"})
public final class Doctor implements Callable<Integer> {

    /** Less than this free under the home fails the disk check. */
    static final long MIN_FREE_BYTES = 1L << 30;

    @Override
    public Integer call() {
        return run(MaintenanceCommands.springArguments(), System.out);
    }

    static int run(String[] springArguments, PrintStream out) {
        List<DoctorCheck.Finding> findings = new ArrayList<>();
        PumpflixSettings settings;
        int port;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SettingsContext.class)
                .web(WebApplicationType.NONE).bannerMode(org.springframework.boot.Banner.Mode.OFF).logStartupInfo(false)
                .properties("logging.level.root=WARN", "logging.level.org.springframework.boot.SpringApplication=OFF")
                .run(springArguments)) {
            settings = context.getBean(PumpflixSettings.class);
            port = context.getEnvironment().getProperty("server.port", Integer.class, 8080);
        } catch (RuntimeException e) {
            out.println(line(DoctorCheck.Finding.failed("configuration", describe(e),
                    "correct the setting it names (README.md, 'Configuration')")));
            return 1;
        }
        Path home = settings.home().toAbsolutePath();
        boolean external = settings.db().external();
        findings.add(DoctorCheck.Finding.ok("configuration", "home " + home + ", "
                + (external ? "external database " + settings.db().url() : "embedded database in " + home.resolve("pgdata"))));
        boolean serviceOnHome = !external && serviceRunning(home.resolve("pgdata"));
        boolean databaseChecks = true;
        if (!external) {
            Path data = home.resolve("pgdata");
            if (!Files.exists(data.resolve("PG_VERSION"))) {
                findings.add(DoctorCheck.Finding.ok("embedded logins", "no database in " + data
                        + " yet: the first start creates it, with passwords"));
                databaseChecks = false;
            } else if (!securedHome(home)) {
                findings.add(DoctorCheck.Finding.failed("embedded logins",
                        "this home was created before passwords: its database lets any local login in without one",
                        "start the service once (or run `pumpflix migrate`): it upgrades the home in place (docs/security.md)"));
                databaseChecks = false;
            } else {
                findings.add(embeddedLogins(data, serviceOnHome));
            }
        } else {
            findings.add(DoctorCheck.Finding.ok("embedded logins", "not used: an external database decides its own logins"));
        }
        findings.add(disk(home));
        findings.add(port(port, serviceOnHome));
        if (databaseChecks) {
            findings.addAll(databaseFindings(springArguments));
        }
        findings.forEach(finding -> out.println(line(finding)));
        long failed = findings.stream().filter(f -> !f.ok()).count();
        out.println(failed == 0 ? "all " + findings.size() + " checks passed" : failed + " of " + findings.size() + " checks failed");
        return failed == 0 ? 0 : 1;
    }

    private static List<DoctorCheck.Finding> databaseFindings(String[] springArguments) {
        List<DoctorCheck.Finding> findings = new ArrayList<>();
        try (ConfigurableApplicationContext context = MaintenanceCommands.application(DoctorContext.class)
                .properties("spring.flyway.enabled=false", "logging.level.com.zaxxer.hikari=OFF",
                        "logging.level.io.pumpflix=OFF", "logging.level.io.zonky=OFF")
                .run(springArguments)) {
            context.getBeansOfType(DoctorCheck.class).values().stream()
                    .sorted(Comparator.comparingInt(DoctorCheck::order))
                    .forEach(check -> findings.addAll(check.check()));
        } catch (RuntimeException e) {
            findings.add(DoctorCheck.Finding.failed("database reachable", describe(e),
                    "start the database, or correct PUMPFLIX_DB_URL, PUMPFLIX_DB_USER and PUMPFLIX_DB_PASSWORD"));
        }
        return findings;
    }

    static String line(DoctorCheck.Finding finding) {
        return String.format("%-4s  %-20s  %s%s", finding.ok() ? "ok" : "FAIL", finding.check(), finding.detail(),
                finding.remedy() == null ? "" : " -- " + finding.remedy());
    }

    /** The pg_hba.conf the service writes, and both password files. */
    private static boolean securedHome(Path home) {
        try {
            Path hba = home.resolve("pgdata").resolve("pg_hba.conf");
            return Files.exists(home.resolve(EmbeddedPasswords.SUPERUSER_FILE))
                    && Files.exists(hba) && Files.readString(hba).startsWith(EmbeddedDatabase.HBA_MARKER);
        } catch (IOException e) {
            return false;
        }
    }

    /** With the server up, a login without a password is tried over loopback and must be asked for one. */
    private static DoctorCheck.Finding embeddedLogins(Path data, boolean running) {
        if (!running) {
            return DoctorCheck.Finding.ok("embedded logins", "every login needs its password (pg_hba.conf, "
                    + EmbeddedPasswords.SUPERUSER_FILE + ", " + EmbeddedPasswords.RUNTIME_FILE + ")");
        }
        try {
            int serverPort = EmbeddedDatabase.postmasterPort(data);
            String answer = LoginProbe.probe(new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort));
            return answer.equals("password")
                    ? DoctorCheck.Finding.ok("embedded logins", "a login without its password is asked for one (port " + serverPort + ")")
                    : DoctorCheck.Finding.failed("embedded logins", "a login without a password got: " + answer,
                            "restart the service: it rewrites pg_hba.conf (docs/security.md)");
        } catch (IOException | RuntimeException e) {
            return DoctorCheck.Finding.failed("embedded logins", "cannot ask the running server: " + e.getMessage(),
                    "restart the service");
        }
    }

    private static DoctorCheck.Finding disk(Path home) {
        Path existing = home;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            long free = Files.getFileStore(existing).getUsableSpace();
            String detail = String.format("%.1f GiB free under %s", free / (double) (1L << 30), existing);
            return free >= MIN_FREE_BYTES ? DoctorCheck.Finding.ok("free disk", detail)
                    : DoctorCheck.Finding.failed("free disk", detail, "free at least 1 GiB there, or move PUMPFLIX_HOME");
        } catch (IOException | RuntimeException e) {
            return DoctorCheck.Finding.failed("free disk", "cannot read the free space of " + existing + ": " + e.getMessage(),
                    "check that the home's file system is mounted and readable");
        }
    }

    private static DoctorCheck.Finding port(int port, boolean serviceOnHome) {
        if (port == 0) {
            return DoctorCheck.Finding.ok("http port", "0: any free port");
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return DoctorCheck.Finding.ok("http port", port + " is free");
        } catch (IOException inUse) {
            return serviceOnHome
                    ? DoctorCheck.Finding.ok("http port", port + " is in use, by the service running on this home")
                    : DoctorCheck.Finding.failed("http port", port + " is in use",
                            "stop what listens on it, or choose another with PUMPFLIX_PORT or --server.port");
        }
    }

    /** A service on the home holds zonky's lock file in the data directory (no lock file: none ever ran). */
    private static boolean serviceRunning(Path data) {
        try {
            return Files.exists(data.resolve("epg-lock")) && EmbeddedDatabase.heldByRunningService(data);
        } catch (IOException e) {
            return false;
        }
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
