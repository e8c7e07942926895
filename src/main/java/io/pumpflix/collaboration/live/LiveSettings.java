package io.pumpflix.collaboration.live;

import java.time.Duration;

/**
 * @param instanceId names this instance in connection ids ({@code pumpflix.instance-id}; by
 *     default host name and HTTP port, stable across restarts)
 * @param heartbeatTimeout a socket silent for longer is closed and its session ended
 * @param maxMessageBytes the largest relayed message
 * @param messagesPerSecond the most messages one socket may send per second
 */
record LiveSettings(String instanceId, Duration heartbeatTimeout, int maxMessageBytes, int messagesPerSecond) {
}
