use super::*;
use crate::catalog::load_with;
use std::fs;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

fn roadmap(id: &str, title: &str) -> String {
    format!(
        "id = \"{id}\"\ntitle = \"{title}\"\n[[phases]]\nid = \"p\"\ntitle = \"P\"\n\
         [[steps]]\nid = \"one\"\ntitle = \"One\"\nphase = \"p\"\n"
    )
}

/// Writes `text` to `dir/name`, dated an hour ago so that a load stamps it.
fn settled(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
    path
}

struct Env {
    _tmp: tempfile::TempDir,
    user: PathBuf,
    cache: Cache,
}

fn env() -> Env {
    let tmp = tempfile::tempdir().unwrap();
    let user = tmp.path().join("roadmaps");
    fs::create_dir(&user).unwrap();
    let cache = Cache::new(tmp.path().join("cache"));
    Env {
        _tmp: tmp,
        user,
        cache,
    }
}

impl Env {
    fn loaded(&self) -> Catalog {
        load_with(Some(&self.user), &[], Some(&self.cache))
    }

    fn of_files(&self) -> Option<u128> {
        identity_of_files(Some(&self.user), &self.cache)
    }
}

#[test]
fn the_files_identity_is_the_loaded_catalogs_once_every_user_file_is_stamped() {
    let e = env();
    settled(&e.user, "a.toml", &roadmap("a", "A"));
    settled(&e.user, "b.toml", &roadmap("b", "B"));
    // Not stamped before its first load: only a load can say what it holds.
    assert_eq!(e.of_files(), None);
    let cat = e.loaded();
    assert_eq!(cat.cache.stamps_written, 2);
    assert!(cat.identity().is_some());
    assert_eq!(e.of_files(), cat.identity());
    // Found by stamps the second time: the same identity.
    let again = e.loaded();
    assert_eq!(again.cache.stamp_hits, 2);
    assert_eq!(again.identity(), cat.identity());
}

#[test]
fn bundled_roadmaps_alone_have_an_identity_without_any_load() {
    let e = env();
    assert_eq!(e.of_files(), e.loaded().identity());
    assert_eq!(
        identity_of_files(None, &e.cache),
        load_with(None, &[], Some(&e.cache)).identity()
    );
    // An empty folder adds nothing.
    assert_eq!(identity_of_files(None, &e.cache), e.of_files());
}

#[test]
fn an_edit_an_added_file_or_a_removed_one_changes_the_identity() {
    let e = env();
    settled(&e.user, "a.toml", &roadmap("a", "A"));
    let first = e.loaded().identity();

    settled(&e.user, "a.toml", &roadmap("a", "A, retitled"));
    assert_eq!(e.of_files(), None, "the edited file is not stamped yet");
    let edited = e.loaded().identity();
    assert_ne!(edited, first);
    assert_eq!(e.of_files(), edited);

    let b = settled(&e.user, "b.toml", &roadmap("b", "B"));
    let added = e.loaded().identity();
    assert_ne!(added, edited);
    assert_eq!(e.of_files(), added);

    fs::remove_file(b).unwrap();
    assert_eq!(e.of_files(), edited);
    assert_eq!(e.loaded().identity(), edited);
}

#[test]
fn a_file_that_does_not_load_never_matches() {
    let e = env();
    settled(&e.user, "a.toml", &roadmap("a", "A"));
    // Valid on its own, so stamped, but its id is taken: it is reported, not loaded.
    settled(&e.user, "b.toml", &roadmap("a", "Another A"));
    let cat = e.loaded();
    assert_eq!(cat.reports.len(), 1);
    assert_eq!(cat.roadmaps.len(), BUNDLED.len() + 1);
    assert_ne!(e.of_files(), cat.identity());

    // A broken file is never stamped.
    settled(&e.user, "c.toml", "id = ");
    e.loaded();
    assert_eq!(e.of_files(), None);
}

#[test]
fn a_catalog_loaded_without_the_cache_has_no_identity() {
    let e = env();
    assert_eq!(load_with(Some(&e.user), &[], None).identity(), None);
}
