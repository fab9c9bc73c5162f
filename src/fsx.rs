//! Writing a user-visible file safely. A leaf module: any layer may use it.
//!
//! [`write_atomic`] decides by what is at the path *now*:
//! - nothing, or a regular file: the bytes go to a temporary file created exclusively,
//!   with an unpredictable name, in the same folder (the `tempfile` crate), are fsynced,
//!   and the temporary file is renamed over the path. Readers see the old or the new
//!   content, never a mix; a crash leaves the old file. A replaced file keeps its
//!   permission bits.
//! - a symbolic link: followed to its final target, which is replaced as above; the link
//!   stays a link.
//! - a FIFO or a character device (`/dev/null`, a terminal), or `-` for standard output:
//!   written into directly, since replacing them would be wrong.
//! - anything else (a folder, a socket, a block device): refused, nothing is written.
//!
//! [`read_input`] reads a file a user hands in (`import FILE`): only a regular file, or
//! `-` for standard input, and at most [`MAX_INPUT_BYTES`].

use std::fs;
use std::io::{self, Read, Write};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// How many symbolic links are followed before giving up (as Linux's `MAXSYMLINKS`).
const MAX_LINKS: usize = 40;

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}: refusing to write: {why}; nothing was written", path.display())]
    Refused { path: PathBuf, why: &'static str },
    // The cause is part of the message, not a `source`, so `{:#}` chains print it once.
    #[error("{}: cannot {doing}: {cause}", path.display())]
    Io {
        path: PathBuf,
        doing: &'static str,
        cause: io::Error,
    },
}

/// The largest input file read whole (64 MiB): far above any real export, far below
/// what would exhaust memory.
pub const MAX_INPUT_BYTES: u64 = 64 << 20;

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{}: refusing to read: {why}", path.display())]
    Refused { path: PathBuf, why: String },
    #[error("{}: cannot read it: {cause}", path.display())]
    Io { path: PathBuf, cause: io::Error },
}

/// Reads a whole input file, or standard input for `-`, refusing anything that is not a
/// regular file (a FIFO or a device could block or never end) and anything over `limit`
/// bytes.
pub fn read_input(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let io_err = |cause| ReadError::Io {
        path: path.to_path_buf(),
        cause,
    };
    let too_big = || ReadError::Refused {
        path: path.to_path_buf(),
        why: format!("it is larger than the limit of {} MiB", limit >> 20),
    };
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(io_err)?;
    } else {
        // Checked before opening: opening a FIFO for reading blocks until a writer comes.
        let meta = fs::metadata(path).map_err(io_err)?;
        if !meta.is_file() {
            return Err(ReadError::Refused {
                path: path.to_path_buf(),
                why: if meta.is_dir() {
                    "it is a folder".into()
                } else {
                    "it is not a regular file (a FIFO, device or socket)".into()
                },
            });
        }
        if meta.len() > limit {
            return Err(too_big());
        }
        // The file may grow between the check and the read: the cap holds regardless.
        fs::File::open(path)
            .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
            .map_err(io_err)?;
    }
    if bytes.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(bytes)
}

/// Where [`write_atomic`] put the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// A regular file (after following any symlinks), replaced atomically.
    File(PathBuf),
    /// Straight into a FIFO, a character device or standard output.
    Stream,
}

/// Writes `bytes` to `path` as described in the module docs.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<Written, WriteError> {
    if path == Path::new("-") {
        return write_stdout(bytes).map(|()| Written::Stream);
    }
    let target = resolve_links(path)?;
    let meta = match fs::symlink_metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(io_err(&target, "inspect", e)),
    };
    match meta {
        None => replace_file(&target, bytes, None).map(|()| Written::File(target)),
        Some(m) if m.is_file() => {
            let mode = m.permissions().mode() & 0o7777;
            replace_file(&target, bytes, Some(mode)).map(|()| Written::File(target))
        }
        Some(m) if m.file_type().is_fifo() || m.file_type().is_char_device() => {
            write_into(&target, bytes).map(|()| Written::Stream)
        }
        Some(m) => Err(WriteError::Refused {
            path: path.to_path_buf(),
            why: if m.is_dir() {
                "it is a folder"
            } else if m.file_type().is_socket() {
                "it is a socket"
            } else if m.file_type().is_block_device() {
                "it is a block device"
            } else {
                "it is not a regular file"
            },
        }),
    }
}

