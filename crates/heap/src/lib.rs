//! # heap
//!
//! ink!'s default allocator is a bump allocator: it never frees, so a contract call may
//! allocate no more than its 1 MiB of memory *in total*. The epoch of a large subnet decodes
//! its state, reads rows of 8 KiB and builds per-row vectors of up to 64 KiB, one row after
//! another: bounded at any moment, unbounded in sum. This crate installs a free-list allocator
//! (`lol_alloc`, coalescing, sorted by address) for Wasm builds, so memory is bounded by what
//! a call holds at once. A contract opts in by enabling ink!'s `no-allocator` feature and
//! linking this crate (`extern crate heap;`); host builds keep the system allocator.
#![no_std]

#[cfg(target_arch = "wasm32")]
#[global_allocator]
// SAFETY: a contract executes on one thread, so the allocator is never entered concurrently
// (which is all `AssumeSingleThreaded` asks of its caller).
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
