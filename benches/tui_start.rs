//! Start to first frame of the interface: the real binary (the bench profile's build) in
//! a pseudo-terminal, timed from spawn until a vt100 screen fed with its output shows a
//! complete frame (the header on the first row, the key footer on the last). All five
//! bundled roadmaps, opened on `backend-steps`, with an existing database and a warm load
//! cache, as on every start but the first. Target: ≤ 5 ms. Prints the median of
//! `RUNS` (default 30) runs after 3 warm-up runs.
//!
//!   cargo bench --bench tui_start

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

const ROWS: u16 = 36;
const COLS: u16 = 120;

fn main() {
    let bin = env!("CARGO_BIN_EXE_waymark");
    let home = tempfile::tempdir().expect("temp dir");
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let report = |what: &str, frame: bool| {
        let mut times: Vec<Duration> = (0..runs + 3)
            .map(|_| until_drawn(bin, home.path(), frame))
            .skip(3)
            .collect();
        times.sort();
        println!(
            "{what}: median {:.2} ms, min {:.2} ms, max {:.2} ms over {runs} runs",
            ms(times[times.len() / 2]),
            ms(times[0]),
            ms(times[times.len() - 1]),
        );
    };
    report(
        &format!("tui start → first complete frame ({COLS}x{ROWS}, bundled roadmaps, warm cache)"),
        true,
    );
    // The same harness around `waymark --version`: what starting any process costs here.
    report("floor: --version → its line on the screen", false);
}

/// From spawn until the screen shows the first complete frame (`frame`), or the
/// `--version` line.
fn until_drawn(bin: &str, home: &Path, frame: bool) -> Duration {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pseudo-terminal");
    let mut cmd = CommandBuilder::new(bin);
    cmd.env_clear();
    cmd.args(["--db".as_ref(), home.join("p.sqlite3").as_os_str()]);
    if frame {
        cmd.args(["tui", "backend-steps"]);
    } else {
        cmd.arg("--version");
    }
    for (k, v) in [
        ("HOME", home.to_path_buf()),
        ("XDG_CACHE_HOME", home.join("cache")),
        ("XDG_CONFIG_HOME", home.join("config")),
        ("XDG_DATA_HOME", home.join("data")),
    ] {
        cmd.env(k, v);
    }
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "C.UTF-8");
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let mut writer = pair.master.take_writer().expect("writer");
    let started = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).expect("spawn waymark");
    drop(pair.slave);
    let mut screen = vt100::Parser::new(ROWS, COLS, 0);
    let mut buf = vec![0u8; 1 << 16];
    let took = loop {
        let n = reader.read(&mut buf).expect("read the terminal");
        assert!(
            n > 0,
            "waymark exited before drawing:\n{}",
            screen.screen().contents()
        );
        screen.process(&buf[..n]);
        let rows: Vec<String> = screen.screen().rows(0, COLS).collect();
        let drawn = match frame {
            true => {
                rows[0].contains("Backend Roadmap in 29 Steps")
                    && rows[ROWS as usize - 1].contains("q quit")
            }
            false => rows[0].contains(env!("CARGO_PKG_VERSION")),
        };
        if drawn {
            break started.elapsed();
        }
    };
    if frame {
        writer.write_all(b"q").expect("quit");
    }
    child.wait().expect("wait");
    took
}
