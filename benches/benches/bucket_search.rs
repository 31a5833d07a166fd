//! How to find a histogram observation's bucket among 15–20 bounds: the
//! evidence behind `HistogramCell::observe`'s choice. Values cycle through
//! 16 (or 64 pseudo-random) values spread over the bounds, so a search that
//! branches on the value is not trivially predicted.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

fn partition_point(bounds: &[f64], v: f64) -> usize {
    bounds.partition_point(|b| *b < v)
}

fn linear_early_exit(bounds: &[f64], v: f64) -> usize {
    bounds.iter().position(|b| v <= *b).unwrap_or(bounds.len())
}

fn branchless_count(bounds: &[f64], v: f64) -> usize {
    bounds.iter().map(|b| usize::from(*b < v)).sum()
}

fn branchless_binary(bounds: &[f64], v: f64) -> usize {
    if bounds.is_empty() {
        return 0;
    }
    let mut base = 0;
    let mut size = bounds.len();
    while size > 1 {
        let half = size / 2;
        let mid = base + half;
        base = if bounds[mid] < v { mid } else { base };
        size -= half;
    }
    base + usize::from(bounds[base] < v)
}

type Search = fn(&[f64], f64) -> usize;

fn search(c: &mut Criterion) {
    let mut g = c.benchmark_group("bucket_search");
    g.measurement_time(Duration::from_millis(1500))
        .warm_up_time(Duration::from_millis(500))
        .sample_size(40);
    let searches: [(&str, Search); 4] = [
        ("partition_point", partition_point),
        ("linear_early_exit", linear_early_exit),
        ("branchless_count", branchless_count),
        ("branchless_binary", branchless_binary),
    ];
    for n in [15usize, 20] {
        let bounds: Vec<f64> = (0..n).map(|i| 0.0001 * 2f64.powi(i as i32)).collect();
        let top = bounds[n - 1] * 2.0;
        // A fixed pseudo-random walk over [0, top): 64 values.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let values: Vec<f64> = (0..64)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // Log-uniform, like latencies.
                top * 2f64.powf(-((x % 1000) as f64) / 1000.0 * (n as f64 + 1.0))
            })
            .collect();
        for &(name, f) in &searches {
            // All three agree.
            for &v in &values {
                assert_eq!(f(&bounds, v), partition_point(&bounds, v), "{name} {v}");
            }
            let mut i = 0usize;
            g.bench_with_input(BenchmarkId::new(name, n), &bounds, |b, bounds| {
                b.iter(|| {
                    i = i.wrapping_add(1);
                    f(black_box(bounds), values[i & 63])
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
