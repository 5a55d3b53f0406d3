//! A subnet's running epoch, as the epoch contract and its rows code keep it: the run's
//! stages in plain Rust (`run`, and `rows` for the Yuma passes), state larger than a cell
//! (`chunks`) and the storage both codes share (`store`).
//!
//! The epoch contract (`contracts/epoch`) starts a run, gathers its inputs and pays it out;
//! for the rows stage it delegate-calls its rows code (`contracts/epoch_rows`), which runs in
//! the epoch contract's storage. Both link this crate, and each keeps only what it calls:
//! the Yuma passes are in the rows code alone.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

/// A profiling checkpoint: with `--features gas-trace`, the ref_time left at `$label` and the
/// 64 KiB pages of memory the call has grown to (its peak so far).
#[macro_export]
macro_rules! checkpoint {
    ($label:expr) => {
        #[cfg(all(feature = "gas-trace", target_arch = "wasm32"))]
        ink::env::debug_println!(
            "gas {} {} {}",
            $label,
            ink::env::gas_left::<ink::env::DefaultEnvironment>(),
            core::arch::wasm32::memory_size(0)
        );
    };
}

pub mod chunks;
pub mod rows;
pub mod run;
pub mod store;

use interfaces::emission::EmissionError;
use run::RunError;

impl From<RunError> for EmissionError {
    fn from(error: RunError) -> Self {
        match error {
            // Another contract answered a page that does not fit the request.
            RunError::MismatchedPage => EmissionError::RegistryCallFailed,
            RunError::Epoch(_) | RunError::MissingBonds | RunError::MissingState => {
                EmissionError::CorruptEpochState
            }
        }
    }
}
