//! What a run does with memory, for speed: transparent huge pages on only when it is
//! known to need a big heap, and an exit that skips the allocator's clean-up.
//!
//! On a VM a page fault on fresh memory is dear, and mimalloc's arena asks for huge
//! pages: a short command then zeroes a whole 2 MB page it barely uses (~1.5 ms of a
//! 3 ms `--version`). A 100k-step load, though, is a quarter faster with them. So a run
//! starts with them off, and the catalog turns them back on before it decodes a large
//! cache entry or parses a large roadmap text.

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

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
