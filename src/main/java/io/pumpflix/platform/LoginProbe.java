package io.pumpflix.platform;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Asks a PostgreSQL server to let the user {@code postgres} in without a password, over TCP or a
 * Unix socket, speaking the protocol's start-up message and reading the first answer: prints
 * {@code trusted} when the server lets it in at once, {@code password} when it asks for one
 * (MD5, SCRAM or clear text), {@code refused: <reason>} when it cannot even be reached. Used by
 * {@code pumpflix doctor}; also a program of its own, so that a test can run it as another OS user.
 * Usage: LoginProbe tcp PORT | LoginProbe socket DIRECTORY PORT
 */
public final class LoginProbe {

    private LoginProbe() {
    }

    public static void main(String[] args) {
        System.out.println(probe(args[0].equals("tcp") ? new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1]))
                : UnixDomainSocketAddress.of(Path.of(args[1], ".s.PGSQL." + args[2]))));
    }

    public static String probe(SocketAddress address) {
        try (SocketChannel channel = address instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open()) {
            channel.connect(address);
            byte[] parameters = "user\0postgres\0database\0postgres\0\0".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer startup = ByteBuffer.allocate(8 + parameters.length);
            startup.putInt(8 + parameters.length).putInt(196608).put(parameters).flip();
            while (startup.hasRemaining()) {
                channel.write(startup);
            }
            ByteBuffer answer = ByteBuffer.allocate(9);
            while (answer.hasRemaining() && channel.read(answer) >= 0) {
                // read the message type, its length and the authentication code
            }
            answer.flip();
            if (answer.remaining() < 9) {
                return "refused: the server closed the connection";
            }
            byte type = answer.get();
            answer.getInt();
            int code = answer.getInt();
            if (type == 'E') {
                return "refused: the server answered an error";
            }
            if (type != 'R') {
                return "refused: unexpected message " + (char) type;
            }
            return code == 0 ? "trusted" : "password";
        } catch (IOException e) {
            return "refused: " + e.getMessage();
        }
    }
}
