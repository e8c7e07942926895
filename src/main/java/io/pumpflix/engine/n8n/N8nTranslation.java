package io.pumpflix.engine.n8n;

import io.pumpflix.platform.InputError;
import java.util.List;
import java.util.Map;

/**
 * An n8n export read for PumpFlix: the definition in our shape, what could not be carried over
 * (each naming its node), and what was changed on the way (for the one importing).
 */
public record N8nTranslation(String name, Map<String, Object> definition, List<InputError> unsupported,
        List<String> notes) {
}
