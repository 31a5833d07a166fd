// expect: ok
// mistake: none, an unusual but correct use: info enum and stateset labels (corpus B)
use metrics_runtime::{metrics_family, Format, Info, LabelValue, Registry, StateSet};

#[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
pub enum Channel { Stable, Beta }

#[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
pub enum Peer { Alpha, Bravo }

#[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
pub enum LinkState { Down, Up }

#[metrics_family(prefix = "node")]
pub struct NodeMetrics {
    /// Build information
    #[metric(labels(channel: Channel, version: String))]
    pub build: Info,
    /// Link state per peer
    #[metric(states = LinkState, labels(peer: Peer))]
    pub link: StateSet,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(NodeMetrics::new()).unwrap();
    m.build.set(Channel::Beta, "1.5.0-rc1");
    m.link.set(Peer::Bravo, LinkState::Up);
    assert_eq!(m.link.get(Peer::Alpha), LinkState::Down);
    let text = registry.encode(Format::OpenMetrics).unwrap();
    assert!(text.contains("node_build_info{channel=\"beta\",version=\"1.5.0-rc1\"} 1\n"), "{text}");
}
