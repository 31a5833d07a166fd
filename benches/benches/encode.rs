//! Encoding cost of the ~200-sample sync catalogue (see `benches::SyncMetrics`),
//! ours against the same catalogue written by hand on prometheus-client, both
//! through prometheus-client's own encoders into a reused buffer. Divide by
//! `benches::CATALOGUE_SAMPLES` for the time per series (`report.py` does).

use std::hint::black_box;
use std::time::Duration;

use benches::{ours_registry, pc_registry, CATALOGUE_SAMPLES};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use metrics_runtime::prometheus_client::encoding::{prometheus_text, text};
use metrics_runtime::prometheus_client::registry::Registry;

fn encode(c: &mut Criterion) {
    let (_ours_metrics, ours) = ours_registry();
    let (_pc_metrics, pc) = pc_registry();
    let mut buffer = String::with_capacity(64 * 1024);

    let mut g = c.benchmark_group("encode_catalogue");
    g.measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(500))
        .sample_size(40)
        .throughput(Throughput::Elements(CATALOGUE_SAMPLES as u64));

    type Encoder = fn(&mut String, &Registry) -> std::fmt::Result;
    let formats: [(&str, Encoder); 2] = [
        ("text", prometheus_text::encode),
        ("openmetrics", text::encode),
    ];
    for (format, encoder) in formats {
        for (who, registry) in [("ours", &ours), ("prometheus_client", &pc)] {
            g.bench_function(format!("{who}_{format}"), |b| {
                b.iter(|| {
                    buffer.clear();
                    encoder(&mut buffer, black_box(registry)).expect("encodes");
                    black_box(buffer.len())
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, encode);
criterion_main!(benches);
