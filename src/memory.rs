//! What a run does with memory, for speed: mimalloc asked the way it answers fastest,
//! transparent huge pages on only when it is known to need a big heap, and an exit that
//! skips the allocator's clean-up.
//!
//! On a VM a page fault on fresh memory is dear, and mimalloc's arena asks for huge
//! pages: a short command then zeroes a whole 2 MB page it barely uses (~1.5 ms of a
//! 3 ms `--version`). A 100k-step load, though, is a quarter faster with them. So a run
//! starts with them off, and the catalog turns them back on before it decodes a large
//! cache entry or parses a large roadmap text.

use libmimalloc_sys as mi;
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

/// The global allocator of the binary and benches: mimalloc, with plain `mi_malloc` for
/// every layout it aligns anyway. The `mimalloc` crate asks `mi_malloc_aligned` for all,
/// and in mimalloc 3 that path, whenever a size class has no free block yet (all of
/// them, in a fresh process), goes through a generic fallback that over-allocates a
/// block of the next size up: a third of the allocator's instructions in a 2,000-item
/// `list` (docs/performance.md).
pub struct Allocator;

/// Every mimalloc block is aligned to a word at least: block sizes are whole words and a
/// page's first block is 16-byte aligned.
const WORD: usize = std::mem::size_of::<usize>();

// SAFETY: each method hands the layout to the mimalloc function for it; memory from
// either `mi_malloc` or `mi_malloc_aligned` is freed by `mi_free` and resized by
// `mi_realloc(_aligned)`, which keep the alignment asked for.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as above.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_malloc(layout.size()).cast()
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as above.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_zalloc(layout.size()).cast()
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: as above.
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as above.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

/// From this size of roadmap text or cache entry on, a load is worth huge pages.
pub const LARGE_INPUT: usize = 1 << 20;

static LARGE: AtomicBool = AtomicBool::new(false);

/// Called before `main` (an `.init_array` entry in main.rs): no huge pages until
/// [`expect_large_heap`].
pub fn small_heap_first() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE takes plain integers and touches no memory of
    // ours; a kernel without it returns an error, which leaves things as they were.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// A large input is about to be decoded or parsed: allow huge pages again (once).
pub fn expect_large_heap() {
    if LARGE.swap(true, Ordering::Relaxed) {
        return;
    }
    #[cfg(target_os = "linux")]
    // SAFETY: as in `small_heap_first`.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 0, 0, 0, 0);
    }
}

/// Ends the process with `code` without the allocator's clean-up: at exit mimalloc
/// hands every page back to the kernel one `madvise` at a time (~40 calls after a
/// `list` of 2,000 items, ~1 ms here), work the kernel does at once when the process
/// ends. Call it last, when everything else is dropped; stdout is flushed first. A code
/// other than success or failure cannot be told apart, so it is returned for `main` to
/// exit the usual way.
pub fn exit_now(code: ExitCode) -> ExitCode {
    use std::io::Write as _;
    let status = if code == ExitCode::SUCCESS {
        0
    } else if code == ExitCode::FAILURE {
        1
    } else {
        return code;
    };
    // A closed pipe or full disk: the command already reported what it could.
    let _ = std::io::stdout().lock().flush();
    // SAFETY: `_exit` ends the process at once; nothing runs after it, so nothing can
    // observe memory it leaves behind.
    unsafe { libc::_exit(status) }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    fn thp_disabled() -> i32 {
        // SAFETY: PR_GET_THP_DISABLE only returns the flag.
        unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) }
    }

    #[test]
    fn every_block_has_the_alignment_asked_and_keeps_its_bytes_when_resized() {
        let a = Allocator;
        for size in [1, 3, 8, 13, 24, 40, 100, 1000, 5000, 70_000] {
            for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: a non-zero size; each block is freed once, with its layout.
                unsafe {
                    let zeroed = a.alloc_zeroed(layout);
                    assert_eq!(zeroed as usize % align, 0, "zeroed {size}/{align}");
                    assert!((0..size).all(|i| *zeroed.add(i) == 0));
                    a.dealloc(zeroed, layout);

                    let p = a.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "{size}/{align}");
                    for i in 0..size {
                        *p.add(i) = i as u8;
                    }
                    let grown = a.realloc(p, layout, size * 3);
                    assert_eq!(grown as usize % align, 0, "grown {size}/{align}");
                    assert!((0..size).all(|i| *grown.add(i) == i as u8));
                    let bigger = Layout::from_size_align(size * 3, align).unwrap();
                    a.dealloc(grown, bigger);
                }
            }
        }
    }

    #[test]
    fn an_exit_code_other_than_success_or_failure_is_handed_back() {
        // Success and failure end the process; any other code returns to `main`.
        assert!(exit_now(ExitCode::from(3)) == ExitCode::from(3));
    }

    #[test]
    fn huge_pages_start_off_and_come_back_for_a_large_load() {
        small_heap_first();
        assert_eq!(thp_disabled(), 1);
        expect_large_heap();
        assert_eq!(thp_disabled(), 0);
        // Once on, a second call (another large roadmap) changes nothing.
        expect_large_heap();
        assert_eq!(thp_disabled(), 0);
    }
}
