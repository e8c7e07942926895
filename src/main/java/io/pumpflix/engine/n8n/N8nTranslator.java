package io.pumpflix.engine.n8n;

import io.pumpflix.platform.InputError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an n8n workflow export ({@code name}, {@code nodes}, {@code connections},
 * {@code settings}) into a PumpFlix definition: n8n's node types mapped to ours with their
 * parameters rewritten where n8n's differ (docs/engine.md, "Importing from n8n"), credentials
 * matched by type and name to the organization's own, n8n-only expression spellings rewritten to
 * JSONata ({@code $json["a"]}, {@code $('Node').item.json}, {@code ===}, {@code &&}). What has no
 * counterpart is listed per node, never dropped silently (sticky notes are the one exception: they
 * are notes, not steps).
 */
public final class N8nTranslator {

    private static final String PREFIX = "n8n-nodes-base.";

    /** Finds a credential of the organization by n8n credential type and name. */
    @FunctionalInterface
    public interface Credentials {
        Optional<UUID> find(String type, String name);
    }

    private final Credentials credentials;
    private final List<InputError> unsupported = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private String timezone;

    public N8nTranslator(Credentials credentials) {
        this.credentials = credentials;
    }

    public N8nTranslation translate(Map<String, Object> export) {
        Object name = export.get("name");
        Map<String, Object> settings = map(export.get("settings"));
        timezone = settings.get("timezone") instanceof String zone && !zone.isBlank() && !zone.equals("DEFAULT") ? zone
                : null;
        List<Object> nodes = export.get("nodes") instanceof List<?> list ? new ArrayList<>(list) : null;
        if (nodes == null) {
            unsupported.add(new InputError(null, "nodes", "an n8n export has a list of nodes"));
            return new N8nTranslation(null, Map.of(), unsupported, notes);
        }
        List<Object> translated = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (Object raw : nodes) {
            Map<String, Object> node = map(raw);
            String nodeName = node.get("name") instanceof String text ? text : null;
            String type = node.get("type") instanceof String text ? text : "";
            if (type.equals(PREFIX + "stickyNote")) {
                dropped.add(nodeName);
                continue;
            }
            Map<String, Object> ours = node(nodeName, type, node);
            if (ours != null) {
                translated.add(ours);
            }
        }
        if (!dropped.isEmpty()) {
            notes.add("sticky notes left out: " + String.join(", ", dropped));
        }
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("nodes", translated);
        definition.put("connections", connections(map(export.get("connections")), dropped));
        Map<String, Object> ourSettings = new LinkedHashMap<>();
        if (settings.get("executionTimeout") instanceof Number timeout && timeout.intValue() > 0) {
            ourSettings.put("timeoutSeconds", timeout.intValue());
        }
        if (settings.get("errorWorkflow") instanceof String error && !error.isBlank()) {
            try {
                ourSettings.put("errorWorkflow", UUID.fromString(error).toString());
            } catch (IllegalArgumentException notOurs) {
                notes.add("settings.errorWorkflow " + error + " is an n8n workflow id: set it to a PumpFlix workflow");
            }
        }
        if (!ourSettings.isEmpty()) {
            definition.put("settings", ourSettings);
        }
        return new N8nTranslation(name instanceof String text && !text.isBlank() ? text : null, definition, unsupported,
                notes);
    }

