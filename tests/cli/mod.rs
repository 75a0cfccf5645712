//! The `bordin` example CLI run as a subprocess on the bundled files (issue 7).
//!
//! The binary is the one `cargo test` builds from `examples/bordin/`; it is
//! found next to this test executable, as `csv:tests/tests.rs`
//! (`cmd_for_example`) does. Golden files live in `tests/fixtures/cli/`;
//! `BORDIN_BLESS=1 cargo test cli::` rewrites them from the current binary —
//! check every change by hand before committing it (see the comments at each
//! golden test for what was checked and against which source).

mod reliability;
mod score;
mod trend;
mod usage;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The crate root: every path given to the CLI is relative to it.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/cli/<name>`.
fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/cli").join(name)
}

/// `target/<profile>/deps/integration-…` → `target/<profile>/examples/bordin`.
fn binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable's path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test executable lives in target/<profile>/deps");
    let bin = profile_dir
        .join("examples")
        .join(format!("bordin{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.is_file(),
        "the example binary {} is missing: run `cargo test` (which builds the examples) \
         or `cargo build --examples` first",
        bin.display()
    );
    bin
}

/// What a run of the CLI gave.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Asserts the exit code, showing stderr when it differs.
    #[track_caller]
    fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code {} (want {code})\nstderr:\n{}",
            self.code, self.stderr
        );
        self
    }

    /// The stdout lines parsed as JSON values.
    fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }

    /// The whole stdout parsed as one JSON value.
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// Runs `bordin ARGS` in the crate root with an empty standard input.
fn run(args: &[&str]) -> Run {
    run_with_stdin(args, None)
}

/// Runs `bordin ARGS` in the crate root, feeding `stdin` if given.
fn run_with_stdin(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(binary())
        .args(args)
        .current_dir(root())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the bordin example");
    // Standard input is written from another thread while this one reads the
    // output: the CLI streams, so neither pipe may fill up and block the other.
    let writer = stdin.map(|input| {
        let mut pipe = child.stdin.take().unwrap();
        let input = input.to_vec();
        std::thread::spawn(move || pipe.write_all(&input))
    });
    let out = child.wait_with_output().expect("wait for bordin");
    if let Some(w) = writer {
        w.join().unwrap().expect("write standard input");
    }
    Run {
        code: out.status.code().expect("bordin ended by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Compares `actual` with the golden file `tests/fixtures/cli/<name>` byte for
/// byte; with `BORDIN_BLESS=1` writes it instead.
#[track_caller]
fn assert_golden(name: &str, actual: &str) {
    let path = fixture(name);
    if std::env::var_os("BORDIN_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (BORDIN_BLESS=1 writes it; check it by hand)",
            path.display()
        )
    });
    if want == actual {
        return;
    }
    let (want_lines, got_lines): (Vec<&str>, Vec<&str>) =
        (want.lines().collect(), actual.lines().collect());
    let first = want_lines
        .iter()
        .zip(&got_lines)
        .position(|(w, g)| w != g)
        .unwrap_or(want_lines.len().min(got_lines.len()));
    panic!(
        "output differs from {} at line {} ({} vs {} lines)\n want: {}\n  got: {}",
        path.display(),
        first + 1,
        want_lines.len(),
        got_lines.len(),
        want_lines.get(first).unwrap_or(&"<end>"),
        got_lines.get(first).unwrap_or(&"<end>"),
    );
}

/// A fresh directory under `std::env::temp_dir()`, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("bordin-cli-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A path as a `&str` argument.
fn arg(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}
