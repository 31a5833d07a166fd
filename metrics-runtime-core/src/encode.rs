//! Writing a registry out, in the format a scraper asks for.
//!
//! See [`Format`] and [`encode`].

use prometheus_client::registry::Registry;

/// An exposition format.
///
/// ```
/// use metrics_runtime::{metrics_family, Counter, Format, Registry};
///
/// #[metrics_family]
/// struct App {
///     /// Requests served
///     requests: Counter,
/// }
///
/// let registry = Registry::new();
/// registry.register(App::new()).unwrap();
/// let openmetrics = registry.encode(Format::OpenMetrics).unwrap();
/// assert!(openmetrics.contains("# TYPE requests counter\n"));
/// assert!(openmetrics.ends_with("# EOF\n"));
/// let text = registry.encode(Format::Text).unwrap();
/// assert!(text.contains("# TYPE requests_total counter\n"));
/// assert!(Format::Text.content_type().starts_with("text/plain"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// OpenMetrics 1.0 text: counters' `TYPE` without `_total`, `# UNIT`
    /// lines, `le="1.0"`, and a final `# EOF`.
    OpenMetrics,
    /// The Prometheus 0.0.4 text format: `le="1"` as client_golang writes it.
    Text,
}

impl Format {
    /// The `Content-Type` of a response in this format.
    ///
    /// ```
    /// use metrics_runtime::Format;
    ///
    /// assert_eq!(
    ///     Format::OpenMetrics.content_type(),
    ///     "application/openmetrics-text; version=1.0.0; charset=utf-8"
    /// );
    /// assert!(Format::Text.content_type().starts_with("text/plain; version=0.0.4"));
    /// ```
    pub fn content_type(self) -> &'static str {
        match self {
            Format::OpenMetrics => "application/openmetrics-text; version=1.0.0; charset=utf-8",
            Format::Text => prometheus_client::encoding::prometheus_text::CONTENT_TYPE,
        }
    }

    /// The text format to answer a request with, from its `Accept` header:
    /// each format gets the quality of the most specific range naming it
    /// (`text/plain;version=0.0.4` before `text/plain` before `*/*`), and
    /// the higher wins; on a tie OpenMetrics when named, the 0.0.4 text
    /// format when only a wildcard reaches both. `application/openmetrics-text`
    /// of version 1.0.0 or 0.0.1 gets OpenMetrics 1.0.0; `text/plain` of
    /// version 0.0.4 or 1.0.0 gets the 0.0.4 text format (every name this
    /// crate writes is legacy-valid, so it is also the 1.0.0 body). Any
    /// `escaping=` parameter is ignored, as it changes no legacy-valid name.
    /// No header, or nothing acceptable: the 0.0.4 text format.
    ///
    /// ```
    /// use metrics_runtime::Format;
    ///
    /// // What Prometheus 2.x sends.
    /// let prometheus = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    /// assert_eq!(Format::negotiate(Some(prometheus)), Format::OpenMetrics);
    /// // What Prometheus 3 sends.
    /// let prometheus3 = "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2";
    /// assert_eq!(Format::negotiate(Some(prometheus3)), Format::OpenMetrics);
    /// assert_eq!(Format::negotiate(Some("text/plain;version=1.0.0")), Format::Text);
    /// assert_eq!(Format::negotiate(Some("*/*")), Format::Text);
    /// assert_eq!(Format::negotiate(None), Format::Text);
    /// assert_eq!(
    ///     Format::negotiate(Some("text/plain;q=1, application/openmetrics-text;q=0.5")),
    ///     Format::Text
    /// );
    /// // Protobuf is no `Format`: the best text format the header allows.
    /// let native = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,application/openmetrics-text;q=0.5";
    /// assert_eq!(Format::negotiate(Some(native)), Format::OpenMetrics);
    /// ```
    pub fn negotiate(accept: Option<&str>) -> Format {
        match crate::negotiate::negotiate(accept, false) {
            crate::negotiate::Answer::Text(format) => format,
            crate::negotiate::Answer::Protobuf => Format::Text,
        }
    }
}

/// The whole registry in `format`: a prometheus-client `Registry`, or
/// anything else that can be scraped ([`Scrape`]: this crate's
/// [`Registry`](crate::Registry), whose [`encode`](crate::Registry::encode)
/// this calls).
///
/// ```
/// use metrics_runtime::{encode, metrics_family, Counter, Format};
/// use metrics_runtime::prometheus_client::registry::Registry;
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
/// assert_eq!(
///     encode(&registry, Format::Text).unwrap(),
///     "# HELP requests_total Requests served.\n# TYPE requests_total counter\nrequests_total 1\n"
/// );
/// assert_eq!(
///     encode(&registry, Format::OpenMetrics).unwrap(),
///     "# HELP requests Requests served.\n# TYPE requests counter\nrequests_total 1\n# EOF\n"
/// );
///
/// // The same from this crate's registry.
/// let ours = metrics_runtime::Registry::new();
/// ours.register(App::new()).unwrap().requests.inc();
/// assert_eq!(encode(&ours, Format::Text).unwrap(), encode(&registry, Format::Text).unwrap());
/// ```
pub fn encode(
    registry: &(impl Scrape + ?Sized),
    format: Format,
) -> Result<String, std::fmt::Error> {
    registry.scrape(format)
}

