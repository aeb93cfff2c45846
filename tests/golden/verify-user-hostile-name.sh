#!/bin/sh
# Checks with `kubectl auth can-i` that an identity (WHO below) holds what SkyPilot needs, one
# permission at a time, through the cluster's own authorizer. Written by skyauth.
# Needs only sh and kubectl; KUBECONFIG is honoured.
#
# Usage: sh check-skypilot-rbac.sh [KUBECTL FLAGS]   (for example --context gke-prod)
# Every argument is passed on to each kubectl call. Checking another identity than your own
# needs the right to impersonate it (--as, and --as-group for a group).
# Exit status: 0 every feature is granted, 1 one is not, 2 kubectl could not answer (the
# cluster cannot be reached, or impersonation was refused).

# shellcheck disable=SC2016 # a name, meant literally
WHO='user o'\''brien $(id) `id`
x'
NAMESPACE=default
# shellcheck disable=SC2016 # a name, meant literally
AS_USER='o'\''brien $(id) `id`
x'

nl='
'
failed=0

# Stops with exit status 2, saying why kubectl could not answer.
fail() {
  case $1 in
    *'cannot impersonate'*)
      printf 'error: impersonation refused: your identity may not act as %s.\n' "$WHO" >&2 ;;
    *'connection to the server'* | *'Unable to connect to the server'* | *'dial tcp'* | \
    *'no such host'* | *'i/o timeout'* | *'connection refused'*)
      printf 'error: cannot reach the cluster.\n' >&2 ;;
    *)
      printf 'error: kubectl could not answer.\n' >&2 ;;
  esac
  printf 'kubectl said: %s\n' "$1" >&2
  exit 2
}

# `kubectl auth can-i` as WHO: returns 0 for yes, 1 for no, and stops on anything else.
ask() {
  answer=$(kubectl auth can-i --as="$AS_USER" "$@" 2>&1)
  case $? in
    0) return 0 ;;
  esac
  case $answer in
    no | 'no '* | *"$nl"no | *"$nl"'no '*) return 1 ;;
  esac
  fail "$answer"
}

# A feature's checks run between begin and report.
begin() {
  asked=0
  denied=0
  missing=
}

# check DESCRIPTION VERB RESOURCE [FLAGS]: one permission.
check() {
  what=$1
  shift
  asked=$((asked + 1))
  if ! ask "$@"; then
    denied=$((denied + 1))
    missing="$missing    missing: $what$nl"
  fi
}

# report LABEL: the feature's row, then what it misses.
report() {
  if [ "$denied" -eq 0 ]; then
    status=granted
  elif [ "$denied" -eq "$asked" ]; then
    status=missing
    failed=1
  else
    status='partly granted'
    failed=1
  fi
  printf '%-7s %s\n%s' "$1" "$status" "$missing"
}

if ! command -v kubectl >/dev/null 2>&1; then
  printf 'error: kubectl is not on PATH.\n' >&2
  exit 2
fi
printf 'Checking %s, launching in %s, with kubectl auth can-i:\n\n' "$WHO" "$NAMESPACE"
# A first question: can kubectl reach the cluster, and act as WHO?
ask get pods -n "$NAMESPACE" "$@" || :

# Volumes
begin
check 'get persistentvolumeclaims in default' get persistentvolumeclaims -n default "$@"
check 'list persistentvolumeclaims in default' list persistentvolumeclaims -n default "$@"
check 'create persistentvolumeclaims in default' create persistentvolumeclaims -n default "$@"
check 'delete persistentvolumeclaims in default' delete persistentvolumeclaims -n default "$@"
check 'get apps/daemonsets in default' get daemonsets.apps -n default "$@"
check 'create apps/daemonsets in default' create daemonsets.apps -n default "$@"
check 'delete apps/daemonsets in default' delete daemonsets.apps -n default "$@"
check 'get storage.k8s.io/storageclasses cluster-wide' get storageclasses.storage.k8s.io -A "$@"
check 'list storage.k8s.io/storageclasses cluster-wide' list storageclasses.storage.k8s.io -A "$@"
check 'list persistentvolumes cluster-wide' list persistentvolumes -A "$@"
report Volumes

if [ "$failed" -eq 0 ]; then
  printf '\nEvery feature is granted.\n'
else
  printf '\nNot every feature is granted: apply the RBAC skyauth generates, or a patch for what is missing.\n'
fi
exit "$failed"
