package io.pumpflix.engine.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which addresses outbound requests may reach (engine.md, "Outbound requests"): never loopback,
 * private, shared (carrier-grade NAT), link-local (cloud metadata at 169.254.169.254),
 * unique-local, multicast or unspecified addresses, IPv4 ones written as IPv6 included, unless
 * an operator entry of {@code pumpflix.engine.outbound-allow} names the host or its network (and,
 * when it says one, the port). Pure: judging an address opens no connection.
 */
public final class OutboundPolicy {

    /** Outbound calls refused before any connection (docs/operations.md). */
    private static final io.micrometer.core.instrument.Counter REFUSED = io.micrometer.core.instrument.Counter
            .builder("pumpflix.outbound.refused").description("outbound calls refused: a private or metadata address")
            .register(io.micrometer.core.instrument.Metrics.globalRegistry);


    /** One allow-list entry: a host name or a network, and a port or any port (-1). */
    record Allowed(String host, byte[] network, int prefix, int port) {

        boolean matches(String name, InetAddress address, int port) {
            if (this.port >= 0 && port >= 0 && this.port != port) {
                return false;
            }
            if (host != null) {
                return name != null && host.equals(name.toLowerCase(Locale.ROOT));
            }
            return inNetwork(address.getAddress(), network, prefix);
        }
    }

    private final List<Allowed> allowed;

    public OutboundPolicy(List<String> allow) {
        List<Allowed> entries = new ArrayList<>();
        for (String entry : allow == null ? List.<String>of() : allow) {
            if (entry != null && !entry.isBlank()) {
                entries.add(parse(entry.strip()));
            }
        }
        this.allowed = List.copyOf(entries);
    }

    /** {@code host}, {@code host:port}, {@code 10.0.0.0/8}, {@code 10.0.0.0/8:443}, {@code [::1]:8080}. */
    static Allowed parse(String entry) {
        String target = entry;
        int port = -1;
        if (target.startsWith("[")) {
            int close = target.indexOf(']');
            String rest = target.substring(close + 1);
            if (rest.startsWith(":")) {
                port = Integer.parseInt(rest.substring(1));
            }
            target = target.substring(1, close);
        } else if (target.chars().filter(c -> c == ':').count() == 1) {
            port = Integer.parseInt(target.substring(target.indexOf(':') + 1));
            target = target.substring(0, target.indexOf(':'));
        }
        int slash = target.indexOf('/');
        String address = slash < 0 ? target : target.substring(0, slash);
        if (!isLiteral(address)) {
            return new Allowed(address.toLowerCase(Locale.ROOT), null, 0, port);
        }
        try {
            byte[] network = InetAddress.getByName(address).getAddress();
            int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(target.substring(slash + 1));
            return new Allowed(null, network, prefix, port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("pumpflix.engine.outbound-allow: cannot read " + entry);
        }
    }

    private static boolean isLiteral(String address) {
        return address.contains(":") || address.matches("[0-9.]+");
    }

    /**
     * Refuses (throws) when {@code address}, reached for {@code host} on {@code port} (-1: any),
     * is one the rules forbid and no allow entry names it.
     */
    public void judge(String host, InetAddress address, int port) throws OutboundRefused {
        String reason = forbidden(address);
        if (reason == null) {
            return;
        }
        for (Allowed entry : allowed) {
            if (entry.matches(host, address, port)) {
                return;
            }
        }
        REFUSED.increment();
        throw new OutboundRefused("outbound request to " + host + (port >= 0 ? ":" + port : "") + " refused: "
                + address.getHostAddress() + " is " + reason + " (an operator may allow it with pumpflix.engine.outbound-allow)");
    }

    /** Why an address is forbidden, or null when it is a public one. */
    static String forbidden(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            // IPv4 written as IPv6 (::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::a.b.c.d): judged as the IPv4 address
            boolean mapped = zeros(bytes, 0, 10) && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
            boolean compatible = zeros(bytes, 0, 12) && !(zeros(bytes, 12, 15) && (bytes[15] == 0 || bytes[15] == 1));
            boolean translated = (bytes[0] & 0xff) == 0x00 && (bytes[1] & 0xff) == 0x64 && (bytes[2] & 0xff) == 0xff
                    && (bytes[3] & 0xff) == 0x9b && zeros(bytes, 4, 12);
            if (mapped || compatible || translated) {
                try {
                    String inner = forbidden(InetAddress.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]}));
                    return inner == null ? null : inner + " (written as IPv6)";
                } catch (UnknownHostException e) {
                    return "unreadable";
                }
            }
            if (address.isLoopbackAddress()) {
                return "loopback";
            }
            if (address.isAnyLocalAddress()) {
                return "unspecified";
            }
            if (address.isLinkLocalAddress() || ((bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xc0) == 0x80)) {
                return "link-local";
            }
            if ((bytes[0] & 0xfe) == 0xfc) {
                return "unique-local";
            }
            if (address.isSiteLocalAddress()) {
                return "site-local";
            }
            if (address.isMulticastAddress()) {
                return "multicast";
            }
            return null;
        }
        int a = bytes[0] & 0xff;
        int b = bytes[1] & 0xff;
        if (a == 127) {
            return "loopback";
        }
        if (a == 0) {
            return "unspecified";
        }
        if (a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168)) {
            return "private";
        }
        if (a == 169 && b == 254) {
            return "link-local (where cloud metadata services live)";
        }
        if (a == 100 && b >= 64 && b <= 127) {
            return "shared (carrier-grade NAT)";
        }
        if (a == 198 && (b == 18 || b == 19)) {
            return "reserved for benchmarks";
        }
        if (a >= 224) {
            return a == 255 && (bytes[1] & bytes[2] & bytes[3] & 0xff) == 0xff ? "broadcast" : "multicast or reserved";
        }
        return null;
    }

    private static boolean zeros(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    static boolean inNetwork(byte[] address, byte[] network, int prefix) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[full] & mask) == (network[full] & mask);
    }

    static boolean isV4(InetAddress address) {
        return address instanceof Inet4Address;
    }
}
