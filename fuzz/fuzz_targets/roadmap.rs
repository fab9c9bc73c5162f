//! The roadmap loader on any text: never panics; a roadmap that loads renders through
//! the problem renderer, and every problem has a position inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(problems) = waymark::catalog::parse_roadmap(text) {
        assert!(!problems.is_empty());
        for p in &problems {
            assert!(p.span.start <= text.len(), "{p:?}");
        }
        let _ = waymark::catalog::render_problems("f.toml", text, &problems);
    }
});
