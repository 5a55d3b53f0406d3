//! Finding the `.contract` bundles that `cargo contract build --release` wrote.

use std::path::PathBuf;

/// The contracts of the suite, in deployment order.
pub const CONTRACTS: &[&str] = &[
    "tao_token",
    "staking",
    "subnet_registry",
    "weights",
    "emission",
    "epoch",
    "governance",
];

/// `<target>/ink`, where cargo-contract puts one folder per contract. `INKTENSOR_ARTIFACTS`
/// overrides it; otherwise `CARGO_TARGET_DIR` or the workspace's `target/` is used.
pub fn artifacts_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("INKTENSOR_ARTIFACTS") {
        return PathBuf::from(dir);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("ink")
}

/// The path of `name`'s `.contract` bundle.
pub fn bundle_path(name: &str) -> PathBuf {
    artifacts_dir().join(name).join(format!("{name}.contract"))
}
