package io.ebats.dashboard;

import com.sun.net.httpserver.HttpServer;
import io.ebats.Ebats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The HTTP server behind {@link Dashboard}: routes, security checks, static files. */
final class DashboardServer {

    private final HttpServer http;
    private final ExecutorService executor;
    private final String token;
    private final URI address;

    private DashboardServer(HttpServer http, ExecutorService executor, String token) {
        this.http = http;
        this.executor = executor;
        this.token = token;
        InetSocketAddress bound = http.getAddress();
        this.address = URI.create("http://" + hostForUri(bound.getHostString()) + ":" + bound.getPort() + "/");
    }

    static DashboardServer start(Ebats ebats, Dashboard.Options options) {
        String token = options.token() != null ? options.token() : randomToken();
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(options.bind(), options.port()), 64);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve the dashboard on " + options.bind() + ":" + options.port()
                    + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(executor);
        DashboardServer server = new DashboardServer(http, executor, token);
        http.start();
        return server;
    }

    URI address() {
        return address;
    }

    String token() {
        return token;
    }

    void stop() {
        http.stop(0);
        executor.shutdownNow();
    }

    private static String randomToken() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String hostForUri(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
