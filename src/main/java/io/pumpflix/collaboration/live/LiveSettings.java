package io.pumpflix.collaboration.live;

import java.time.Duration;

/**
 * Live collaboration's settings ({@code pumpflix.live.*}, docs/collaboration.md).
 *
 * @param instanceId names this instance in connection ids ({@code pumpflix.instance-id}; by
 *     default host name and HTTP port, stable across restarts)
 * @param heartbeatTimeout a socket silent for longer is closed and its session ended
 * @param maxMessageBytes the largest relayed message
 * @param messagesPerSecond the most messages one socket may send per second
 * @param instanceHeartbeat how often this instance heartbeats and looks for dead ones
 * @param instanceTimeout an instance silent for longer is dead and its sessions are ended
 * @param maxQueuedBytes the most that may wait to be sent to one socket before it is closed as too slow
 * @param sendTimeLimit the longest one send may wait for its client before the socket is closed as too slow
 * @param maxSockets the most sockets one instance holds; more are refused with 1013
 * @param maxPendingJoins the most joins waiting to be written; more are refused with 1013
 * @param presenceWindow joins and leaves within this window go out as one presence message
 * @param presenceLimit how many present sessions a welcome lists (with the total)
 * @param publishLinger how long the channel waits for more messages before it notifies the instances
 * @param runEventsPerSecond the most run events one workflow's watchers get a second from one
 *     instance; beyond, a {@code runs.skipped} count once a second
 */
record LiveSettings(String instanceId, Duration heartbeatTimeout, int maxMessageBytes, int messagesPerSecond,
        Duration instanceHeartbeat, Duration instanceTimeout, int maxQueuedBytes, Duration sendTimeLimit,
        int maxSockets, int maxPendingJoins, Duration presenceWindow, int presenceLimit, Duration publishLinger,
        int runEventsPerSecond) {
}
