//! The chain the suite runs on, as one trait ([`Backend`]) with two implementations: drink's
//! embedded sandbox ([`Chain`], here) and a real node ([`crate::node::NodeChain`]). Both give
//! named accounts, deploys from bundles, calls whose contract errors come back as values, and
//! block production; the sandbox also gives gas readings and whole-state snapshots.

use std::fmt;
use std::path::Path;

use drink::errors::LangError;
use drink::minimal::MinimalSandbox;
use drink::sandbox_api::prelude::*;
use drink::session::{error::SessionError, ContractBundle, Session, NO_ENDOWMENT};
use drink::{AccountId32, Sandbox, Weight};
use interfaces::Hash;
use parity_scale_codec::{Decode, Encode};

/// Native balance given to every named account, to pay storage deposits in the sandbox.
const NATIVE_FUNDING: u128 = 1_000_000_000_000_000;

/// What one call may use: a subtensor block's normal dispatch class (4 s of ref_time × 75%)
/// and 75% of a 5 MiB proof. drink's default (0.1 s) is below what one epoch step may need;
/// benchmarks report each call as a share of this.
pub const BLOCK_BUDGET: Gas = Gas {
    ref_time: 3 * WEIGHT_REF_TIME_PER_SECOND,
    proof_size: 5 * 1024 * 1024 * 3 / 4,
};

const WEIGHT_REF_TIME_PER_SECOND: u64 = 1_000_000_000_000;

/// Why a sandbox operation failed. A contract's own `Err(..)` is not a `ChainError`: it comes
/// back as the `Err` of the message's decoded `Result`.
#[derive(Debug)]
pub enum ChainError {
    /// The bundle file is missing or unreadable (build the contracts first).
    Bundle(String),
    /// The sandbox refused the operation (out of gas, trap, bad arguments, ...).
    Session(String),
    /// The node could not be reached, or refused or dropped a transaction.
    Node(String),
    /// The message did not exist or could not be dispatched (ink!'s `LangError`).
    Lang(LangError),
    /// The return value did not decode as the expected type.
    Decode(String),
    /// The contract refused the call; the error variant's name.
    Contract(String),
}

/// Turns a contract's own `Err` into a [`ChainError::Contract`] carrying the variant's name,
/// for callers that treat any refusal as a failure.
pub trait Refusal<T> {
    fn refused(self) -> Result<T, ChainError>;
}

impl<T, E: fmt::Debug> Refusal<T> for Result<T, E> {
    fn refused(self) -> Result<T, ChainError> {
        self.map_err(|e| ChainError::Contract(format!("{e:?}")))
    }
}

impl fmt::Display for ChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChainError::Bundle(e) => write!(f, "cannot load contract bundle: {e}"),
            ChainError::Session(e) => write!(f, "sandbox error: {e}"),
            ChainError::Node(e) => write!(f, "node error: {e}"),
            ChainError::Lang(e) => write!(f, "message not dispatched: {e:?}"),
            ChainError::Decode(e) => write!(f, "unexpected return value: {e}"),
            ChainError::Contract(e) => write!(f, "the contract refused: {e}"),
        }
    }
}

impl std::error::Error for ChainError {}

impl From<SessionError> for ChainError {
    fn from(error: SessionError) -> Self {
        ChainError::Session(error.to_string())
    }
}

/// What the deployment plan, the typed clients and the operations need of a chain.
///
/// Messages go in as contract-transcode argument strings and come back as the message's raw
/// SCALE answer (`Result<T, LangError>`), decoded by the typed [`call`](dyn Backend::call) and
/// [`query`](dyn Backend::query) on `dyn Backend`.
pub trait Backend {
    /// The account for `name`: a development account (`alice` …) or a fresh named key,
    /// funded with native balance for fees and deposits.
    fn account(&mut self, name: &str) -> AccountId32;

    /// Makes `who` the signer of the following calls.
    fn set_actor(&mut self, who: &AccountId32);

    fn actor(&self) -> AccountId32;

