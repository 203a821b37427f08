/**
 * A Java and Kotlin client for Guidestream's {@code /ws/generate} WebSocket (docs/PROTOCOL.md, docs/CLIENT.md):
 * {@link io.guidestream.client.GuidestreamClient#generate} streams one job as a backpressured
 * {@link io.reactivex.rxjava3.core.Flowable} of typed {@link io.guidestream.client.GenerationEvent}s, cancels the job
 * when the subscription is cancelled, and resumes it across dropped connections;
 * {@link io.guidestream.client.GuidestreamClient#evaluations} lists a model's stored evaluations with their figures in
 * both feature spaces.
 *
 * <p>The package speaks only the wire protocol: it never imports the server's DJL code, so that it could move to an
 * artifact of its own. Everything is non-null unless marked {@code @Nullable}, which Kotlin sees as real types.
 */
@NullMarked
package io.guidestream.client;

import org.jspecify.annotations.NullMarked;
