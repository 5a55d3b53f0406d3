//! Finding the `.contract` bundles that `cargo contract build --release` wrote.

use std::path::PathBuf;

/// A contract of the suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Contract {
    TaoToken,
    Staking,
    SubnetRegistry,
    Weights,
    Emission,
    Epoch,
    Market,
    Governance,
}

impl Contract {
    /// Every contract of the suite, in deployment order.
    pub const ALL: [Contract; 8] = [
        Contract::TaoToken,
        Contract::Staking,
        Contract::SubnetRegistry,
        Contract::Weights,
        Contract::Emission,
        Contract::Epoch,
        Contract::Market,
        Contract::Governance,
    ];

    /// Its crate's name: the name of its bundle, of its entry in a deployment record and of
    /// the contract in a proposal (`staking.set_config`).
    pub const fn name(self) -> &'static str {
        match self {
            Contract::TaoToken => "tao_token",
            Contract::Staking => "staking",
            Contract::SubnetRegistry => "subnet_registry",
            Contract::Weights => "weights",
            Contract::Emission => "emission",
            Contract::Epoch => "epoch",
            Contract::Market => "market",
            Contract::Governance => "governance",
        }
    }

    pub fn from_name(name: &str) -> Option<Contract> {
        Contract::ALL.into_iter().find(|c| c.name() == name)
    }
}

impl std::fmt::Display for Contract {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Code a contract of the suite delegate-calls: uploaded, never instantiated, so it has a
/// code hash and no address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DelegateCode {
    /// The epoch contract's rows stage (`contracts/epoch_rows`).
    EpochRows,
}

impl DelegateCode {
    /// Its crate's name: the name of its bundle and of its entry in a deployment record.
    pub const fn name(self) -> &'static str {
        match self {
            DelegateCode::EpochRows => "epoch_rows",
        }
    }
}

/// The names of the suite's contracts, in deployment order.
pub const CONTRACTS: [&str; Contract::ALL.len()] = {
    let mut names = [""; Contract::ALL.len()];
    let mut i = 0;
    while i < Contract::ALL.len() {
        names[i] = Contract::ALL[i].name();
        i += 1;
    }
    names
};

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
