package io.pumpflix.engine.n8n;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.engine.node.ScheduleTrigger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** n8n's schedule rules as cron, and n8n's JavaScript spellings as JSONata. */
class N8nTranslatorTest {

    private static Map<?, ?> translated(Map<String, Object> rule) {
        N8nTranslation translation = new N8nTranslator((type, name) -> Optional.empty()).translate(Map.of(
                "name", "s", "nodes", List.of(Map.of("name", "Clock", "type", "n8n-nodes-base.scheduleTrigger",
                        "typeVersion", 1.2, "parameters", Map.of("rule", Map.of("interval", List.of(rule))))),
                "connections", Map.of()));
        assertThat(translation.unsupported()).isEmpty();
        return (Map<?, ?>) ((Map<?, ?>) ((List<?>) translation.definition().get("nodes")).get(0)).get("parameters");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "seconds | secondsInterval | 10 | */10 * * * * *",
            "minutes | minutesInterval | 5 | 0 */5 * * * *",
            "hours | hoursInterval | 2 | 0 0 */2 * * *",
            "days | daysInterval | 1 | 0 0 0 */1 * *",
            "months | monthsInterval | 3 | 0 0 0 1 */3 *"})
    void scheduleRulesBecomeCronsSpringReads(String field, String key, int interval, String cron) {
        String mapped = (String) translated(Map.of("field", field, key, interval)).get("cron");

        assertThat(mapped).isEqualTo(cron);
        assertThat(ScheduleTrigger.cron(mapped)).isNotNull();
    }

    @org.junit.jupiter.api.Test
    void aWeeklyRuleAndACronExpression() {
        assertThat(translated(Map.of("field", "weeks", "triggerAtDay", List.of(1, 5), "triggerAtHour", 9,
                "triggerAtMinute", 30)).get("cron")).isEqualTo("0 30 9 * * 1,5");
        assertThat(translated(Map.of("field", "cronExpression", "expression", "0 8 * * 1-5")).get("cron"))
                .isEqualTo("0 8 * * 1-5");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "$json[\"first name\"] | $json.`first name`",
            "$('Lookup').item.json.id | $node(\"Lookup\").id",
            "$node[\"Lookup\"].json.id | $node(\"Lookup\").id",
            "$input.item.json.total | $json.total",
            "$input.all() | $input",
            "$json.a === 1 && $json.b !== 2 | $json.a = 1  and  $json.b != 2",
            "$json.qty * $json.price > 100 | $json.qty * $json.price > 100"})
    void javaScriptSpellingsBecomeJsonata(String n8n, String jsonata) {
        assertThat(N8nTranslator.jsonata(n8n)).isEqualTo(jsonata);
    }
}
