//! The Prometheus protobuf exposition (feature `protobuf`):
//! length-delimited `io.prometheus.client.MetricFamily` messages, built by
//! prometheus-client's `prometheus_protobuf` encoder through the same
//! `EncodeMetric` path as the text formats, and framed here.

use std::fmt;

use prometheus_client::encoding::prometheus_protobuf::{
    self,
    prometheus_data_model::{MetricFamily, MetricType},
};
use prometheus_client::registry::Registry as PcRegistry;
use prost::Message as _;

use crate::registry::Exported;

/// The names a family written in protobuf takes (see [`Exported::names`]),
/// to tell a library's family that clashes with another owner's.
fn family_names(family: &MetricFamily) -> Vec<String> {
    let kind = match MetricType::try_from(family.r#type) {
        Ok(MetricType::Counter) => "counter",
        Ok(MetricType::Histogram) => "histogram",
        Ok(MetricType::GaugeHistogram) => "gaugehistogram",
        Ok(MetricType::Summary) => "summary",
        _ => "gauge",
    };
    let name = if kind == "counter" {
        family.name.strip_suffix("_total").unwrap_or(&family.name)
    } else {
        &family.name
    };
    Exported {
        family: name.to_owned(),
        kind,
    }
    .names()
}

/// `families`, each as a varint length and the message.
fn delimited(families: &[MetricFamily]) -> Result<Vec<u8>, fmt::Error> {
    let mut out = Vec::new();
    for family in families {
        // A `Vec` grows as needed, so this cannot run out of room.
        family
            .encode_length_delimited(&mut out)
            .map_err(|_| fmt::Error)?;
    }
    Ok(out)
}

/// A prometheus-client registry in the Prometheus protobuf format.
///
/// ```
/// use metrics_runtime::prometheus_client::registry::Registry;
/// use metrics_runtime::{encode_protobuf, metrics_family, Counter};
///
/// #[metrics_family]
/// struct App {
///     /// Requests served
///     requests: Counter,
/// }
///
/// let app = App::new();
/// let mut registry = Registry::default();
/// app.register(&mut registry).unwrap();
/// app.requests.inc();
/// let body = encode_protobuf(&registry).unwrap();
/// // One length-delimited message; its first field is the family name.
/// assert_eq!(usize::from(body[0]), body.len() - 1);
/// assert_eq!(&body[1..3], &[0x0a, 14]);
/// assert_eq!(&body[3..17], b"requests_total");
/// ```
pub fn encode_protobuf(registry: &PcRegistry) -> Result<Vec<u8>, fmt::Error> {
    delimited(&prometheus_protobuf::encode(registry)?)
}

impl crate::Registry {
    /// The whole registry in the Prometheus protobuf format (feature
    /// `protobuf`), as `serve` and `http::router` answer a scraper whose
    /// `Accept` prefers
    /// `application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited`:
    /// one length-delimited `io.prometheus.client.MetricFamily` message per
    /// family, in the order of [`encode`](Self::encode). A library's family
    /// that clashes with another owner's names is left out and counted, as
    /// in text scrapes.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, Registry};
    ///
    /// #[metrics_family]
    /// struct App {
    ///     /// Requests served
    ///     requests: Counter,
    /// }
    ///
    /// let registry = Registry::new();
    /// registry.register(App::new()).unwrap().requests.inc();
    /// let body = registry.encode_protobuf().unwrap();
    /// assert_eq!(usize::from(body[0]), body.len() - 1);
    /// assert_eq!(&body[3..17], b"requests_total");
    /// ```
    pub fn encode_protobuf(&self) -> Result<Vec<u8>, fmt::Error> {
        delimited(&self.encode_families(prometheus_protobuf::encode, family_names)?)
    }
}