    /// From now on, encode calls to `contract` with `bundle_path`'s metadata (a contract
    /// deployed by an earlier process, or one upgraded).
    fn use_metadata(
        &mut self,
        contract: &AccountId32,
        bundle_path: &Path,
    ) -> Result<(), ChainError>;

    /// Uploads a bundle's code without instantiating it, returning its code hash.
    fn upload(&mut self, bundle_path: &Path) -> Result<Hash, ChainError>;

    /// Deploys `bundle_path` with `constructor(args)`; the salt keeps repeated deploys apart.
    fn deploy(
        &mut self,
        bundle_path: &Path,
        constructor: &str,
        args: &[String],
        salt: Vec<u8>,
    ) -> Result<AccountId32, ChainError>;

    /// Calls `message` and commits its effects, unless it reverts (a message returning `Err`
    /// reverts, and its answer still comes back). The answer's SCALE bytes.
    fn call_raw(
        &mut self,
        contract: &AccountId32,
        message: &str,
        args: &[String],
    ) -> Result<Vec<u8>, ChainError>;

    /// Runs `message` without committing anything; the answer's SCALE bytes.
    fn query_raw(
        &mut self,
        contract: &AccountId32,
        message: &str,
        args: &[String],
    ) -> Result<Vec<u8>, ChainError>;

    /// Lets at least `n` blocks pass; returns the block number after them.
    fn advance_blocks(&mut self, n: u32) -> u32;

    fn block_number(&mut self) -> u32;
}

/// Typed calls on any backend (`dyn Backend` included): arguments in, the message's decoded
/// answer out, a contract's own `Err` as that `Err`.
pub trait Typed: Backend {
    /// Makes `who` the signer of the following calls.
    fn act_as(&mut self, who: &AccountId32) -> &mut Self {
        self.set_actor(who);
        self
    }

    /// Calls `message` and commits its effects. A reverted call (a message returning `Err`)
    /// decodes to that `Err`, with its state changes rolled back.
    fn call<T: Decode>(
        &mut self,
        contract: &AccountId32,
        message: &str,
        args: &[String],
    ) -> Result<T, ChainError> {
        decode_message_result(&self.call_raw(contract, message, args)?)
    }

    /// Runs `message` without committing anything (a read, or a what-if).
    fn query<T: Decode>(
        &mut self,
        contract: &AccountId32,
        message: &str,
        args: &[String],
    ) -> Result<T, ChainError> {
        decode_message_result(&self.query_raw(contract, message, args)?)
    }
}

impl<B: Backend + ?Sized> Typed for B {}

/// Gas used by the last call or deployment, as pallet-contracts reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gas {
    pub ref_time: u64,
    pub proof_size: u64,
}

impl From<Weight> for Gas {
    fn from(weight: Weight) -> Self {
        Gas {
            ref_time: weight.ref_time(),
            proof_size: weight.proof_size(),
        }
    }
}

/// The embedded chain: one drink session and the accounts acting on it.
pub struct Chain {
    session: Session<MinimalSandbox>,
    last_query_gas: Gas,
    last_query_debug: String,
}

impl Default for Chain {
    fn default() -> Self {
        Self::new()
    }
}

impl Chain {
    pub fn new() -> Self {
        let budget = Weight::from_parts(BLOCK_BUDGET.ref_time, BLOCK_BUDGET.proof_size);
        Chain {
            session: Session::default().with_gas_limit(budget),
            last_query_gas: Gas {
                ref_time: 0,
                proof_size: 0,
            },
            last_query_debug: String::new(),
        }
    }

    /// The call data (selector + SCALE arguments) of `message` of the contract in `bundle_path`,
    /// as a proposal or an off-line signer needs it.
    pub fn encode_message(
        bundle_path: &Path,
        message: &str,
        args: &[String],
    ) -> Result<Vec<u8>, ChainError> {
        let bundle = load_bundle(bundle_path)?;
        bundle
            .transcoder
            .encode(message, args)
            .map_err(|e| ChainError::Session(format!("encoding {message}: {e}")))
    }