    private Map<String, Object> node(String name, String type, Map<String, Object> node) {
        String bare = type.startsWith(PREFIX) ? type.substring(PREFIX.length()) : type;
        Map<String, Object> parameters = map(node.get("parameters"));
        double version = node.get("typeVersion") instanceof Number number ? number.doubleValue() : 1;
        Map<String, Object> ours = new LinkedHashMap<>();
        ours.put("name", name);
        Map<String, Object> mapped;
        String ourType = bare;
        Context context = new Context(name);
        switch (bare) {
            case "manualTrigger", "noOp", "executeWorkflowTrigger", "errorTrigger" -> mapped = new LinkedHashMap<>();
            case "webhook" -> mapped = webhook(parameters);
            case "scheduleTrigger" -> mapped = schedule(parameters, context);
            case "cron" -> {
                ourType = "scheduleTrigger";
                mapped = cron(parameters, context);
            }
            case "set" -> mapped = set(parameters, version, context);
            case "if" -> mapped = Map.of("condition", "={{ " + conditions(parameters, version, context) + " }}");
            case "filter" -> {
                context.unsupported("type", "the Filter node has no counterpart yet; use an If node");
                mapped = null;
            }
            case "switch" -> mapped = switchNode(parameters, version, context);
            case "merge" -> mapped = merge(parameters, context);
            case "httpRequest" -> mapped = http(parameters, version, context);
            case "respondToWebhook" -> mapped = respond(parameters, context);
            case "wait" -> mapped = waitNode(parameters, context);
            case "executeWorkflow" -> mapped = executeWorkflow(parameters, context);
            default -> {
                context.unsupported("type", "node type " + type + " is not one PumpFlix runs");
                mapped = null;
            }
        }
        if (mapped == null || context.failed) {
            return null;
        }
        ours.put("type", ourType);
        ours.put("parameters", expressions(mapped));
        Map<String, Object> credentials = credentials(map(node.get("credentials")), context);
        if (!credentials.isEmpty()) {
            ours.put("credentials", credentials);
        }
        for (String field : List.of("disabled", "retryOnFail", "maxTries", "waitBetweenTries", "onError")) {
            if (node.containsKey(field)) {
                ours.put(field, node.get(field));
            }
        }
        if (Boolean.TRUE.equals(node.get("continueOnFail")) && !node.containsKey("onError")) {
            ours.put("onError", "continueRegularOutput");
        }
        return context.failed ? null : ours;
    }

    /** Problems of one node, recorded as they are found. */
    private final class Context {
        final String node;
        boolean failed;

        Context(String node) {
            this.node = node;
        }

        void unsupported(String parameter, String message) {
            unsupported.add(new InputError(node, parameter, message));
            failed = true;
        }
    }

    // ---- triggers ----------------------------------------------------------------------------

    private static Map<String, Object> webhook(Map<String, Object> p) {
        Map<String, Object> ours = new LinkedHashMap<>();
        ours.put("path", p.get("path"));
        // n8n's webhook answers GET unless told otherwise
        ours.put("method", p.get("httpMethod") instanceof String method ? method : "GET");
        ours.put("responseMode", p.getOrDefault("responseMode", "onReceived"));
        if (p.get("responseData") != null) {
            ours.put("responseData", p.get("responseData"));
        }
        if ("headerAuth".equals(p.get("authentication"))) {
            ours.put("authentication", "headerAuth");
        }
        return ours;
    }

    private Map<String, Object> schedule(Map<String, Object> p, Context context) {
        List<?> intervals = map(p.get("rule")).get("interval") instanceof List<?> list ? list : List.of(Map.of());
        if (intervals.size() != 1) {
            context.unsupported("rule.interval", "a schedule with " + intervals.size()
                    + " rules: PumpFlix takes one cron per scheduleTrigger node (split it into several nodes)");
            return null;
        }
        Map<String, Object> rule = map(intervals.get(0));
        String field = rule.get("field") instanceof String text ? text : "days";
        int minute = integer(rule.get("triggerAtMinute"), 0);
        int hour = integer(rule.get("triggerAtHour"), 0);
        String cron = switch (field) {
            case "cronExpression" -> rule.get("expression") instanceof String expression ? expression.trim() : null;
            case "seconds" -> "*/" + integer(rule.get("secondsInterval"), 30) + " * * * * *";
            case "minutes" -> "0 */" + integer(rule.get("minutesInterval"), 5) + " * * * *";
            case "hours" -> "0 " + minute + " */" + integer(rule.get("hoursInterval"), 1) + " * * *";
            case "days" -> "0 " + minute + " " + hour + " */" + integer(rule.get("daysInterval"), 1) + " * *";
            case "weeks" -> integer(rule.get("weeksInterval"), 1) == 1 ? "0 " + minute + " " + hour + " * * "
                    + weekdays(rule.get("triggerAtDay")) : null;
            case "months" -> "0 " + minute + " " + hour + " " + integer(rule.get("triggerAtDayOfMonth"), 1) + " */"
                    + integer(rule.get("monthsInterval"), 1) + " *";
            default -> null;
        };
        if (cron == null) {
            context.unsupported("rule.interval", "the schedule rule '" + field + "'"
                    + (field.equals("weeks") ? " every several weeks" : "") + " has no cron equivalent here");
            return null;
        }
        return scheduleParameters(cron, timezone);
    }

