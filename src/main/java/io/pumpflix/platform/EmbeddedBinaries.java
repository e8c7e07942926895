package io.pumpflix.platform;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Creates a new embedded data directory whose superuser has a password from the start: PostgreSQL's
 * own {@code initdb --auth=scram-sha-256 --pwfile}, from the binaries zonky extracts, run the way
 * zonky runs them (inside a user namespace when the service runs as root). zonky's own initdb
 * trusts every local login and takes no password, and it is skipped when the directory exists.
 */
final class EmbeddedBinaries {

    private EmbeddedBinaries() {
    }

    static void initdb(Path data, String superuserPassword) throws IOException {
        Path passwordFile = Files.createTempFile(data.getParent(), "initdb-", ".password",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(passwordFile, superuserPassword + "\n", StandardCharsets.US_ASCII);
            List<String> command = new ArrayList<>();
            if (LinuxUtils.isUnshareAvailable()) {
                command.addAll(List.of("unshare", "-U"));
            }
            command.addAll(List.of(binaries().resolve("bin").resolve("initdb").toString(),
                    "--auth=scram-sha-256", "--pwfile=" + passwordFile, "-U", "postgres", "-D", data.toString(), "-E", "UTF-8"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("initdb failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while initdb ran", e);
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    /** zonky's extracted binaries (extracting them if this JVM has not yet): the same directory it starts PostgreSQL from. */
    private static Path binaries() throws IOException {
        try {
            Method prepare = EmbeddedPostgres.class.getDeclaredMethod("prepareBinaries", PgBinaryResolver.class, File.class);
            prepare.setAccessible(true);
            return ((File) prepare.invoke(null, DefaultPostgresBinaryResolver.INSTANCE, null)).toPath();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot find the embedded PostgreSQL binaries (zonky's prepareBinaries): " + e, e);
        }
    }
}
