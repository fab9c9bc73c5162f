// mimalloc: a command allocates thousands of small strings when it loads the catalog;
// glibc's malloc/free were a third of a `waymark list` (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    waymark::memory::small_heap_first();
    waymark::run()
}