    /** Our scheduleTrigger's parameters: the cron, and the time zone when n8n named one. */
    private static Map<String, Object> scheduleParameters(String cron, String timezone) {
        Map<String, Object> ours = new LinkedHashMap<>();
        ours.put("cron", cron);
        if (timezone != null) {
            ours.put("timezone", timezone);
        }
        return ours;
    }

    private static String weekdays(Object days) {
        if (days instanceof List<?> list && !list.isEmpty()) {
            List<String> numbers = new ArrayList<>();
            list.forEach(day -> numbers.add(String.valueOf(integer(day, 0))));
            return String.join(",", numbers);
        }
        return "0";
    }

    /** The old Cron node: its first trigger time. */
    private Map<String, Object> cron(Map<String, Object> p, Context context) {
        List<?> items = map(p.get("triggerTimes")).get("item") instanceof List<?> list ? list : List.of();
        if (items.size() != 1) {
            context.unsupported("triggerTimes", "a Cron node with " + items.size() + " trigger times: use one per node");
            return null;
        }
        Map<String, Object> item = map(items.get(0));
        int minute = integer(item.get("minute"), 0);
        int hour = integer(item.get("hour"), 0);
        String cron = switch (String.valueOf(item.get("mode"))) {
            case "everyMinute" -> "0 * * * * *";
            case "everyHour" -> "0 " + minute + " * * * *";
            case "everyDay" -> "0 " + minute + " " + hour + " * * *";
            case "everyWeek" -> "0 " + minute + " " + hour + " * * " + integer(item.get("weekday"), 1);
            case "everyMonth" -> "0 " + minute + " " + hour + " " + integer(item.get("dayOfMonth"), 1) + " * *";
            case "custom" -> item.get("cronExpression") instanceof String expression ? expression.trim() : null;
            default -> null;
        };
        if (cron == null) {
            context.unsupported("triggerTimes", "the Cron mode " + item.get("mode") + " has no counterpart");
            return null;
        }
        return scheduleParameters(cron, timezone);
    }

    // ---- data ----------------------------------------------------------------------------------

    private Map<String, Object> set(Map<String, Object> p, double version, Context context) {
        Map<String, Object> fields = new LinkedHashMap<>();
        boolean keepOnlySet;
        if (version >= 3) {
            if ("raw".equals(p.get("mode"))) {
                context.unsupported("mode", "the Edit Fields node in JSON mode has no counterpart: use field by field");
                return null;
            }
            List<?> assignments = map(p.get("assignments")).get("assignments") instanceof List<?> list ? list
                    : map(p.get("fields")).get("values") instanceof List<?> values ? values : List.of();
            for (Object raw : assignments) {
                Map<String, Object> one = map(raw);
                Object value = one.containsKey("value") ? one.get("value") : typedValue(one);
                fields.put(String.valueOf(one.get("name")), coerce(value, one.get("type")));
            }
            if (version >= 3.3) {
                keepOnlySet = !Boolean.TRUE.equals(p.get("includeOtherFields"));
            } else {
                keepOnlySet = "none".equals(p.get("include"));
            }
            if (p.get("include") instanceof String include && (include.equals("selected") || include.equals("except"))) {
                context.unsupported("include", "keeping only some of the other fields (" + include + ") has no counterpart");
                return null;
            }
        } else {
            Map<String, Object> values = map(p.get("values"));
            for (String kind : List.of("string", "number", "boolean")) {
                if (values.get(kind) instanceof List<?> list) {
                    for (Object raw : list) {
                        Map<String, Object> one = map(raw);
                        fields.put(String.valueOf(one.get("name")), coerce(one.get("value"), kind));
                    }
                }
            }
            keepOnlySet = Boolean.TRUE.equals(p.get("keepOnlySet"));
        }
        if (fields.isEmpty()) {
            context.unsupported("assignments", "a Set node that sets no field");
            return null;
        }
        Map<String, Object> ours = new LinkedHashMap<>();
        ours.put("fields", fields);
        if (keepOnlySet) {
            ours.put("keepOnlySet", true);
        }
        return ours;
    }

