package io.guidestream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.guidestream.bus.PreviewKind;
import io.guidestream.bus.StepFrame;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.http.ServerWebSocket;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The gate once a close frame has gone either way: Vert.x then reports the socket closed and throws from
 * {@code writeQueueFull()}, while frames of its jobs still arrive until the close handler runs. Before the fix this
 * threw "IllegalStateException: WebSocket is closed" from {@code PreviewGate.tooSlow} (3 in 6,200 fuzzed messages,
 * after a 1009 close).
 */
class PreviewGateTest {
    @Test
    void framesForAClosingSocketAreDroppedWithoutTouchingIt() {
        AtomicInteger writes = new AtomicInteger();
        PreviewGate gate = new PreviewGate(closingSocket(writes), new GatewayMetrics(new SimpleMeterRegistry()), 100,
                () -> writes.addAndGet(1000));
        for (int step = 1; step <= 3; step++) gate.offer(frame(step, 3));
        assertEquals(0, writes.get(), "nothing written, nothing closed again");
        assertEquals(0, gate.waiting());
    }

    private static StepFrame frame(int step, int of) {
        return new StepFrame("j", step, of, 10, new double[0], new double[0], new double[0][], new double[0],
                List.of(), 1, new StepFrame.Tick(1, 1), null, List.of(new StepFrame.Preview(PreviewKind.XT, 0, new byte[] {1})));
    }

    /** A socket as Vert.x leaves it after a close frame: closed, and throwing where a closed socket throws. */
    private static ServerWebSocket closingSocket(AtomicInteger writes) {
        return (ServerWebSocket) Proxy.newProxyInstance(PreviewGateTest.class.getClassLoader(),
                new Class<?>[] {ServerWebSocket.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isClosed" -> true;
                    case "writeQueueFull" -> throw new IllegalStateException("WebSocket is closed");
                    case "drainHandler" -> proxy;
                    case "write", "writeTextMessage", "close" -> {
                        writes.incrementAndGet();
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
