package io.guidestream.bus.codec;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.guidestream.bus.EvalCommand;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.ImportRefusal;
import io.guidestream.bus.ImportResult;
import io.guidestream.bus.ImportUpload;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.JobProgress;
import io.guidestream.bus.ModelDocument;
import io.guidestream.bus.SamplerStatus;
import io.guidestream.bus.StepFrame;
import io.guidestream.bus.TrainCommand;
import io.guidestream.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Event-bus codec for an immutable message record: passed by reference inside a JVM, JSON (length-prefixed) between
 * cluster nodes. Message bodies are records, never {@code JsonObject} maps.
 */
public final class RecordCodec<T> implements MessageCodec<T, T> {
    private static final List<Class<?>> MESSAGE_TYPES = List.of(GenerateCommand.class, StepFrame.class,
            JobEvent.Reserved.class, JobEvent.Accepted.class, JobEvent.Done.class, JobEvent.Failed.class,
            SamplerStatus.class, TrainCommand.class, JobProgress.class, ModelDocument.class, EvalCommand.class,
            ImportUpload.class, ImportResult.class, ImportRefusal.class);

    private final Class<T> type;
    private final ObjectWriter writer;
    private final ObjectReader reader;

    private RecordCodec(Class<T> type) {
        this.type = type;
        this.writer = Json.MAPPER.writerFor(type).without(SerializationFeature.INDENT_OUTPUT);
        this.reader = Json.MAPPER.readerFor(type);
    }

    /** Registers a codec for every message record as that type's default codec. */
    public static void registerAll(EventBus bus) {
        for (Class<?> t : MESSAGE_TYPES) register(bus, t);
    }

    private static <T> void register(EventBus bus, Class<T> type) {
        bus.registerDefaultCodec(type, new RecordCodec<>(type));
    }

    @Override
    public void encodeToWire(Buffer buffer, T message) {
        try {
            byte[] bytes = writer.writeValueAsBytes(message);
            buffer.appendInt(bytes.length).appendBytes(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
        }
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
        int length = buffer.getInt(pos);
        try {
            return reader.readValue(buffer.getBytes(pos + 4, pos + 4 + length));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode " + type.getSimpleName(), e);
        }
    }

    @Override
    public T transform(T message) {
        return message;
    }

    @Override
    public String name() {
        return "record:" + type.getName();
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
