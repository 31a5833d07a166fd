use metrics_runtime::LabelValue;

#[derive(Clone, Copy, LabelValue)]
enum Error {
    HttpError,
    HTTPError,
}

fn main() {}
