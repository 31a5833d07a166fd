//! Alerts that group and match by a family's constant labels, which every
//! sample of each instance carries (and the overflow counter too).
use metrics_runtime::{metrics_family, Counter, Format, Gauge, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Checkout {
    Granted,
    Exhausted,
}

#[metrics_family(
    prefix = "pool",
    const_labels(pool: String),
    alert(
        name = "PoolExhausted",
        expr = r#"sum by (pool) (rate(pool_checkouts_total{result="exhausted"}[5m])) > 0 and sum by (pool) (pool_connections_in_use) >= sum by (pool) (pool_connections)"#,
        severity = "warning",
        summary = "Pool {{ $labels.pool }} is exhausted",
    ),
    alert(
        name = "PoolRoutesFolded",
        expr = r#"sum by (pool, instance) (rate(pool_routes_overflow_total{pool!="", job="node"}[5m])) > 0"#,
        severity = "info",
        summary = "Pool {{ $labels.pool }} folds routes",
    ),
)]
pub struct PoolMetrics {
    /// Checkouts, by result
    #[metric(labels(result: Checkout))]
    pub checkouts: Counter,
    /// Connections checked out now
    pub connections_in_use: Gauge,
    /// Connections the pool holds
    pub connections: Gauge,
    /// Requests by route
    #[metric(labels(route: String), max_series = 8)]
    pub routes: Counter,
}

fn main() {
    let registry = Registry::new();
    let p = registry
        .get_or_create::<PoolMetrics>("primary".to_owned())
        .unwrap();
    p.checkouts.inc(Checkout::Exhausted);
    p.connections.set(2);
    p.connections_in_use.set(2);
    p.routes.inc("/users");
    let text = registry.encode(Format::Text).unwrap();
    assert!(text.contains("pool_connections{pool=\"primary\"} 2\n"));
}
