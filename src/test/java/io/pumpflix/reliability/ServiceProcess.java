package io.pumpflix.reliability;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The service in a process of its own, on a home directory, so that a test can kill it hard. */
public final class ServiceProcess implements AutoCloseable {

    public final Path home;
    public final int port;
    private Process process;

    public ServiceProcess(Path home) throws IOException {
        this.home = home;
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
    }

    public void start(String... extraArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "io.pumpflix.PumpflixApplication",
                "--server.port=" + port, "--pumpflix.home=" + home, "--pumpflix.instance-id=crash-test",
                "--pumpflix.api.requests-per-second=0"));
        command.addAll(List.of(extraArgs));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("service.log").toFile())).start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited: " + Files.readString(home.resolve("service.log")));
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the service did not become ready");
    }

    /** kill -9: no shutdown hook runs, the embedded PostgreSQL is left behind. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: a graceful stop. */
    public int stop() throws InterruptedException {
        process.destroy();
        return process.waitFor();
    }

    /** The embedded PostgreSQL's port, from its pid file. */
    int databasePort() throws IOException {
        return Integer.parseInt(Files.readAllLines(home.resolve("pgdata/postmaster.pid")).get(3).trim());
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            stop();
        }
        Path pidFile = home.resolve("pgdata/postmaster.pid");
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
    }
}
