// expect: ok
// mistake: none, an unusual but correct use: raw ident field (corpus B)
use metrics_runtime::{metrics_family, Counter, Format, Registry};

#[metrics_family(prefix = "msg")]
pub struct MsgMetrics {
    /// Messages of unknown type
    pub r#type: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(MsgMetrics::new()).unwrap();
    m.r#type.inc();
    let text = registry.encode(Format::Text).unwrap();
    assert!(text.contains("msg_type_total 1\n"), "{text}");
}