    /// `data` — a selector and its SCALE arguments, as a proposal stores a call — read back
    /// with the contract's metadata: `message { argument: value, … }`.
    pub fn decode_message(bundle_path: &Path, data: &[u8]) -> Result<String, ChainError> {
        let bundle = load_bundle(bundle_path)?;
        bundle
            .transcoder
            .decode_contract_message(&mut &data[..])
            .map(|call| call.to_string())
            .map_err(|e| ChainError::Decode(format!("a call to {}: {e}", bundle_path.display())))
    }

    /// Gas consumed by the last committed call.
    pub fn last_call_gas(&self) -> Gas {
        self.session.record().last_call_result().gas_consumed.into()
    }

    /// What the last call printed to the debug buffer (contracts built with debug printing).
    pub fn last_call_debug(&self) -> String {
        String::from_utf8_lossy(&self.session.record().last_call_result().debug_message)
            .into_owned()
    }

    /// What the last query printed to the debug buffer, whether or not it trapped (a trapped
    /// call leaves no record: its dry run shows how far it got).
    pub fn last_query_debug(&self) -> &str {
        &self.last_query_debug
    }

    /// Gas the last query would have consumed as a transaction.
    pub fn last_query_gas(&self) -> Gas {
        self.last_query_gas
    }

    /// Writes the whole chain state to `path`, so that a later process can carry on from it
    /// (the sandbox network of `inktensor deploy`).
    pub fn save_state(&mut self, path: &Path) -> Result<(), ChainError> {
        let snapshot = self.session.sandbox().take_snapshot();
        let bytes = (snapshot.storage, snapshot.storage_root).encode();
        std::fs::write(path, bytes)
            .map_err(|e| ChainError::Session(format!("{}: {e}", path.display())))
    }

    /// Replaces the chain state with one `save_state` wrote. Calls by message name need each
    /// contract's metadata again (`use_metadata`).
    pub fn load_state(&mut self, path: &Path) -> Result<(), ChainError> {
        let bytes = std::fs::read(path)
            .map_err(|e| ChainError::Session(format!("{}: {e}", path.display())))?;
        let (storage, storage_root) =
            <(ink_sandbox::RawStorage, ink_sandbox::StorageRoot)>::decode(&mut &bytes[..])
                .map_err(|e| ChainError::Decode(format!("{}: {e}", path.display())))?;
        self.session
            .sandbox()
            .restore_snapshot(ink_sandbox::Snapshot {
                storage,
                storage_root,
            });
        Ok(())
    }
}

impl Backend for Chain {
    /// The account for `name` (deterministic: the name's bytes), funded with native balance
    /// for deposits.
    fn account(&mut self, name: &str) -> AccountId32 {
        let account = named_account(name);
        if self.session.sandbox().free_balance(&account) == 0 {
            self.session
                .sandbox()
                .mint_into(&account, NATIVE_FUNDING)
                .expect("minting native balance into a sandbox account cannot fail");
        }
        account
    }

    fn set_actor(&mut self, who: &AccountId32) {
        self.session.set_actor(who.clone());
    }

    fn actor(&self) -> AccountId32 {
        self.session.get_actor()
    }

    fn use_metadata(
        &mut self,
        contract: &AccountId32,
        bundle_path: &Path,
    ) -> Result<(), ChainError> {
        let bundle = load_bundle(bundle_path)?;
        self.session
            .set_transcoder(contract.clone(), &bundle.transcoder);
        Ok(())
    }

    fn upload(&mut self, bundle_path: &Path) -> Result<Hash, ChainError> {
        let bundle = load_bundle(bundle_path)?;
        let hash = self.session.upload_bundle(bundle)?;
        Ok(Hash::from(hash.to_fixed_bytes()))
    }

    fn deploy(
        &mut self,
        bundle_path: &Path,
        constructor: &str,
        args: &[String],
        salt: Vec<u8>,
    ) -> Result<AccountId32, ChainError> {
        let bundle = load_bundle(bundle_path)?;
        Ok(self
            .session
            .deploy_bundle(bundle, constructor, args, salt, NO_ENDOWMENT)?)
    }

