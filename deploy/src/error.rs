//! The crate's one error type. The chain backends fail with a `ChainError` (a contract's own
//! refusal among them); everything above them — the plan, networks, launch files, the
//! commands — fails with an `Error`, which holds a `ChainError` as it is or says which kind of
//! input was wrong. Its `Display` is what the `inktensor` command prints.

use std::fmt;

use crate::chain::ChainError;

#[derive(Debug)]
pub enum Error {
    /// A chain backend failed, or a contract refused (shown with the refusal's explanation).
    Chain(ChainError),
    /// The command line: an unknown command or flag, a missing or malformed argument.
    Usage(String),
    /// A file could not be read, written or parsed, or a launch file asks for something the
    /// contracts would refuse.
    File(String),
    /// What a network or its deployment holds does not allow the request: another plan, a
    /// contract not deployed, a step or an operation that failed on its way.
    Deployment(String),
    /// A local node process could not be started or did not open its RPC port.
    Node(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Chain(error) => f.write_str(&crate::ops::describe(error)),
            Error::Usage(text)
            | Error::File(text)
            | Error::Deployment(text)
            | Error::Node(text) => f.write_str(text),
        }
    }
}

impl std::error::Error for Error {}

impl From<ChainError> for Error {
    fn from(error: ChainError) -> Self {
        Error::Chain(error)
    }
}

/// `Error::Usage` from a message.
pub fn usage(text: impl Into<String>) -> Error {
    Error::Usage(text.into())
}

/// `Error::File` from a message.
pub fn file(text: impl Into<String>) -> Error {
    Error::File(text.into())
}

/// `Error::Deployment` from a message.
pub fn deployment(text: impl Into<String>) -> Error {
    Error::Deployment(text.into())
}
