package io.pumpflix.engine.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Items are n8n's: JSON objects, handed from node to node in lists, one list per output. */
public final class Item {

    private Item() {
    }

    public static Map<String, Object> empty() {
        return new LinkedHashMap<>();
    }

    /** A copy that a node may change without touching its input. */
    public static Map<String, Object> copy(Map<String, Object> item) {
        return new LinkedHashMap<>(item);
    }

    /** A value as an item: objects stay, anything else is wrapped as {@code {"value": …}}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> of(Object value) {
        if (value instanceof Map<?, ?> map) {
            return new LinkedHashMap<>((Map<String, Object>) map);
        }
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("value", value);
        return item;
    }

    /** A JSON array of objects (or one object) as items. */
    public static List<Map<String, Object>> list(Object value) {
        List<Map<String, Object>> items = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(element -> items.add(of(element)));
        } else if (value != null) {
            items.add(of(value));
        }
        return items;
    }
}
