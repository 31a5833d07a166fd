//! The `Accept` headers Prometheus sends by default, 2.x and 3.x, with the
//! format each must get back (tests/http.rs and tests/serve.rs ask both
//! servers with every one).

/// `Content-Type` of an OpenMetrics answer.
pub const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";
/// `Content-Type` of a 0.0.4 text answer.
pub const TEXT: &str = "text/plain; version=0.0.4; charset=utf-8";
/// `Content-Type` of a protobuf answer.
pub const PROTOBUF: &str =
    "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

/// One scraper's header and the `Content-Type` of the answer, with the
/// feature `protobuf` and without it.
pub struct Case {
    pub who: &'static str,
    pub accept: &'static str,
    pub with_protobuf: &'static str,
    pub without_protobuf: &'static str,
}

impl Case {
    /// The `Content-Type` expected in this build.
    pub fn expected(&self) -> &'static str {
        if cfg!(feature = "protobuf") {
            self.with_protobuf
        } else {
            self.without_protobuf
        }
    }
}

pub const CASES: &[Case] = &[
    Case {
        who: "Prometheus 2.0 to 2.4",
        accept: "text/plain;version=0.0.4;q=1,*/*;q=0.1",
        with_protobuf: TEXT,
        without_protobuf: TEXT,
    },
    Case {
        who: "Prometheus 2.5 to 2.32",
        accept: "application/openmetrics-text; version=0.0.1,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
        with_protobuf: OPENMETRICS,
        without_protobuf: OPENMETRICS,
    },
    Case {
        who: "Prometheus 2.33 to 2.48 (2.42 in Debian)",
        accept: "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
        with_protobuf: OPENMETRICS,
        without_protobuf: OPENMETRICS,
    },
    Case {
        who: "Prometheus 2.40 to 2.48, --enable-feature=native-histograms",
        accept: "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
        with_protobuf: PROTOBUF,
        without_protobuf: OPENMETRICS,
    },
    Case {
        who: "Prometheus 2.49 to 2.55 (scrape_protocols)",
        accept: "application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
        with_protobuf: OPENMETRICS,
        without_protobuf: OPENMETRICS,
    },
    Case {
        who: "Prometheus 2.49 to 2.55, protobuf first",
        accept: "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.5,application/openmetrics-text;version=1.0.0;q=0.4,application/openmetrics-text;version=0.0.1;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1",
        with_protobuf: PROTOBUF,
        without_protobuf: OPENMETRICS,
    },
    Case {
        who: "Prometheus 3.0 (escaping=allow-utf-8 on every format)",
        accept: "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;escaping=allow-utf-8;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;escaping=allow-utf-8;q=0.3,*/*;q=0.2",
        with_protobuf: OPENMETRICS,
        without_protobuf: OPENMETRICS,
    },
    Case {
        who: "Prometheus 3.0, protobuf first",
        accept: "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;escaping=allow-utf-8;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;escaping=allow-utf-8;q=0.2,*/*;q=0.1",
        with_protobuf: PROTOBUF,
        without_protobuf: OPENMETRICS,
    },
    Case {
        who: "Prometheus 3.x",
        accept: "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
        with_protobuf: OPENMETRICS,
        without_protobuf: OPENMETRICS,
    },
    Case {
        who: "Prometheus 3.x, protobuf first (native histograms)",
        accept: "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.6,application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1",
        with_protobuf: PROTOBUF,
        without_protobuf: OPENMETRICS,
    },
    Case {
        who: "Prometheus 3.x, legacy name validation",
        accept: "application/openmetrics-text;version=1.0.0;escaping=underscores;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=underscores;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
        with_protobuf: OPENMETRICS,
        without_protobuf: OPENMETRICS,
    },
    Case {
        who: "Prometheus 3.x, scrape_protocols: [PrometheusText1.0.0]",
        accept: "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.6,*/*;q=0.5",
        with_protobuf: TEXT,
        without_protobuf: TEXT,
    },
    Case {
        who: "text/plain;version=1.0.0 alone",
        accept: "text/plain;version=1.0.0",
        with_protobuf: TEXT,
        without_protobuf: TEXT,
    },
    Case {
        who: "Prometheus 3.x, scrape_protocols: [PrometheusText0.0.4]",
        accept: "text/plain;version=0.0.4;q=0.6,*/*;q=0.5",
        with_protobuf: TEXT,
        without_protobuf: TEXT,
    },
    Case {
        who: "Prometheus 3.x, scrape_protocols: [OpenMetricsText0.0.1]",
        accept: "application/openmetrics-text;version=0.0.1;q=0.6,*/*;q=0.5",
        with_protobuf: OPENMETRICS,
        without_protobuf: OPENMETRICS,
    },
    Case {
        who: "Prometheus 3.x, scrape_protocols: [PrometheusProto]",
        accept: "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.6,*/*;q=0.5",
        with_protobuf: PROTOBUF,
        without_protobuf: TEXT,
    },
    Case {
        who: "curl, a browser",
        accept: "*/*",
        with_protobuf: TEXT,
        without_protobuf: TEXT,
    },
];

/// The escaping schemes Prometheus 3 may ask for.
pub const ESCAPING: &[&str] = &["allow-utf-8", "underscores", "dots", "values"];

/// The body `registry` answers with under `content_type`.
pub fn body_for(registry: &metrics_runtime::Registry, content_type: &str) -> Vec<u8> {
    use metrics_runtime::Format;
    match content_type {
        OPENMETRICS => registry.encode(Format::OpenMetrics).unwrap().into_bytes(),
        TEXT => registry.encode(Format::Text).unwrap().into_bytes(),
        #[cfg(feature = "protobuf")]
        PROTOBUF => registry.encode_protobuf().unwrap(),
        other => panic!("no body for `{other}`"),
    }
}

/// Each text range of the Prometheus 3 header, with `escaping=scheme`,
/// and the `Content-Type` it gets.
pub fn with_escaping(scheme: &str) -> Vec<(String, &'static str)> {
    vec![
        (
            format!("application/openmetrics-text;version=1.0.0;escaping={scheme}"),
            OPENMETRICS,
        ),
        (format!("text/plain;version=1.0.0;escaping={scheme}"), TEXT),
        (
            format!("application/openmetrics-text;version=1.0.0;escaping={scheme};q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping={scheme};q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2"),
            OPENMETRICS,
        ),
    ]
}

/// Whether `name` is a legacy-valid metric name, `[a-zA-Z_:][a-zA-Z0-9_:]*`
/// (`label` false) or label name, `[a-zA-Z_][a-zA-Z0-9_]*` (`label` true):
/// the names every escaping scheme leaves as they are.
pub fn legacy_valid(name: &str, label: bool) -> bool {
    let ok = |c: char, first: bool| {
        c.is_ascii_alphabetic()
            || c == '_'
            || (!label && c == ':')
            || (!first && c.is_ascii_digit())
    };
    let mut chars = name.chars();
    chars.next().is_some_and(|c| ok(c, true)) && chars.all(|c| ok(c, false))
}