    private static Object typedValue(Map<String, Object> one) {
        for (String key : List.of("stringValue", "numberValue", "booleanValue", "arrayValue", "objectValue")) {
            if (one.containsKey(key)) {
                return one.get(key);
            }
        }
        return null;
    }

    /** A literal of a typed n8n field as that type; expressions stay as they are. */
    private static Object coerce(Object value, Object type) {
        if (!(value instanceof String text) || text.startsWith("=")) {
            return value;
        }
        try {
            return switch (String.valueOf(type)) {
                case "number" -> text.contains(".") ? Double.parseDouble(text) : Long.parseLong(text.trim());
                case "boolean" -> Boolean.parseBoolean(text.trim());
                default -> text;
            };
        } catch (NumberFormatException notANumber) {
            return text;
        }
    }

    // ---- conditions --------------------------------------------------------------------------

    /** An If node's conditions (v1: by type; v2: a list with operators) as one JSONata expression. */
    private String conditions(Map<String, Object> p, double version, Context context) {
        Map<String, Object> conditions = map(p.get("conditions"));
        if (version >= 2 || conditions.get("conditions") instanceof List) {
            return conditionsV2(conditions, context);
        }
        List<String> parts = new ArrayList<>();
        for (String kind : List.of("string", "number", "boolean", "dateTime")) {
            if (conditions.get(kind) instanceof List<?> list) {
                for (Object raw : list) {
                    Map<String, Object> one = map(raw);
                    parts.add(compare(operand(one.get("value1")), String.valueOf(one.getOrDefault("operation",
                            kind.equals("number") ? "smaller" : "equal")), operand(one.get("value2")), kind, true, context));
                }
            }
        }
        return join(parts, "any".equals(p.get("combineOperation")) ? "or" : "and");
    }

    private String conditionsV2(Map<String, Object> conditions, Context context) {
        boolean caseSensitive = !Boolean.FALSE.equals(map(conditions.get("options")).get("caseSensitive"));
        List<String> parts = new ArrayList<>();
        if (conditions.get("conditions") instanceof List<?> list) {
            for (Object raw : list) {
                Map<String, Object> one = map(raw);
                Map<String, Object> operator = map(one.get("operator"));
                parts.add(compare(operand(one.get("leftValue")), String.valueOf(operator.getOrDefault("operation", "equals")),
                        operand(one.get("rightValue")), String.valueOf(operator.getOrDefault("type", "string")),
                        caseSensitive, context));
            }
        }
        return join(parts, "or".equals(conditions.get("combinator")) ? "or" : "and");
    }

    private static String join(List<String> parts, String combinator) {
        if (parts.isEmpty()) {
            return "true";
        }
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(") " + combinator + " (", parts) + ")";
    }

