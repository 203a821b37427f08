package io.guidestream.client

import io.guidestream.WsProbe
import io.reactivex.rxjava3.plugins.RxJavaPlugins
import io.vertx.core.Vertx
import java.io.ByteArrayInputStream
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import javax.imageio.ImageIO
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

/**
 * The client as a Kotlin caller uses it, against the real server: `@NullMarked` gives real (non-platform) types,
 * the Java sealed events make `when` exhaustive, and errors are unchecked [GuidestreamException]s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuidestreamClientKotlinTest {
    private lateinit var server: TestServer
    private lateinit var client: GuidestreamClient
    private lateinit var probeVertx: Vertx

    @BeforeAll
    fun start() {
        server = TestServer.start()
        client = GuidestreamClient.connect(server.uri())
        probeVertx = Vertx.vertx()
    }

    @AfterAll
    fun stop() {
        client.close()
        probeVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
        server.close()
    }

    private fun request(model: String = server.model(), steps: Int = 6): GenerateRequestSpec =
        GenerateRequestSpec.builder(model).label(7).batch(2).seed(42).sampler(SamplerKind.DDIM, steps).build()

    /** A compact description of each event: `when` over the sealed interface needs no `else`. */
    private fun describe(e: GenerationEvent): String = when (e) {
        is GenerationEvent.Accepted -> "accepted"
        is GenerationEvent.Step -> "step${e.step}"
        is GenerationEvent.Image -> "image"
        is GenerationEvent.Done -> "done"
    }

    @Test
    fun `stored evaluations read with nullable second-space figures, and an unknown model is a typed error`() {
        // `second` is `Scores?` and `accuracy` `Double?` in Kotlin: the compiler makes the caller handle results
        // stored without a second space or a label (this server has stored none yet).
        val secondFids: List<Double?> = client.evaluations(server.model()).blockingGet().map { it.second?.fid }
        assertEquals(emptyList<Double?>(), secondFids)
        val e = assertThrows(GuidestreamException::class.java) { client.evaluations("nope").blockingGet() }
        assertEquals(ErrorCode.UNKNOWN_MODEL, e.code())
    }

    @Test
    fun `a generation streams accepted, steps in order, 28x28 images and done`() {
        val events = client.generate(request()).timeout(120, TimeUnit.SECONDS).blockingIterable().toList()
        val names = events.map(::describe).filter { it != "image" }
        assertEquals(listOf("accepted") + (1..6).map { "step$it" } + "done", names)

        val accepted = events.first() as GenerationEvent.Accepted
        assertEquals(6, accepted.steps)
        assertEquals(42L, accepted.seed)
        var step = 0
        for (e in events) {
            if (e is GenerationEvent.Step) {
                step = e.step
                assertEquals(6, e.of)
                assertEquals(2, e.entropy.size)
                assertEquals(10, e.probs[0].size)
            }
            if (e is GenerationEvent.Image) {
                assertEquals(step, e.step, "images follow their step")
                val png = ImageIO.read(ByteArrayInputStream(e.png))
                assertEquals(28, png.width)
                assertEquals(28, png.height)
            }
        }
        // A fast reader loses nothing: one image per (step, kind, item).
        assertEquals(6 * 2 * 2, events.count { it is GenerationEvent.Image })
        val done = events.last() as GenerationEvent.Done
        assertEquals(accepted.jobId, done.jobId)
        assertEquals(6, done.steps)
    }

    @Test
    fun `an unknown model ends the stream with UNKNOWN_MODEL`() {
        val e = assertThrows(GuidestreamException::class.java) {
            client.generate(request(model = "no-such-model")).blockingLast()
        }
        assertEquals(ErrorCode.UNKNOWN_MODEL, e.code())
        assertTrue(e.message!!.contains("no-such-model"), e.message)
    }

    @Test
    fun `disposing cancels the job on the server and reports no error`() {
        val undeliverable = CopyOnWriteArrayList<Throwable>()
        RxJavaPlugins.setErrorHandler { undeliverable.add(it) }
        try {
            val seen = CopyOnWriteArrayList<GenerationEvent>()
            val errors = CopyOnWriteArrayList<Throwable>()
            val firstStep = CountDownLatch(1)
            val subscription = client.generate(request(steps = 1000)).subscribe(
                { e -> seen.add(e); if (e is GenerationEvent.Step) firstStep.countDown() },
                { t -> errors.add(t) })
            assertTrue(firstStep.await(60, TimeUnit.SECONDS), "no step within 60 s")
            subscription.dispose()

            val jobId = (seen.first() as GenerationEvent.Accepted).jobId
            assertEquals("CANCELLED", howTheJobEnded(jobId), "the server cancelled the job")
            assertEquals(listOf<Throwable>(), errors, "no error after dispose")
            assertEquals(listOf<Throwable>(), undeliverable, "nothing sent to RxJavaPlugins either")
            assertTrue(seen.none { it is GenerationEvent.Done })
        } finally {
            RxJavaPlugins.reset()
        }
    }

    /** A job stays resumable for a while after it ends; resuming it from a probe shows how it ended. */
    private fun howTheJobEnded(jobId: String): String {
        WsProbe.connect(probeVertx, server.port()).use { probe ->
            probe.send("""{"type":"resume","jobId":"$jobId","lastStep":1000}""")
            val deadline = System.currentTimeMillis() + 60_000
            while (System.currentTimeMillis() < deadline) {
                val m = probe.nextText(30)
                when (m.path("type").asText()) {
                    "error" -> return m.path("code").asText()
                    "done" -> return "DONE"
                }
            }
        }
        throw AssertionError("job $jobId still runs after 60 s")
    }
}
