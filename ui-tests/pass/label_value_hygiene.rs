//! `#[derive(LabelValue)]` names primitive types by their full path, so a
//! user's `type str` or `type usize` in scope does not break it.
#![allow(dead_code, non_camel_case_types)]

use metrics_runtime::LabelValue;

type str = u8;
type usize = u8;

#[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
enum Branch {
    Namespace,
    #[label(rename = "sub")]
    Subgroup,
}

fn main() {
    assert_eq!(Branch::Subgroup.as_str(), "sub");
    assert_eq!(Branch::ALL, [Branch::Namespace, Branch::Subgroup]);
    assert_eq!(<Branch as LabelValue>::VALUES, &["namespace", "sub"]);
    assert_eq!(Branch::from_label("namespace"), Some(Branch::Namespace));
}