fn io_err(path: &Path, doing: &'static str, cause: io::Error) -> WriteError {
    WriteError::Io {
        path: path.to_path_buf(),
        doing,
        cause,
    }
}

/// Follows symbolic links at `path` (only the last component: a rename in the parent
/// folder is what replaces a file) to the path that is not a link. A dangling link
/// resolves to its missing target, which is then created.
fn resolve_links(path: &Path) -> Result<PathBuf, WriteError> {
    let mut p = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&p).map_err(|e| io_err(&p, "read the link", e))?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(WriteError::Refused {
        path: path.to_path_buf(),
        why: "too many levels of symbolic links",
    })
}

/// Temp file beside `path`, fsync, rename over it, fsync the folder.
fn replace_file(path: &Path, bytes: &[u8], mode: Option<u32>) -> Result<(), WriteError> {
    let name = path.file_name().ok_or(WriteError::Refused {
        path: path.to_path_buf(),
        why: "it does not name a file",
    })?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(name);
    prefix.push(".");
    // A new file gets 0666 less the umask, like any program's output; a replaced file
    // keeps its bits (tempfile's own default, 0600, would silently narrow them).
    let perms = fs::Permissions::from_mode(mode.unwrap_or(0o666));
    let mut tmp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        .permissions(perms.clone())
        .tempfile_in(dir)
        .map_err(|e| io_err(path, "create a temporary file for", e))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| io_err(path, "write", e))?;
    if mode.is_some() {
        // The umask applied at creation: restore the exact bits of the file replaced.
        let _ = tmp.as_file().set_permissions(perms);
    }
    tmp.persist(path)
        .map_err(|e| io_err(path, "replace", e.error))?;
    // The rename is durable once the folder is synced; failing that is not worth an error.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn write_into(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let mut f = fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|e| io_err(path, "open", e))?;
    f.write_all(bytes)
        .and_then(|()| f.flush())
        .map_err(|e| io_err(path, "write", e))
}

fn write_stdout(bytes: &[u8]) -> Result<(), WriteError> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        // `… -o - | head`: the reader had enough, not an error.
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(io_err(Path::new("-"), "write to standard output", e))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn new_and_replaced_files_keep_sensible_modes() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.txt");
        assert_eq!(write_atomic(&p, b"one").unwrap(), Written::File(p.clone()));
        assert_eq!(fs::read(&p).unwrap(), b"one");
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_chain_of_links_replaces_the_final_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.txt");
        fs::write(&target, "old").unwrap();
        symlink("real.txt", dir.path().join("a")).unwrap();
        symlink(dir.path().join("a"), dir.path().join("b")).unwrap();
        write_atomic(&dir.path().join("b"), b"new").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert!(
            fs::symlink_metadata(dir.path().join("b"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    #[test]
    fn a_dangling_link_creates_its_target_and_a_loop_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        symlink("made.txt", dir.path().join("l")).unwrap();
        write_atomic(&dir.path().join("l"), b"x").unwrap();
        assert_eq!(fs::read(dir.path().join("made.txt")).unwrap(), b"x");
        symlink("loop2", dir.path().join("loop1")).unwrap();
        symlink("loop1", dir.path().join("loop2")).unwrap();
        let e = write_atomic(&dir.path().join("loop1"), b"x").unwrap_err();
        assert!(e.to_string().contains("symbolic links"), "{e}");
    }

    #[test]
    fn character_devices_are_written_into_and_folders_refused() {
        assert_eq!(
            write_atomic(Path::new("/dev/null"), b"x").unwrap(),
            Written::Stream
        );
        let dir = tempfile::tempdir().unwrap();
        let e = write_atomic(dir.path(), b"x").unwrap_err();
        assert!(e.to_string().contains("it is a folder"), "{e}");
    }
}
