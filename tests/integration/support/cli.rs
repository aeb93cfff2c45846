//! Runs the built `skyauth` binary as a user would: arguments, bytes on stdin, and the whole
//! output back. Shared by the CLI tests (`mod support;` then `support::cli::skyauth`).

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// `skyauth ARGS` with `stdin` piped in.
pub fn skyauth(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_skyauth"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run skyauth");
    // A run that fails on its flags exits before reading stdin: a broken pipe is then expected.
    match child.stdin.take().expect("stdin").write_all(stdin) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            panic!("write stdin: {error}")
        }
        _ => {}
    }
    child.wait_with_output().expect("wait")
}
