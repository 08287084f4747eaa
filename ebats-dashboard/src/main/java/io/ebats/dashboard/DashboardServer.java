package io.ebats.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ebats.Ebats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP server behind {@link Dashboard}: routes, security checks, errors as JSON. */
final class DashboardServer {

    private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);
    private static final String TASKS_PREFIX = "/api/tasks/";

    private final HttpServer http;
    private final ExecutorService executor;
    private final String token;
    private final URI address;
    private final RequestGuard guard;
    private final StaticFiles files = new StaticFiles();
    private final OverviewResource overview;
    private final RunsResource runs;
    private final DeadLetterResource dead;
    private final WorkersResource workers;
    private final SchedulesResource schedules;
    private final TopicsResource topics;
    private final CancelResource cancels;
    private final TaskMetrics metrics;
    private final QueueGauges gauges;

    private DashboardServer(HttpServer http, ExecutorService executor, String token, Ebats ebats,
                            Dashboard.Options options) {
        this.http = http;
        this.executor = executor;
        this.token = token;
        InetSocketAddress bound = http.getAddress();
        String host = options.bind().contains(":") ? "[" + options.bind() + "]" : options.bind();
        this.address = URI.create("http://" + host + ":" + bound.getPort() + "/");
        this.guard = new RequestGuard(token, options.bind(), bound.getPort());
        SystemView system = new SystemView(ebats, options.registry(), options.topics());
        this.overview = new OverviewResource(system, options.history());
        this.runs = new RunsResource(options.history());
        this.dead = new DeadLetterResource(system);
        this.workers = new WorkersResource(system);
        this.schedules = new SchedulesResource(system);
        this.topics = new TopicsResource(system);
        this.cancels = new CancelResource(ebats, options.history());
        this.metrics = options.metrics() != null ? options.metrics() : new TaskMetrics();
        this.gauges = new QueueGauges(system, metrics.registry());
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
        DashboardServer server = new DashboardServer(http, executor, token, ebats, options);
        http.createContext("/", server::handle);
        server.gauges.start();
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
        gauges.close();
        http.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        HttpCall call = new HttpCall(exchange);
        try {
            guard.checkHost(call);
            route(call);
        } catch (ApiError e) {
            answer(call, e.status(), e.getMessage());
        } catch (IllegalArgumentException e) {
            answer(call, 400, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("dashboard: {} {} failed", call.method(), call.path(), e);
            answer(call, 503, "cannot answer now: " + e.getMessage());
        } catch (IOException e) {
            log.debug("dashboard: {} {}: {}", call.method(), call.path(), e.toString());
        } finally {
            exchange.close();
        }
    }

    private void route(HttpCall call) throws IOException {
        String path = call.path();
        if (call.method().equals("POST")) {
            guard.checkAction(call);
            switch (path) {
                case "/api/dead/replay" -> dead.replay(call);
                case "/api/dead/discard" -> dead.discard(call);
                case "/api/schedules/pause" -> schedules.pause(call);
                case "/api/schedules/resume" -> schedules.resume(call);
                case "/api/schedules/trigger" -> schedules.trigger(call);
                case "/api/topics/pause" -> topics.pause(call);
                case "/api/topics/resume" -> topics.resume(call);
                case "/api/tasks/cancel" -> cancels.cancel(call);
                default -> throw new ApiError(isGetRoute(path) ? 405 : 404, "no action " + path);
            }
            return;
        }
        if (!call.method().equals("GET") && !call.method().equals("HEAD")) {
            throw new ApiError(405, call.method() + " is not served; reads are GET, actions POST");
        }
        switch (path) {
            case "/api/overview" -> overview.overview(call);
            case "/api/throughput" -> overview.throughput(call);
            case "/api/runs" -> runs.runs(call);
            case "/api/dead" -> dead.list(call);
            case "/api/workers" -> workers.workers(call);
            case "/api/schedules" -> schedules.list(call);
            case "/metrics" -> call.send(200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics.scrape().getBytes(StandardCharsets.UTF_8));
            default -> {
                if (path.startsWith(TASKS_PREFIX) && path.length() > TASKS_PREFIX.length()) {
                    runs.task(call, URLDecoder.decode(call.rawPath().substring(TASKS_PREFIX.length()),
                            StandardCharsets.UTF_8));
                } else if (path.startsWith("/api/")) {
                    throw ApiError.notFound("no such API: " + path);
                } else {
                    files.serve(call);
                }
            }
        }
    }

    private static boolean isGetRoute(String path) {
        return path.startsWith("/api/") || path.equals("/metrics") || path.equals("/");
    }

    private static void answer(HttpCall call, int status, String message) {
        try {
            call.error(status, message);
        } catch (IOException e) {
            log.debug("dashboard: answering {}: {}", status, e.toString());
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
