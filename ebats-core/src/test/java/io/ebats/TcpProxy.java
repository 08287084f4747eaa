package io.ebats;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder between a client and the broker, so a test can cut the network ({@link #cut()}) and bring it
 * back ({@link #restore()}) without touching the broker itself.
 */
final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile ServerSocket server;
    private volatile boolean silent;

    TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        ServerSocket first = new ServerSocket();
        first.setReuseAddress(true);
        first.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.port = first.getLocalPort();
        listen(first);
    }

    /** A proxy to the host and port of a broker URI ({@code amqp://user:pass@host:port/vhost}). */
    static TcpProxy to(String brokerUri) throws IOException {
        URI broker = URI.create(brokerUri);
        return new TcpProxy(broker.getHost(), broker.getPort() < 0 ? 5672 : broker.getPort());
    }

    int port() {
        return port;
    }

    /** {@code brokerUri} with its host and port replaced by the proxy's. */
    String uri(String brokerUri) {
        URI broker = URI.create(brokerUri);
        String userInfo = broker.getRawUserInfo() == null ? "" : broker.getRawUserInfo() + "@";
        String path = broker.getRawPath() == null ? "" : broker.getRawPath();
        return broker.getScheme() + "://" + userInfo + "127.0.0.1:" + port + path;
    }

    /** Connections accepted so far, the ones cut included. */
    int accepted() {
        return accepted.get();
    }

    /** Closes every connection and refuses new ones: the broker looks unreachable. */
    void cut() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    /**
     * Keeps the connections open but holds back what the broker sends (its confirms among it) until
     * {@link #speak()}: a broker that stopped answering.
     */
    void silence() {
        silent = true;
    }

    /** Forwards what the broker sends again. */
    void speak() {
        silent = false;
    }

    /** Accepts connections again, on the same port. */
    void restore() throws IOException {
        ServerSocket again = new ServerSocket();
        again.setReuseAddress(true);
        again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listen(again);
    }

    @Override
    public void close() throws IOException {
        cut();
    }

    private void listen(ServerSocket socket) {
        server = socket;
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    Socket upstream = new Socket(targetHost, targetPort);
                    sockets.add(client);
                    sockets.add(upstream);
                    accepted.incrementAndGet();
                    pump(client, upstream, false);
                    pump(upstream, client, true);
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "tcp-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void pump(Socket from, Socket to, boolean fromBroker) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    while (fromBroker && silent && !to.isClosed()) {
                        Thread.sleep(10);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // one side closed
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }, "tcp-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }
}
