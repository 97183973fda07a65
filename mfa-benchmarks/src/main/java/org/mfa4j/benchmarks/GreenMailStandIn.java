package org.mfa4j.benchmarks;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;

/**
 * GreenMail's SMTP server on a dynamic loopback port, with {@code TCP_NODELAY} on its client sockets. GreenMail
 * writes each line of a multi-line reply on its own (the EHLO reply is three), so with Nagle's algorithm on the
 * second line waits for the ACK of the first, which the client delays: 40 to 50 ms on every connection. A
 * timestamped transcript showed the whole gap between {@code 250-/127.0.0.1} and {@code 250-AUTH}; a server
 * that writes a reply in one piece (Postfix does) has no such wait. A figure of this peer, not of the sender.
 */
final class GreenMailStandIn extends GreenMail {

    GreenMailStandIn() {
        super(new ServerSetup[] {ServerSetup.SMTP.dynamicPort()});
    }

    @Override
    protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers managers) {
        return Map.of(ServerSetup.PROTOCOL_SMTP, new NoDelaySmtpServer(config[0], managers));
    }

    /** SMTP with {@code TCP_NODELAY} on each accepted connection. */
    private static final class NoDelaySmtpServer extends SmtpServer {
        NoDelaySmtpServer(ServerSetup setup, Managers managers) {
            super(setup, managers);
        }

        @Override
        protected void handleClientSocket(Socket socket) throws SocketException {
            socket.setTcpNoDelay(true);
            super.handleClientSocket(socket);
        }
    }
}
