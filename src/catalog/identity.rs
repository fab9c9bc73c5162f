//! A catalog's identity: one hash naming each loaded roadmap's source and model, so that
//! what is derived from the whole catalog and the database (stored states, `list`'s
//! rows) can be kept and found again without decoding a roadmap.
//!
//! It is built from each file's load-cache key, which hashes the build and the text:
//! equal keys mean equal models. [`identity_of_files`] computes the same hash from the
//! files alone (bundled texts by their compile-time hashes, user files by their
//! stamps), without reading a user file or a cache entry. It covers every file present,
//! so it can only equal [`Catalog::identity`] of a load in which every file loaded: a
//! file that is added, removed, edited, broken or a duplicate makes a different
//! identity (or none).

use super::cache::{Cache, Stamp, content_key};
use super::{BUNDLED, BUNDLED_HASHES, Catalog, Source, user_files};
use std::path::Path;
use xxhash_rust::xxh3::Xxh3;

/// Names this hash apart from the cache's other hashes; bump when its input changes.
const DOMAIN: &[u8] = b"waymark catalog identity 1\0";

impl Catalog {
    /// The identity of the loaded roadmaps, in order; `None` when any was loaded
    /// without the load cache (and so has no key).
    pub fn identity(&self) -> Option<u128> {
        let mut h = Xxh3::new();
        h.update(DOMAIN);
        for loaded in &self.roadmaps {
            add(&mut h, &loaded.source, loaded.key?);
        }
        Some(h.digest128())
    }
}

/// [`Catalog::identity`] of what loading the bundled roadmaps and `user_dir` would give
/// if every file loads, from the bundled texts and the user files' stamps alone. `None`
/// when a user file has no stamp in `cache` (new, just edited, never valid) or the
/// folder cannot be read: only a real load can tell what it holds.
pub fn identity_of_files(user_dir: Option<&Path>, cache: &Cache) -> Option<u128> {
    let mut h = Xxh3::new();
    h.update(DOMAIN);
    for (&(name, _), &hash) in BUNDLED.iter().zip(&BUNDLED_HASHES) {
        add(&mut h, &Source::Bundled(name), content_key(hash));
    }
    if let Some(dir) = user_dir {
        for path in user_files(dir).ok()? {
            let key = cache.stamped_key(&Stamp::of(&path)?)?;
            add(&mut h, &Source::User(path), key);
        }
    }
    Some(h.digest128())
}

fn add(h: &mut Xxh3, source: &Source, key: u128) {
    // Neither a bundled name nor a path holds a NUL, so the fields cannot run together.
    match source {
        Source::Bundled(name) => {
            h.update(b"b");
            h.update(name.as_bytes());
        }
        Source::User(path) => {
            h.update(b"u");
            h.update(path.as_os_str().as_encoded_bytes());
        }
    }
    h.update(&[0]);
    h.update(&key.to_le_bytes());
}

#[cfg(test)]
mod tests;
