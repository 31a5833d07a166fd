use metrics_runtime::metrics_family;

#[metrics_family]
union Sync {
    attempts: u64,
}

fn main() {
    let _ = Sync { attempts: 1 };
}