/// A prometheus-client registry in `format`, by its own encoders.
fn encode_prometheus_client(
    registry: &Registry,
    format: Format,
) -> Result<String, std::fmt::Error> {
    let mut out = String::new();
    match format {
        Format::OpenMetrics => prometheus_client::encoding::text::encode(&mut out, registry)?,
        Format::Text => prometheus_client::encoding::prometheus_text::encode(&mut out, registry)?,
    }
    Ok(out)
}

/// What can be scraped: a [`Registry`](crate::Registry) of this crate or a
/// prometheus-client registry, written whole in a [`Format`]. The servers
/// (`serve`, feature `serve`; `http::router`, feature `axum`) take either.
///
/// ```
/// use metrics_runtime::prometheus_client::registry::Registry as PcRegistry;
/// use metrics_runtime::{Format, Registry, Scrape};
///
/// fn first_line(source: &impl Scrape) -> String {
///     source.scrape(Format::OpenMetrics).unwrap().lines().next().unwrap().to_owned()
/// }
///
/// assert_eq!(first_line(&Registry::new()), "# EOF");
/// assert_eq!(first_line(&PcRegistry::default()), "# EOF");
/// ```
pub trait Scrape {
    /// The whole exposition in `format`.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, Format, Registry, Scrape};
    ///
    /// #[metrics_family]
    /// struct App {
    ///     /// Requests served
    ///     requests: Counter,
    /// }
    ///
    /// let registry = Registry::new();
    /// registry.register(App::new()).unwrap().requests.inc();
    /// assert!(registry.scrape(Format::Text).unwrap().ends_with("\nrequests_total 1\n"));
    /// ```
    fn scrape(&self, format: Format) -> Result<String, std::fmt::Error>;

    /// The whole exposition in the Prometheus protobuf format
    /// (length-delimited `io.prometheus.client.MetricFamily` messages), or
    /// `None` if this source cannot write it: the servers then negotiate
    /// among the text formats alone. Both registries write it with the
    /// feature `protobuf`; without it, and for a source of your own that
    /// does not override this, `None`.
    ///
    /// ```
    /// use metrics_runtime::{Format, Registry, Scrape};
    ///
    /// struct Fixed;
    /// impl Scrape for Fixed {
    ///     fn scrape(&self, _: Format) -> Result<String, std::fmt::Error> {
    ///         Ok("up 1\n".to_owned())
    ///     }
    /// }
    /// assert!(Fixed.scrape_protobuf().is_none());
    /// assert_eq!(Registry::new().scrape_protobuf().is_some(), cfg!(feature = "protobuf"));
    /// ```
    fn scrape_protobuf(&self) -> Option<Result<Vec<u8>, std::fmt::Error>> {
        None
    }
}

impl Scrape for Registry {
    fn scrape(&self, format: Format) -> Result<String, std::fmt::Error> {
        encode_prometheus_client(self, format)
    }

    #[cfg(feature = "protobuf")]
    fn scrape_protobuf(&self) -> Option<Result<Vec<u8>, std::fmt::Error>> {
        Some(crate::proto::encode_protobuf(self))
    }
}

impl Scrape for crate::Registry {
    fn scrape(&self, format: Format) -> Result<String, std::fmt::Error> {
        self.encode(format)
    }

    #[cfg(feature = "protobuf")]
    fn scrape_protobuf(&self) -> Option<Result<Vec<u8>, std::fmt::Error>> {
        Some(self.encode_protobuf())
    }
}

impl<T: Scrape + ?Sized> Scrape for &T {
    fn scrape(&self, format: Format) -> Result<String, std::fmt::Error> {
        (**self).scrape(format)
    }

    fn scrape_protobuf(&self) -> Option<Result<Vec<u8>, std::fmt::Error>> {
        (**self).scrape_protobuf()
    }
}

impl<T: Scrape + ?Sized> Scrape for std::sync::Arc<T> {
    fn scrape(&self, format: Format) -> Result<String, std::fmt::Error> {
        (**self).scrape(format)
    }

    fn scrape_protobuf(&self) -> Option<Result<Vec<u8>, std::fmt::Error>> {
        (**self).scrape_protobuf()
    }
}
