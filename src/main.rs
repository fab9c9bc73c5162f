// mimalloc: a command allocates thousands of small strings when it loads the catalog;
// glibc's malloc/free were a third of a `waymark list` (docs/performance.md).
#[global_allocator]
static GLOBAL: waymark::memory::Allocator = waymark::memory::Allocator;

// Huge pages off before Rust's runtime makes its first allocation: in `main` is too
// late, that allocation has already faulted in a whole 2 MB page of mimalloc's arena
// (src/memory.rs). Entries of `.init_array` run before `main`'s runtime set-up.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static SMALL_HEAP_FIRST: extern "C" fn() = {
    extern "C" fn small_heap_first() {
        waymark::memory::small_heap_first();
    }
    small_heap_first
};

fn main() -> std::process::ExitCode {
    waymark::memory::exit_now(waymark::run())
}
