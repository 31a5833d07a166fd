//! Checks PromQL queries against the families a catalogue declares.