    /** A value of a condition as JSONata: an expression's inside, or a literal. */
    private static String operand(Object value) {
        if (value instanceof String text && text.startsWith("=")) {
            String inner = text.substring(1).trim();
            Matcher whole = Pattern.compile("^\\{\\{(.*)}}$", Pattern.DOTALL).matcher(inner);
            if (whole.matches() && !whole.group(1).contains("{{")) {
                return "(" + jsonata(whole.group(1).trim()) + ")";
            }
            return literal(inner);
        }
        if (value == null) {
            return "null";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        return literal(String.valueOf(value));
    }

    private static String literal(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static String compare(String left, String operation, String right, String type, boolean caseSensitive,
            Context context) {
        String l = left;
        String r = right;
        if (!caseSensitive && type.equals("string")) {
            l = "$lowercase($string(" + left + "))";
            r = "$lowercase($string(" + right + "))";
        }
        String result = switch (operation) {
            case "equals", "equal" -> l + " = " + r;
            case "notEquals", "notEqual" -> l + " != " + r;
            case "contains" -> "$contains($string(" + l + "), $string(" + r + "))";
            case "notContains" -> "$not($contains($string(" + l + "), $string(" + r + ")))";
            case "startsWith" -> "$substring($string(" + l + "), 0, $length($string(" + r + "))) = $string(" + r + ")";
            case "notStartsWith" -> "$substring($string(" + l + "), 0, $length($string(" + r + "))) != $string(" + r + ")";
            case "endsWith" -> "$substring($string(" + l + "), $length($string(" + l + ")) - $length($string(" + r
                    + "))) = $string(" + r + ")";
            case "notEndsWith" -> "$substring($string(" + l + "), $length($string(" + l + ")) - $length($string(" + r
                    + "))) != $string(" + r + ")";
            case "gt", "larger", "after" -> l + " > " + r;
            case "gte", "largerEqual", "afterOrEquals" -> l + " >= " + r;
            case "lt", "smaller", "before" -> l + " < " + r;
            case "lte", "smallerEqual", "beforeOrEquals" -> l + " <= " + r;
            case "exists" -> "$exists(" + left + ")";
            case "notExists" -> "$not($exists(" + left + "))";
            case "empty", "isEmpty" -> "($not($exists(" + left + ")) or " + left + " = null or " + left + " = \"\" or ("
                    + "$type(" + left + ") = \"array\" and $count(" + left + ") = 0))";
            case "notEmpty", "isNotEmpty" -> "$not($not($exists(" + left + ")) or " + left + " = null or " + left
                    + " = \"\" or ($type(" + left + ") = \"array\" and $count(" + left + ") = 0))";
            case "true" -> left + " = true";
            case "false" -> left + " = false";
            default -> null;
        };
        if (result == null) {
            context.unsupported("conditions", "the " + type + " operation '" + operation + "' has no counterpart");
            return "false";
        }
        return result;
    }

    private Map<String, Object> switchNode(Map<String, Object> p, double version, Context context) {
        List<Object> rules = new ArrayList<>();
        Object fallback = map(p.get("options")).getOrDefault("fallbackOutput", p.get("fallbackOutput"));
        if (version >= 3) {
            if (!"rules".equals(p.getOrDefault("mode", "rules"))) {
                context.unsupported("mode", "a Switch in expression mode has no counterpart: use rules");
                return null;
            }
            List<?> values = map(p.get("rules")).get("values") instanceof List<?> list ? list : List.of();
            for (Object raw : values) {
                rules.add("={{ " + conditionsV2(map(map(raw).get("conditions")), context) + " }}");
            }
        } else {
            if (!"rules".equals(p.getOrDefault("mode", "rules"))) {
                context.unsupported("mode", "a Switch in expression mode has no counterpart: use rules");
                return null;
            }
            String type = String.valueOf(p.getOrDefault("dataType", "number"));
            String value = operand(p.get("value1"));
            List<?> list = map(p.get("rules")).get("rules") instanceof List<?> given ? given : List.of();
            int expected = 0;
            for (Object raw : list) {
                Map<String, Object> one = map(raw);
                if (integer(one.get("output"), expected) != expected) {
                    context.unsupported("rules", "rules that share or skip outputs have no counterpart");
                    return null;
                }
                expected++;
                rules.add("={{ " + compare(value, String.valueOf(one.getOrDefault("operation", "equal")),
                        operand(one.get("value2")), type, true, context) + " }}");
            }
        }
        if (rules.isEmpty()) {
            context.unsupported("rules", "a Switch without rules");
            return null;
        }
        Map<String, Object> ours = new LinkedHashMap<>();
        ours.put("rules", rules);
        if (fallback != null && !"none".equals(fallback) && !Integer.valueOf(-1).equals(fallback)) {
            if ("extra".equals(fallback)) {
                ours.put("fallbackOutput", "extra");
            } else {
                context.unsupported("options.fallbackOutput", "a fallback into one of the rules' outputs has no "
                        + "counterpart: use the extra output");
                return null;
            }
        }
        return ours;
    }

    private static Map<String, Object> merge(Map<String, Object> p, Context context) {
        String mode = String.valueOf(p.getOrDefault("mode", "append"));
        String ours = switch (mode) {
            case "append" -> "append";
            case "mergeByIndex" -> "combineByPosition";
            case "combine" -> {
                String by = String.valueOf(p.getOrDefault("combineBy", p.getOrDefault("combinationMode", "")));
                yield by.equals("combineByPosition") || by.equals("mergeByPosition") ? "combineByPosition" : null;
            }
            default -> null;
        };
        if (ours == null) {
            context.unsupported("mode", "the Merge mode " + mode + (mode.equals("combine") ? " by fields or all" : "")
                    + " has no counterpart: append and combine by position do");
            return null;
        }
        Map<String, Object> mapped = new LinkedHashMap<>();
        mapped.put("mode", ours);
        if (ours.equals("combineByPosition") && "includeUnpaired".equals(map(p.get("options")).get("includeUnpaired"))) {
            mapped.put("includeUnpaired", true);
        }
        return mapped;
    }

    // ---- outside world -----------------------------------------------------------------------

    private Map<String, Object> http(Map<String, Object> p, double version, Context context) {
        Map<String, Object> ours = new LinkedHashMap<>();
        if (version >= 3) {
            ours.put("method", p.getOrDefault("method", "GET"));
            ours.put("url", p.get("url"));
            if (Boolean.TRUE.equals(p.get("sendQuery"))) {
                ours.put("query", pairs(p, "queryParameters", "jsonQuery", "specifyQuery", context));
            }
            if (Boolean.TRUE.equals(p.get("sendHeaders"))) {
                ours.put("headers", pairs(p, "headerParameters", "jsonHeaders", "specifyHeaders", context));
            }
            if (Boolean.TRUE.equals(p.get("sendBody"))) {
                String type = String.valueOf(p.getOrDefault("contentType", "json"));
                if (type.equals("json")) {
                    if ("json".equals(p.get("specifyBody"))) {
                        Object body = p.get("jsonBody");
                        ours.put("body", jsonText(body));
                    } else {
                        ours.put("body", pairs(p, "bodyParameters", null, null, context));
                    }
                } else if (type.equals("raw")) {
                    ours.put("body", p.get("body"));
                    if (p.get("rawContentType") instanceof String raw) {
                        ours.put("headers", merged(ours.get("headers"), Map.of("Content-Type", raw)));
                    }
                } else {
                    context.unsupported("contentType", "a " + type + " body has no counterpart: JSON and raw bodies do");
                }
            }
            String authentication = String.valueOf(p.getOrDefault("authentication", "none"));
            if (authentication.equals("predefinedCredentialType")) {
                context.unsupported("authentication", "the predefined credential type " + p.get("nodeCredentialType")
                        + " has no counterpart: use a header, bearer or basic credential");
            }
            Map<String, Object> options = map(p.get("options"));
            if (options.get("timeout") instanceof Number timeout) {
                ours.put("timeoutMs", timeout.intValue());
            }
            if (Boolean.TRUE.equals(map(map(options.get("response")).get("response")).get("neverError"))) {
                ours.put("neverError", true);
            }
        } else {
            ours.put("method", p.getOrDefault("requestMethod", "GET"));
            ours.put("url", p.get("url"));
            for (String[] part : new String[][] {{"queryParametersUi", "query"}, {"headerParametersUi", "headers"},
                    {"bodyParametersUi", "body"}}) {
                List<?> list = map(p.get(part[0])).get("parameter") instanceof List<?> given ? given : List.of();
                if (!list.isEmpty()) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    list.forEach(raw -> values.put(String.valueOf(map(raw).get("name")), map(raw).get("value")));
                    ours.put(part[1], values);
                }
            }
            if (Boolean.TRUE.equals(p.get("jsonParameters"))) {
                context.unsupported("jsonParameters", "JSON parameters of HTTP Request version 1 to 2: "
                        + "upgrade the node in n8n (version 4) and export again");
            }
        }
        if (ours.get("url") == null) {
            context.unsupported("url", "an HTTP Request without a URL");
        }
        return ours;
    }

    private static Map<String, Object> merged(Object existing, Map<String, Object> more) {
        Map<String, Object> all = new LinkedHashMap<>(map(existing));
        all.putAll(more);
        return all;
    }

    /** n8n's name/value pairs, or its JSON text of them. */
    private static Object pairs(Map<String, Object> p, String listKey, String jsonKey, String specifyKey,
            Context context) {
        if (jsonKey != null && "json".equals(p.get(specifyKey))) {
            return jsonText(p.get(jsonKey));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        List<?> list = map(p.get(listKey)).get("parameters") instanceof List<?> given ? given : List.of();
        for (Object raw : list) {
            Map<String, Object> one = map(raw);
            values.put(String.valueOf(one.get("name")), one.get("value"));
        }
        return values;
    }

    /** A JSON text parameter: parsed when it is plain JSON; an expression template is kept as it is. */
    private static Object jsonText(Object value) {
        if (value instanceof String text && !text.startsWith("=")) {
            try {
                return tools.jackson.databind.json.JsonMapper.builder().build().readValue(text, Object.class);
            } catch (RuntimeException notJson) {
                return text;
            }
        }
        return value;
    }

    private static Map<String, Object> respond(Map<String, Object> p, Context context) {
        Map<String, Object> ours = new LinkedHashMap<>();
        String with = String.valueOf(p.getOrDefault("respondWith", "firstIncomingItem"));
        switch (with) {
            case "firstIncomingItem" -> ours.put("body", "={{ $json }}");
            case "allIncomingItems" -> ours.put("body", "={{ $input }}");
            case "json" -> ours.put("body", jsonText(p.get("responseBody")));
            case "text" -> ours.put("body", p.get("responseBody"));
            case "noData" -> ours.put("body", "");
            default -> {
                context.unsupported("respondWith", "answering with " + with + " has no counterpart");
                return null;
            }
        }
        Map<String, Object> options = map(p.get("options"));
        if (options.get("responseCode") != null) {
            ours.put("statusCode", options.get("responseCode"));
        }
        List<?> entries = map(options.get("responseHeaders")).get("entries") instanceof List<?> list ? list : List.of();
        if (!entries.isEmpty()) {
            Map<String, Object> headers = new LinkedHashMap<>();
            entries.forEach(raw -> headers.put(String.valueOf(map(raw).get("name")), map(raw).get("value")));
            ours.put("headers", headers);
        }
        return ours;
    }

    private static Map<String, Object> waitNode(Map<String, Object> p, Context context) {
        String resume = String.valueOf(p.getOrDefault("resume", "timeInterval"));
        Map<String, Object> ours = new LinkedHashMap<>();
        if (resume.equals("timeInterval")) {
            Object amount = p.getOrDefault("amount", 1);
            int factor = switch (String.valueOf(p.getOrDefault("unit", "hours"))) {
                case "seconds" -> 1;
                case "minutes" -> 60;
                case "days" -> 86_400;
                default -> 3600;
            };
            if (amount instanceof Number number) {
                ours.put("seconds", number.doubleValue() * factor);
            } else if (amount instanceof String text && text.startsWith("=")) {
                ours.put("seconds", "={{ (" + operand(text) + ") * " + factor + " }}");
            } else {
                context.unsupported("amount", "the wait's amount must be a number or an expression");
            }
        } else if (resume.equals("specificTime")) {
            ours.put("until", p.get("dateTime"));
        } else {
            context.unsupported("resume", "resuming on " + resume + " has no counterpart: waits resume after a time");
            return null;
        }
        return ours;
    }

    private static Map<String, Object> executeWorkflow(Map<String, Object> p, Context context) {
        if (!"database".equals(p.getOrDefault("source", "database"))) {
            context.unsupported("source", "a sub-workflow from " + p.get("source") + " has no counterpart: name a "
                    + "workflow of the organization");
            return null;
        }
        Object id = p.get("workflowId");
        if (id instanceof Map<?, ?> locator) {
            id = locator.get("value");
        }
        Map<String, Object> ours = new LinkedHashMap<>();
        ours.put("workflowId", id);
        return ours;
    }

    // ---- credentials, connections, expressions ----------------------------------------------

    private Map<String, Object> credentials(Map<String, Object> given, Context context) {
        Map<String, Object> ours = new LinkedHashMap<>();
        for (Map.Entry<String, Object> credential : given.entrySet()) {
            String type = credential.getKey();
            if (!List.of("httpHeaderAuth", "httpBearerAuth", "httpBasicAuth", "openAiApi").contains(type)) {
                context.unsupported("credentials." + type, "the credential type " + type + " has no counterpart");
                continue;
            }
            Object name = map(credential.getValue()).get("name");
            Optional<UUID> found = name instanceof String text ? credentials.find(type, text) : Optional.empty();
            if (found.isEmpty()) {
                context.unsupported("credentials." + type, "no " + type + " credential named '" + name
                        + "' in this organization: create it (same type and name) before importing");
                continue;
            }
            ours.put(type, Map.of("id", found.get().toString()));
        }
        return ours;
    }

    private Map<String, Object> connections(Map<String, Object> given, List<String> dropped) {
        Map<String, Object> ours = new LinkedHashMap<>();
        for (Map.Entry<String, Object> source : given.entrySet()) {
            Map<String, Object> kinds = map(source.getValue());
            for (String kind : kinds.keySet()) {
                if (!kind.equals("main")) {
                    unsupported.add(new InputError(source.getKey(), "connections." + kind,
                            "connections of kind " + kind + " (n8n's AI sub-nodes) have no counterpart"));
                }
            }
            if (kinds.get("main") != null && !dropped.contains(source.getKey())) {
                ours.put(source.getKey(), Map.of("main", kinds.get("main")));
            }
        }
        return ours;
    }

    private static final Pattern TEMPLATE_PART = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);

    /** Every expression template in the parameters, with n8n-only spellings rewritten. */
    @SuppressWarnings("unchecked")
    private static Object expressions(Object value) {
        if (value instanceof String text && text.startsWith("=")) {
            Matcher part = TEMPLATE_PART.matcher(text);
            StringBuilder rewritten = new StringBuilder();
            while (part.find()) {
                part.appendReplacement(rewritten, Matcher.quoteReplacement("{{ " + jsonata(part.group(1).trim()) + " }}"));
            }
            part.appendTail(rewritten);
            return rewritten.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, nested) -> copy.put(String.valueOf(key), expressions(nested)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(nested -> copy.add(expressions(nested)));
            return copy;
        }
        return value;
    }

    /** n8n's JavaScript spellings that have a JSONata twin; anything else is left for JSONata to judge. */
    static String jsonata(String expression) {
        String out = expression;
        out = out.replaceAll("\\$\\(\\s*(['\"])([^'\"]+)\\1\\s*\\)\\.(?:item|first\\(\\)|last\\(\\))\\.json", "\\$node(\"$2\")");
        out = out.replaceAll("\\$node\\[\\s*(['\"])([^'\"]+)\\1\\s*]\\.json", "\\$node(\"$2\")");
        out = out.replaceAll("\\$input\\.(?:item|first\\(\\))\\.json", "\\$json");
        out = out.replaceAll("\\$input\\.all\\(\\)", "\\$input");
        out = out.replaceAll("\\[\\s*(['\"])([^'\"\\]]+)\\1\\s*]", ".`$2`");
        out = out.replace("!==", "!=").replace("===", "=").replace("==", "=");
        out = out.replace("&&", " and ").replace("||", " or ");
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : new LinkedHashMap<>();
    }

    private static int integer(Object value, int fallback) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        if (value instanceof String text) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }
}
