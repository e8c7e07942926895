package io.pumpflix.engine.outbound;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The outbound rules, judged where the address is judged: no connection is opened here, and no
 * name is looked up (every address is a literal).
 */
class OutboundPolicyTest {

    private final OutboundPolicy none = new OutboundPolicy(List.of());

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.9.9",
            "192.168.1.1", "169.254.169.254", "169.254.0.1", "100.64.0.1", "0.0.0.0", "0.1.2.3", "224.0.0.1",
            "255.255.255.255", "198.18.0.1", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:10.0.0.1",
            "::ffff:127.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "::127.0.0.1", "ff02::1"})
    void privateLoopbackLinkLocalUniqueLocalAndUnspecifiedAddressesAreRefused(String literal) throws Exception {
        InetAddress address = InetAddress.getByName(literal);
        assertThatThrownBy(() -> none.judge("example.test", address, 443)).isInstanceOf(OutboundRefused.class)
                .hasMessageContaining(address.getHostAddress()).hasMessageContaining("refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "1.1.1.1", "172.32.0.1", "192.169.0.1", "100.128.0.1",
            "2606:4700:4700::1111", "2001:4860:4860::8888"})
    void publicAddressesPass(String literal) throws Exception {
        InetAddress address = InetAddress.getByName(literal);
        assertThatCode(() -> none.judge("example.test", address, 443)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/8", "10.1.2.3", "10.1.2.3:8443", "internal.example", "internal.example:8443"})
    void anOperatorEntryAllowsItsHostOrNetworkAndOnlyItsPort(String entry) throws Exception {
        OutboundPolicy policy = new OutboundPolicy(List.of(entry));
        InetAddress address = InetAddress.getByName("10.1.2.3");
        assertThatCode(() -> policy.judge("internal.example", address, 8443)).doesNotThrowAnyException();
        if (entry.endsWith(":8443")) {
            assertThatThrownBy(() -> policy.judge("internal.example", address, 80)).isInstanceOf(OutboundRefused.class);
        }
        assertThatThrownBy(() -> policy.judge("other.example", InetAddress.getByName("192.168.0.1"), 8443))
                .isInstanceOf(OutboundRefused.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[::1]:8080", "::1"})
    void ipv6EntriesAreRead(String entry) throws Exception {
        OutboundPolicy policy = new OutboundPolicy(List.of(entry));
        assertThatCode(() -> policy.judge("localhost", InetAddress.getByName("::1"), 8080)).doesNotThrowAnyException();
        assertThatThrownBy(() -> policy.judge("localhost", InetAddress.getByName("127.0.0.1"), 8080))
                .isInstanceOf(OutboundRefused.class);
    }
}
