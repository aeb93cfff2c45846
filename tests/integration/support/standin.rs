//! A stand-in `kubectl` for running the verify script for real: a small sh script that answers
//! `kubectl auth can-i` from a table the test computes with the project's own RBAC evaluator,
//! checks the impersonation and `--context` it was given, and can play a cluster that refuses
//! impersonation or cannot be reached.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use skyauth::audit::{Audit, Permission, Scope};

/// How the stand-in behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Answers from the table.
    Answer,
    /// Every call fails as kubectl does when the caller may not impersonate.
    RefuseImpersonation,
    /// Every call fails as kubectl does when the API server cannot be reached.
    Unreachable,
}

const KUBECTL: &str = r#"#!/bin/sh
# Stand-in for `kubectl auth can-i`: answers from "$STANDIN_TABLE" (lines `yes|no KEY`).
case $STANDIN_MODE in
  refuse)
    printf 'Error from server (Forbidden): users "%s" is forbidden: User "me" cannot impersonate resource "users" in API group "" at the cluster scope\n' "$STANDIN_EXPECT_AS" >&2
    exit 1 ;;
  unreachable)
    printf 'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?\n' >&2
    exit 1 ;;
esac
if [ "$1" != auth ] || [ "$2" != can-i ]; then
  printf 'stand-in: not auth can-i: %s\n' "$*" >&2
  exit 3
fi
shift 2
verb= resource= sub= scope= as= group= context=
while [ $# -gt 0 ]; do
  case $1 in
    --as=*) as=${1#--as=} ;;
    --as-group=*) group=${1#--as-group=} ;;
    --subresource=*) sub=${1#--subresource=} ;;
    -n) scope=$2; shift ;;
    -A) scope=cluster-wide ;;
    --context) context=$2; shift ;;
    -*) printf 'stand-in: unexpected flag %s\n' "$1" >&2; exit 3 ;;
    *)
      if [ -z "$verb" ]; then verb=$1
      elif [ -z "$resource" ]; then resource=$1
      else printf 'stand-in: extra argument %s\n' "$1" >&2; exit 3
      fi ;;
  esac
  shift
done
if [ "$as" != "$STANDIN_EXPECT_AS" ] || [ "$group" != "$STANDIN_EXPECT_GROUP" ] \
  || [ "$context" != "$STANDIN_EXPECT_CONTEXT" ]; then
  printf 'stand-in: wrong identity or context: as=%s group=%s context=%s\n' "$as" "$group" "$context" >&2
  exit 3
fi
key="$verb $resource $sub $scope"
while IFS= read -r line; do
  case $line in
    "yes $key") echo yes; exit 0 ;;
    "no $key") echo no; exit 1 ;;
  esac
done < "$STANDIN_TABLE"
printf 'stand-in: no answer for: %s\n' "$key" >&2
exit 3
"#;

/// The stand-in's key for a permission, written from kubectl's documented forms
/// (`RESOURCE.GROUP/NAME`, `--subresource`, `-n NS` or `-A`) independently of the generator.
pub fn key(permission: &Permission) -> String {
    let (resource, sub) = permission
        .resource
        .split_once('/')
        .unwrap_or((permission.resource, ""));
    let mut target = match permission.group {
        "" | "*" => resource.to_owned(),
        group => format!("{resource}.{group}"),
    };
    if let Some(name) = permission.resource_name {
        target += &format!("/{name}");
    }
    let scope = match &permission.scope {
        Scope::Namespace(namespace) => namespace.clone(),
        Scope::Cluster => "cluster-wide".to_owned(),
    };
    format!("{} {target} {sub} {scope}", permission.verb)
}

/// The answers the audit gives: every permission of every feature, granted or not.
pub fn table(audit: &Audit) -> String {
    let mut out = String::new();
    for report in &audit.features {
        for (permission, _) in &report.granted {
            writeln!(out, "yes {}", key(permission)).unwrap();
        }
        for permission in &report.missing {
            writeln!(out, "no {}", key(permission)).unwrap();
        }
    }
    out
}

/// A directory holding the stand-in `kubectl`, a table, and the script under test.
pub struct Bench {
    pub dir: PathBuf,
}

impl Bench {
    pub fn new(name: &str) -> Bench {
        let dir =
            std::env::temp_dir().join(format!("skyauth-verify-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let kubectl = dir.join("kubectl");
        std::fs::write(&kubectl, KUBECTL).expect("write the stand-in");
        make_executable(&kubectl);
        Bench { dir }
    }

    /// Runs `script` with `sh`, the stand-in first on PATH, answering from `table`; `as_user`
    /// and `as_group` are what the stand-in must be asked to impersonate, `args` what the
    /// script is given (a `--context` among them reaches the stand-in).
    pub fn run(
        &self,
        script: &str,
        table: &str,
        mode: Mode,
        impersonation: (Option<String>, Option<String>),
        args: &[&str],
    ) -> Output {
        let script_path = self.dir.join("check.sh");
        let table_path = self.dir.join("table");
        std::fs::write(&script_path, script).expect("write the script");
        std::fs::write(&table_path, table).expect("write the table");
        let context = args
            .iter()
            .position(|arg| *arg == "--context")
            .and_then(|at| args.get(at + 1))
            .copied()
            .unwrap_or("");
        let path = format!(
            "{}:{}",
            self.dir.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mode = match mode {
            Mode::Answer => "answer",
            Mode::RefuseImpersonation => "refuse",
            Mode::Unreachable => "unreachable",
        };
        Command::new("sh")
            .arg(&script_path)
            .args(args)
            .current_dir(&self.dir)
            .env("PATH", path)
            .env("STANDIN_TABLE", &table_path)
            .env("STANDIN_MODE", mode)
            .env("STANDIN_EXPECT_AS", impersonation.0.unwrap_or_default())
            .env("STANDIN_EXPECT_GROUP", impersonation.1.unwrap_or_default())
            .env("STANDIN_EXPECT_CONTEXT", context)
            .output()
            .expect("run sh")
    }
}

impl Drop for Bench {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mut permissions = std::fs::metadata(path).expect("stat").permissions();
    permissions.set_mode(0o755);
    std::fs::set_permissions(path, permissions).expect("chmod");
}
