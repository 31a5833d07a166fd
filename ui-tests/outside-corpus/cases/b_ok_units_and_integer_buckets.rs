// expect: ok
// mistake: none, an unusual but correct use: units and integer buckets (corpus B)
use metrics_runtime::{metrics_family, Counter, FloatGauge, Format, Gauge, Histogram, Registry};

#[metrics_family(prefix = "dev")]
pub struct DeviceMetrics {
    /// Bytes received
    #[metric(unit = "bytes")]
    pub received: Counter,
    /// Temperature of the board
    #[metric(unit = "celsius")]
    pub temperature: Gauge,
    /// Fraction of the flash in use
    #[metric(unit = "ratio")]
    pub flash_usage: FloatGauge,
    /// Items per batch
    #[metric(buckets = [1, 2, 5, 10])]
    pub batch_size: Histogram,
    /// Time a write took
    #[metric(unit = "seconds", buckets = linear(0.5, 0.5, 4))]
    pub write_duration: Histogram,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(DeviceMetrics::new()).unwrap();
    m.received.inc_by(512u64);
    m.temperature.set(-5);
    m.flash_usage.set(0.5);
    m.batch_size.observe(3.0);
    m.write_duration.observe_duration(std::time::Duration::from_millis(700));
    {
        let _timer = m.write_duration.start_timer();
    }
    let text = registry.encode(Format::Text).unwrap();
    assert!(text.contains("dev_received_bytes_total 512\n"), "{text}");
    assert!(text.contains("dev_temperature_celsius -5\n"), "{text}");
    assert!(text.contains("dev_flash_usage_ratio 0.5\n"), "{text}");
}
