/**
 * Benchmarks of mlpipe's paths measured against Kafka's own tools in the same run on the same
 * broker, so every figure is a ratio to a baseline taken minutes apart on the same machine; run
 * them with {@code bench/run}, which writes {@code bench/results/latest.md} and {@code
 * latest.json}. A new benchmark implements {@link dev.mlpipe.bench.Benchmark}, returns {@link
 * dev.mlpipe.bench.BenchResult} rows and is listed in {@link dev.mlpipe.bench.BenchMain}.
 */
package dev.mlpipe.bench;
