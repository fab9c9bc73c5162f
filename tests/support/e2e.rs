//! Shared by `e2e_pty`: the real `waymark` binary in a pseudo-terminal, its output fed to
//! a `vt100` screen, polled with a deadline. Each session owns a temp folder (database,
//! `HOME`, XDG dirs) and kills its child if a test fails.

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// How long any one wait may take before the test fails with the screen.
pub const TIMEOUT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(20);

pub const ESC: &str = "\x1b";
pub const ENTER: &str = "\r";

/// A temp folder holding the database and standing in for `HOME` and the XDG dirs.
pub struct Sandbox {
    pub dir: TempDir,
    pub db: PathBuf,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("p.sqlite3");
        Sandbox { dir, db }
    }

    fn home(&self) -> &Path {
        self.dir.path()
    }

    /// The clean environment every run gets: nothing of the real user leaks in.
    fn env(&self) -> Vec<(&'static str, PathBuf)> {
        let h = self.home();
        vec![
            ("HOME", h.to_path_buf()),
            ("XDG_DATA_HOME", h.join("xdg-data")),
            ("XDG_CONFIG_HOME", h.join("xdg-config")),
            ("XDG_CACHE_HOME", h.join("xdg-cache")),
            ("TMPDIR", h.to_path_buf()),
        ]
    }

    /// `waymark --db <tmp>/p.sqlite3 ARGS` in a `cols`×`rows` pseudo-terminal.
    pub fn spawn(&self, args: &[&str], cols: u16, rows: u16) -> Tui {
        self.spawn_with(args, cols, rows, None)
    }

    /// Like [`Sandbox::spawn`], and resizes the terminal from the reader thread the moment
    /// the output first contains `early.0`: while the program is still drawing its first
    /// frame, before a test could react.
    pub fn spawn_with(
        &self,
        args: &[&str],
        cols: u16,
        rows: u16,
        early: Option<EarlyResize>,
    ) -> Tui {
        self.spawn_full(args, &[], cols, rows, early)
    }

    /// Like [`Sandbox::spawn`], with extra environment variables (`BROWSER`, `TERM`).
    pub fn spawn_env(&self, args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Tui {
        self.spawn_full(args, env, cols, rows, None)
    }

    fn spawn_full(
        &self,
        args: &[&str],
        extra: &[(&str, &str)],
        cols: u16,
        rows: u16,
        early: Option<EarlyResize>,
    ) -> Tui {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_waymark"));
        cmd.arg("--db");
        cmd.arg(&self.db);
        cmd.args(args);
        cmd.env_clear();
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env("TZ", "UTC");
        for (k, v) in self.env() {
            cmd.env(k, v);
        }
        for (k, v) in extra {
            cmd.env(k, v);
        }
        cmd.cwd(self.home());
        Tui::spawn(cmd, cols, rows, early)
    }

    /// Runs `waymark --db <tmp>/p.sqlite3 ARGS` outside a terminal; must succeed.
    pub fn run(&self, args: &[&str]) -> String {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_waymark"));
        cmd.arg("--db").arg(&self.db).args(args).env_clear();
        cmd.env("LANG", "C.UTF-8").env("TZ", "UTC");
        for (k, v) in self.env() {
            cmd.env(k, v);
        }
        let out = cmd.current_dir(self.home()).output().unwrap();
        assert!(
            out.status.success(),
            "waymark {args:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

/// Resize to `cols`×`rows` as soon as `after` appears in the output.
pub struct EarlyResize {
    pub after: &'static str,
    pub cols: u16,
    pub rows: u16,
}

/// What the reader thread has seen: every byte, and the screen they draw.
struct Output {
    parser: vt100::Parser,
    raw: Vec<u8>,
}

/// One run of the binary in a pseudo-terminal.
pub struct Tui {
    child: Box<dyn Child + Send + Sync>,
    master: Arc<Mutex<Box<dyn MasterPty + Send>>>,
    writer: Box<dyn Write + Send>,
    out: Arc<Mutex<Output>>,
}

impl Tui {
    fn spawn(cmd: CommandBuilder, cols: u16, rows: u16, mut early: Option<EarlyResize>) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let child = pair.slave.spawn_command(cmd).expect("spawn waymark");
        // Only the child keeps the slave open, so the reader sees EOF when it exits.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let out = Arc::new(Mutex::new(Output {
            parser: vt100::Parser::new(rows, cols, 0),
            raw: Vec::new(),
        }));
        let master = Arc::new(Mutex::new(pair.master));
        let sink = Arc::clone(&out);
        let pty = Arc::clone(&master);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let mut o = sink.lock().unwrap();
                        o.raw.extend_from_slice(&buf[..n]);
                        o.parser.process(&buf[..n]);
                        if let Some(e) = early.take_if(|e| contains(&o.raw, e.after.as_bytes())) {
                            resize(&mut o.parser, &pty, e.cols, e.rows);
                        }
                    }
                }
            }
        });
        Tui {
            child,
            master,
            writer,
            out,
        }
    }

    /// The screen as text, one line per row.
    pub fn screen(&self) -> String {
        self.out.lock().unwrap().parser.screen().contents()
    }

    /// Applies `f` to the current vt100 screen.
    pub fn with_screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(self.out.lock().unwrap().parser.screen())
    }

    /// How many bytes the program has written so far.
    pub fn raw_len(&self) -> usize {
        self.out.lock().unwrap().raw.len()
    }

    /// The bytes written from `from` on.
    pub fn raw_since(&self, from: usize) -> Vec<u8> {
        self.out.lock().unwrap().raw[from..].to_vec()
    }

    /// Types `keys` as the terminal would send them.
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits until the screen satisfies `pred`; fails with `what` and the screen.
    pub fn wait_for(&mut self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                // One more look: the last bytes may have arrived with the exit.
                std::thread::sleep(Duration::from_millis(100));
                let s = self.screen();
                if pred(&s) {
                    return s;
                }
                panic!("waymark exited ({status:?}) while waiting for {what}; screen:\n{s}");
            }
            if start.elapsed() > TIMEOUT {
                panic!("timed out after {TIMEOUT:?} waiting for {what}; screen:\n{s}");
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits until the screen shows `text`.
    pub fn wait_text(&mut self, text: &str) -> String {
        self.wait_for(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Waits until the screen no longer shows `text`.
    pub fn wait_gone(&mut self, text: &str) -> String {
        self.wait_for(&format!("{text:?} to go away"), |s| !s.contains(text))
    }

    /// Waits until the bytes written from `from` on contain `needle`.
    pub fn wait_raw(&mut self, from: usize, needle: &[u8]) {
        let start = Instant::now();
        while !contains(&self.raw_since(from), needle) {
            if start.elapsed() > TIMEOUT {
                panic!(
                    "timed out waiting for {:?} in the output; after {from}: {:?}",
                    String::from_utf8_lossy(needle),
                    String::from_utf8_lossy(&self.raw_since(from))
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Resizes the terminal (the program gets SIGWINCH) and the screen model with it.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        let mut o = self.out.lock().unwrap();
        resize(&mut o.parser, &self.master, cols, rows);
    }

    /// The program's process id (it runs directly in the terminal, no shell between).
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a running child has a pid")
    }

    /// Waits for the program to exit; returns its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            if start.elapsed() > TIMEOUT {
                panic!(
                    "waymark did not exit within {TIMEOUT:?}; screen:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// The terminal's line settings as `stty -a` prints them (`icanon`, `-echo`, …), or
    /// `None` where `stty` is not available.
    pub fn stty(&self) -> Option<Vec<String>> {
        let tty = self.master.lock().unwrap().tty_name()?;
        let out = std::process::Command::new("stty")
            .arg("-F")
            .arg(&tty)
            .arg("-a")
            .output()
            .ok()?;
        out.status.success().then(|| {
            String::from_utf8_lossy(&out.stdout)
                .split(|c: char| c.is_whitespace() || c == ';')
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect()
        })
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        // A failed test must not leave the program running.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Resizes the screen model, then the terminal: bytes read after this are at the new size.
fn resize(
    parser: &mut vt100::Parser,
    master: &Mutex<Box<dyn MasterPty + Send>>,
    cols: u16,
    rows: u16,
) {
    parser.screen_mut().set_size(rows, cols);
    master
        .lock()
        .unwrap()
        .resize(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
}

pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// `(done, counted)` from the header's `12/29 done`.
pub fn done_counter(screen: &str) -> Option<(u32, u32)> {
    screen.lines().find_map(|line| {
        let at = line.find(" done")?;
        let before = line[..at].split_whitespace().last()?;
        let (d, c) = before.split_once('/')?;
        Some((d.parse().ok()?, c.parse().ok()?))
    })
}

/// The OSC 52 "copy to clipboard" sequence for `text`, built here independently of the
/// program (base64 between `ESC ] 52 ; c ;` and BEL).
pub fn osc52(text: &str) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(text);
    format!("\x1b]52;c;{b64}\x07")
}
