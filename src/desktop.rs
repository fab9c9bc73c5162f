//! The world outside the terminal: opening a link in a browser (`o`) and copying text to
//! the clipboard (`y`). Choosing the command and building the clipboard sequence are pure
//! functions, tested without a browser or a terminal; the runtime does the I/O.

use base64::Engine;
use std::io::{self, Write};
use std::process::{Command, Stdio};

/// The commands to try, in order, to open `url`: each entry of `$BROWSER` (a
/// colon-separated list, as the `$BROWSER` convention and Python's `webbrowser` read it),
/// then the platform's opener (`open` on macOS, `xdg-open` elsewhere). Each command is an
/// argument vector: an entry is split on whitespace, `%s` in it becomes the URL and `%%`
/// a `%`; an entry without `%s` gets the URL as its last argument. The URL is always one
/// argument of its own and never passes through a shell.
///
/// `env` reads an environment variable (a closure, so tests pass a table). The one place
/// that decides the opener: a configured `open_command` belongs here too.
pub fn open_command_for(url: &str, env: impl Fn(&str) -> Option<String>) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = env("BROWSER")
        .unwrap_or_default()
        .split(':')
        .filter_map(|entry| browser_entry(entry, url))
        .collect();
    let platform = vec![PLATFORM_OPENER.to_string(), url.to_string()];
    if !out.contains(&platform) {
        out.push(platform);
    }
    out
}

/// The system's URL opener.
pub const PLATFORM_OPENER: &str = if cfg!(target_os = "macos") {
    "open"
} else {
    "xdg-open"
};

fn browser_entry(entry: &str, url: &str) -> Option<Vec<String>> {
    let words: Vec<&str> = entry.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let mut substituted = false;
    let mut argv: Vec<String> = words
        .iter()
        .map(|w| {
            // `%%` is a literal `%`; split on it first so `%%s` stays `%s`, not the URL.
            w.split("%%")
                .map(|part| {
                    substituted |= part.contains("%s");
                    part.replace("%s", url)
                })
                .collect::<Vec<_>>()
                .join("%")
        })
        .collect();
    if !substituted {
        argv.push(url.to_string());
    }
    Some(argv)
}

/// Opens `url` with the first command of [`open_command_for`] that starts, detached: it
/// never blocks and never writes to the screen. The error names every command tried and
/// why it did not start: "could not run `firefox`: not found".
/// The config's `open_command` (its arguments, then the URL) goes first.
pub fn open_url(url: &str, configured: Option<&[String]>) -> Result<(), String> {
    let mut commands: Vec<Vec<String>> = configured
        .filter(|c| !c.is_empty())
        .map(|c| c.iter().cloned().chain([url.to_string()]).collect())
        .into_iter()
        .collect();
    commands.extend(open_command_for(url, |k| std::env::var(k).ok()));
    spawn_first(commands)
}

fn spawn_first(commands: Vec<Vec<String>>) -> Result<(), String> {
    let mut failures = Vec::new();
    for argv in commands {
        let Some((program, args)) = argv.split_first() else {
            continue;
        };
        let spawned = Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        match spawned {
            Ok(mut child) => {
                // Reap it in the background so it never lingers as a zombie.
                std::thread::spawn(move || child.wait());
                return Ok(());
            }
            Err(e) => failures.push(format!("could not run `{program}`: {}", reason(&e))),
        }
    }
    Err(failures.join("; "))
}

fn reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "not found".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// The OSC 52 sequence that asks the terminal to put `text` on the clipboard: works over
/// SSH, since the terminal on the user's own machine does the copying. The text travels
/// base64-encoded, so nothing in it can act as a control sequence.
pub fn osc52(text: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(text);
    format!("\x1b]52;c;{b64}\x07")
}

/// Writes the OSC 52 sequence for `text` to `out` (the terminal) and flushes it.
pub fn copy_to_clipboard(out: &mut impl Write, text: &str) -> io::Result<()> {
    out.write_all(osc52(text).as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://example.com/a?b=1;c";

    fn cmds(browser: Option<&str>) -> Vec<Vec<String>> {
        open_command_for(URL, |k| {
            assert_eq!(k, "BROWSER", "only $BROWSER is read");
            browser.map(str::to_string)
        })
    }

    fn argv(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn browser_entries_then_the_platform_opener() {
        let opener = argv(&[PLATFORM_OPENER, URL]);
        let table: &[(Option<&str>, Vec<Vec<String>>)] = &[
            (None, vec![opener.clone()]),
            (Some(""), vec![opener.clone()]),
            (
                Some("firefox"),
                vec![argv(&["firefox", URL]), opener.clone()],
            ),
            (
                Some("firefox -new-tab %s:w3m"),
                vec![
                    argv(&["firefox", "-new-tab", URL]),
                    argv(&["w3m", URL]),
                    opener.clone(),
                ],
            ),
            // `%s` inside a word, `%%` as a literal percent sign.
            (
                Some("open-it --url=%s --pct=100%%"),
                vec![
                    argv(&["open-it", &format!("--url={URL}"), "--pct=100%"]),
                    opener.clone(),
                ],
            ),
            (
                Some("lit %%s"),
                vec![argv(&["lit", "%s", URL]), opener.clone()],
            ),
            // Empty entries are skipped; the platform opener is not tried twice.
            (Some(&format!("::{PLATFORM_OPENER}:")), vec![opener.clone()]),
        ];
        for (browser, want) in table {
            assert_eq!(&cmds(*browser), want, "BROWSER={browser:?}");
        }
    }

    #[test]
    fn a_missing_command_is_named_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-browser");
        let missing = missing.to_str().unwrap();
        let err = spawn_first(vec![argv(&[missing, URL]), argv(&["/", URL])]).unwrap_err();
        assert_eq!(
            err,
            format!("could not run `{missing}`: not found; could not run `/`: permission denied")
        );
    }

    #[test]
    fn osc52_is_base64_between_the_osc_and_bel() {
        assert_eq!(osc52("hi"), "\x1b]52;c;aGk=\x07");
        let evil = osc52("a\x1b]0;x\x07b");
        assert_eq!(evil.matches('\x1b').count(), 1);
        assert_eq!(evil.matches('\x07').count(), 1);
        let mut out = Vec::new();
        copy_to_clipboard(&mut out, "backend-steps/http-and-https").unwrap();
        assert_eq!(
            out,
            b"\x1b]52;c;YmFja2VuZC1zdGVwcy9odHRwLWFuZC1odHRwcw==\x07"
        );
    }
}
