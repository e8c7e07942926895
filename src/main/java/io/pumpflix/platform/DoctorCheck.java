package io.pumpflix.platform;

import java.util.List;

/**
 * One of {@code pumpflix doctor}'s checks of what the service would use (docs/cli.md). A module
 * contributes its checks as a class implementing this in its own package; the doctor finds them on
 * the class path (not as beans of the service) and constructs them in its own small context, so
 * they may depend only on the database beans and the settings.
 */
public interface DoctorCheck {

    /** What one check found: a short name, whether it passed, what it saw, and what to do when it failed. */
    record Finding(String check, boolean ok, String detail, String remedy) {

        public static Finding ok(String check, String detail) {
            return new Finding(check, true, detail, null);
        }

        public static Finding failed(String check, String detail, String remedy) {
            return new Finding(check, false, detail, remedy);
        }
    }

    /** The order in which the doctor prints it among the others (lower first). */
    int order();

    List<Finding> check();
}
