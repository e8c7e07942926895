package io.pumpflix.engine.schedule;

import com.github.kagkarlsson.scheduler.serializer.Serializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * db-scheduler's task data as JSON rather than Java serialization: readable in SQL, so the
 * database can say which schedules differ from the current versions ({@code schedule_changes()}).
 */
final class ScheduleJson implements Serializer {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public byte[] serialize(Object data) {
        return data == null ? null : JSON.writeValueAsBytes(data);
    }

    @Override
    public <T> T deserialize(Class<T> type, byte[] serialized) {
        return serialized == null ? null : JSON.readValue(serialized, type);
    }
}
