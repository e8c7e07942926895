package io.pumpflix.platform;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the service keeps its data and which database it uses. Bound from {@code PUMPFLIX_HOME},
 * {@code PUMPFLIX_DB_URL}, {@code PUMPFLIX_DB_USER} and {@code PUMPFLIX_DB_PASSWORD}.
 *
 * @param home the directory that holds the embedded database and, later, key files
 * @param db an external database; when its URL is blank, an embedded PostgreSQL runs in {@code home}
 * @param embedded how the embedded PostgreSQL runs
 */
@ConfigurationProperties("pumpflix")
public record PumpflixSettings(Path home, Db db, Embedded embedded) {

    public PumpflixSettings {
        if (home == null) {
            home = Path.of(System.getProperty("user.home"), ".pumpflix");
        }
        if (db == null) {
            db = new Db(null, null, null, null, null);
        }
        if (embedded == null) {
            embedded = new Embedded(true, false);
        }
    }

    /**
     * @param user the role that owns the tables and runs the migrations
     * @param runtimeUser the login the service uses at run time, a member of {@code pumpflix_runtime};
     *     when unset the service logs in as {@code user} and switches to {@code pumpflix_runtime} in
     *     every transaction
     */
    public record Db(String url, String user, String password, String runtimeUser, String runtimePassword) {

        public boolean external() {
            return url != null && !url.isBlank();
        }

        @Override
        public String toString() {
            return "Db[url=" + url + ", user=" + user + ", runtimeUser=" + runtimeUser + "]";
        }
    }

    /**
     * @param durable fsync and synchronous commit on (the default); tests turn it off for speed
     * @param attach use the embedded PostgreSQL of a service already running on the same home
     *     (maintenance commands) instead of refusing to start
     */
    public record Embedded(@DefaultValue("true") boolean durable, boolean attach) {
    }
}
