//! A stand-in `kubectl` for running the verify script for real: a small sh script that answers
//! `kubectl auth can-i` from a table the test computes with the project's own RBAC evaluator,
//! and `kubectl get` of a namespace or service account from a list, per context; it checks
//! the impersonation it was given, and can play a cluster that refuses impersonation, cannot
//! be reached, or forbids reading namespaces.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use skyauth::audit::{Audit, Permission, Scope};

/// How the stand-in behaves in a context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Answers from the table.
    Answer,
    /// Every impersonated call fails as kubectl does when the caller may not impersonate.
    RefuseImpersonation,
    /// Every call fails as kubectl does when the API server cannot be reached.
    Unreachable,
}

impl Mode {
    fn word(self) -> &'static str {
        match self {
            Mode::Answer => "answer",
            Mode::RefuseImpersonation => "refuse",
            Mode::Unreachable => "unreachable",
        }
    }
}

/// Which namespaces and service accounts exist in a context, for `kubectl get`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Objects {
    /// Every one asked for.
    All,
    /// Only these: `namespace NAME` and `serviceaccount NAMESPACE NAME` lines.
    Only(Vec<String>),
    /// Reading them is forbidden to the caller.
    Forbidden,
}

/// One context the stand-in plays: its answers, and what it expects to be asked as.
#[derive(Clone, Debug)]
pub struct Cluster {
    /// The context's name (empty: the current context, no --context given).
    pub context: String,
    pub table: String,
    pub mode: Mode,
    pub objects: Objects,
    /// The `--as` and `--as-group` each can-i call must carry.
    pub impersonation: (Option<String>, Option<String>),
    /// The Pod Security level each namespace enforces: `NAMESPACE LEVEL` lines.
    pub labels: Vec<String>,
}

const KUBECTL: &str = r#"#!/bin/sh
# Stand-in for `kubectl auth can-i` and `kubectl get KIND NAME`, per context: the files of
# "$STANDIN_DIR/ctx-CONTEXT/" hold its mode, table (lines `yes|no KEY`), expected
# impersonation and objects.
if [ "$1" = get ]; then command=get; elif [ "$1" = auth ] && [ "$2" = can-i ]; then
  command=can-i; shift; else
  printf 'stand-in: not auth can-i or get: %s\n' "$*" >&2
  exit 3
fi
shift
verb= resource= sub= scope= as= group= context= output=
while [ $# -gt 0 ]; do
  case $1 in
    --as=*) as=${1#--as=} ;;
    --as-group=*) group=${1#--as-group=} ;;
    --subresource=*) sub=${1#--subresource=} ;;
    --ignore-not-found) ;;
    -o) output=$2; shift ;;
    -n) scope=$2; shift ;;
    -A) scope=cluster-wide ;;
    --context=*) context=${1#--context=} ;;
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
dir="$STANDIN_DIR/ctx-$context"
if [ ! -d "$dir" ]; then
  printf 'error: context "%s" does not exist\n' "$context" >&2
  exit 1
fi
# The text of file $1 in $text, as `$(cat "$1")` gives it but without a process per call (the
# verify tests make thousands of calls): lines joined by newlines (names may hold some).
slurp() {
  text= first=1
  while IFS= read -r line || [ -n "$line" ]; do
    if [ "$first" ]; then text=$line first=; else text="$text
$line"; fi
  done < "$1"
}
slurp "$dir/mode"; mode=$text
if [ "$mode" = unreachable ]; then
  printf 'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?\n' >&2
  exit 1
fi
if [ "$command" = get ]; then
  # verb is the kind, resource the name.
  if [ -n "$as$group" ]; then printf 'stand-in: get impersonated\n' >&2; exit 3; fi
  if [ -f "$dir/forbidden" ]; then
    printf 'Error from server (Forbidden): %ss "%s" is forbidden: User "me" cannot get resource "%ss" in API group ""\n' "$verb" "$resource" "$verb" >&2
    exit 1
  fi
  case $output in
    jsonpath=*)
      # A namespace's Pod Security label, from lines `NAMESPACE LEVEL`.
      if [ -f "$dir/labels" ]; then
        while read -r namespace level; do
          if [ "$namespace" = "$resource" ]; then printf '%s' "$level"; fi
        done < "$dir/labels"
      fi
      exit 0 ;;
  esac
  if [ ! -f "$dir/objects" ]; then echo "$verb/$resource"; exit 0; fi
  case $verb in
    namespace) key="namespace $resource" ;;
    *) key="$verb $scope $resource" ;;
  esac
  while IFS= read -r line; do
    if [ "$line" = "$key" ]; then echo "$verb/$resource"; exit 0; fi
  done < "$dir/objects"
  exit 0
fi
if [ "$mode" = refuse ]; then
  printf 'Error from server (Forbidden): users "%s" is forbidden: User "me" cannot impersonate resource "users" in API group "" at the cluster scope\n' "$as" >&2
  exit 1
fi
slurp "$dir/as"; want_as=$text
slurp "$dir/group"; want_group=$text
if [ "$as" != "$want_as" ] || [ "$group" != "$want_group" ]; then
  printf 'stand-in: wrong identity: as=%s group=%s context=%s\n' "$as" "$group" "$context" >&2
  exit 3
fi
key="$verb $resource $sub $scope"
while IFS= read -r line; do
  case $line in
    "yes $key") echo yes; exit 0 ;;
    "no $key") echo no; exit 1 ;;
  esac
done < "$dir/table"
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
    /// script is given (a `--context` among them names the one context the stand-in plays;
    /// every namespace and account exists there).
    pub fn run(
        &self,
        script: &str,
        table: &str,
        mode: Mode,
        impersonation: (Option<String>, Option<String>),
        args: &[&str],
    ) -> Output {
        let context = args
            .iter()
            .position(|arg| *arg == "--context")
            .and_then(|at| args.get(at + 1))
            .copied()
            .unwrap_or("");
        let cluster = Cluster {
            context: context.to_owned(),
            table: table.to_owned(),
            mode,
            objects: Objects::All,
            impersonation,
            labels: Vec::new(),
        };
        self.run_clusters(script, &[cluster], args)
    }

    /// Runs `script` with `sh` against the stand-in playing each of `clusters`.
    pub fn run_clusters(&self, script: &str, clusters: &[Cluster], args: &[&str]) -> Output {
        let contexts = self.dir.join("contexts");
        let _ = std::fs::remove_dir_all(&contexts);
        for cluster in clusters {
            let dir = contexts.join(format!("ctx-{}", cluster.context));
            std::fs::create_dir_all(&dir).expect("context dir");
            let write = |name: &str, text: &str| {
                std::fs::write(dir.join(name), text).expect("write a stand-in file")
            };
            write("mode", cluster.mode.word());
            write("table", &cluster.table);
            write("as", cluster.impersonation.0.as_deref().unwrap_or(""));
            write("group", cluster.impersonation.1.as_deref().unwrap_or(""));
            write("labels", &(cluster.labels.join("\n") + "\n"));
            match &cluster.objects {
                Objects::All => {}
                Objects::Only(lines) => write("objects", &(lines.join("\n") + "\n")),
                Objects::Forbidden => write("forbidden", ""),
            }
        }
        let script_path = self.dir.join("check.sh");
        std::fs::write(&script_path, script).expect("write the script");
        let path = format!(
            "{}:{}",
            self.dir.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        Command::new("sh")
            .arg(&script_path)
            .args(args)
            .current_dir(&self.dir)
            .env("PATH", path)
            .env("STANDIN_DIR", &contexts)
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