    fn call_raw(
        &mut self,
        contract: &AccountId32,
        message: &str,
        args: &[String],
    ) -> Result<Vec<u8>, ChainError> {
        // `()` decodes from any answer; the answer itself is read back from the record.
        match self
            .session
            .call_with_address::<_, ()>(contract.clone(), message, args, NO_ENDOWMENT)
        {
            Ok(_) => Ok(self.session.record().last_call_return().to_vec()),
            Err(SessionError::CallReverted(data)) => Ok(data),
            Err(error) => Err(error.into()),
        }
    }

    fn query_raw(
        &mut self,
        contract: &AccountId32,
        message: &str,
        args: &[String],
    ) -> Result<Vec<u8>, ChainError> {
        let result = self
            .session
            .dry_run_call(contract.clone(), message, args, NO_ENDOWMENT)?;
        self.last_query_gas = result.gas_consumed.into();
        self.last_query_debug = String::from_utf8_lossy(&result.debug_message).into_owned();
        let exec = result
            .result
            .map_err(|e| ChainError::Session(format!("{e:?}")))?;
        Ok(exec.data)
    }

    /// Produces `n` empty blocks.
    fn advance_blocks(&mut self, n: u32) -> u32 {
        self.session.sandbox().build_blocks(n)
    }

    fn block_number(&mut self) -> u32 {
        self.session.sandbox().block_number()
    }
}

fn load_bundle(path: &Path) -> Result<ContractBundle, ChainError> {
    ContractBundle::load(path).map_err(|e| ChainError::Bundle(format!("{}: {e:?}", path.display())))
}

pub(crate) fn decode_message_result<T: Decode>(data: &[u8]) -> Result<T, ChainError> {
    let result = Result::<T, LangError>::decode(&mut &data[..])
        .map_err(|e| ChainError::Decode(e.to_string()))?;
    result.map_err(ChainError::Lang)
}

/// A readable, deterministic sandbox account: the name's bytes, zero-padded to 32.
pub fn named_account(name: &str) -> AccountId32 {
    let mut bytes = [0u8; 32];
    let len = name.len().min(32);
    bytes[..len].copy_from_slice(&name.as_bytes()[..len]);
    AccountId32::new(bytes)
}

/// The same account as ink! contracts see it.
pub fn ink_account(account: &AccountId32) -> interfaces::AccountId {
    let bytes: &[u8; 32] = account.as_ref();
    interfaces::AccountId::from(*bytes)
}

/// An account a contract answered, as the chain and the command name it (`ink_account`'s
/// inverse).
pub fn chain_account(account: &interfaces::AccountId) -> AccountId32 {
    AccountId32::new(*account.as_ref())
}

/// Formats values the way contract-transcode parses message arguments.
pub mod arg {
    use super::*;

    pub fn account(account: &AccountId32) -> String {
        account.to_string()
    }

    pub fn some_account(account: &AccountId32) -> String {
        format!("Some({account})")
    }

    pub fn none() -> String {
        "None".to_string()
    }

    pub fn number(value: impl fmt::Display) -> String {
        value.to_string()
    }

    pub fn hash(hash: &Hash) -> String {
        bytes(hash.as_ref())
    }

    /// Bytes as the hex literal contract-transcode reads for byte arrays and vectors.
    pub fn bytes(bytes: &[u8]) -> String {
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        format!("0x{hex}")
    }

    pub fn empty_bytes() -> String {
        "[]".to_string()
    }

    pub fn option_account(account: Option<&AccountId32>) -> String {
        account.map_or_else(none, some_account)
    }

    pub fn option_number(value: Option<impl fmt::Display>) -> String {
        value.map_or_else(none, |value| format!("Some({value})"))
    }

    /// A struct of plain numbers (a config, governance settings): contract-transcode reads it
    /// the way `Debug` writes it, `Name { field: 1, … }`.
    pub fn numbers_struct(value: &dyn fmt::Debug) -> String {
        format!("{value:?}")
    }

    /// A list, each item already formatted.
    pub fn list(items: impl IntoIterator<Item = String>) -> String {
        format!("[{}]", items.into_iter().collect::<Vec<_>>().join(", "))
    }
}
