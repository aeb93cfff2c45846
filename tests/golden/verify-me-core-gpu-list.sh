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

WHO='your own identity (no impersonation)'
NAMESPACE=team

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
  answer=$(kubectl auth can-i "$@" 2>&1)
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
  printf '%-11s %s\n%s' "$1" "$status" "$missing"
}

if ! command -v kubectl >/dev/null 2>&1; then
  printf 'error: kubectl is not on PATH.\n' >&2
  exit 2
fi
printf 'Checking %s, launching in %s, with kubectl auth can-i:\n\n' "$WHO" "$NAMESPACE"
# A first question: can kubectl reach the cluster, and act as WHO?
ask get pods -n "$NAMESPACE" "$@" || :

# Core launch
begin
check 'get pods in team' get pods -n team "$@"
check 'list pods in team' list pods -n team "$@"
check 'watch pods in team' watch pods -n team "$@"
check 'create pods in team' create pods -n team "$@"
check 'update pods in team' update pods -n team "$@"
check 'patch pods in team' patch pods -n team "$@"
check 'delete pods in team' delete pods -n team "$@"
check 'deletecollection pods in team' deletecollection pods -n team "$@"
check 'get pods/status in team' get pods --subresource=status -n team "$@"
check 'update pods/status in team' update pods --subresource=status -n team "$@"
check 'patch pods/status in team' patch pods --subresource=status -n team "$@"
check 'get pods/exec in team' get pods --subresource=exec -n team "$@"
check 'create pods/exec in team' create pods --subresource=exec -n team "$@"
check 'get pods/portforward in team' get pods --subresource=portforward -n team "$@"
check 'create pods/portforward in team' create pods --subresource=portforward -n team "$@"
check 'get services in team' get services -n team "$@"
check 'list services in team' list services -n team "$@"
check 'watch services in team' watch services -n team "$@"
check 'create services in team' create services -n team "$@"
check 'update services in team' update services -n team "$@"
check 'patch services in team' patch services -n team "$@"
check 'delete services in team' delete services -n team "$@"
check 'deletecollection services in team' deletecollection services -n team "$@"
check 'get events in team' get events -n team "$@"
check 'list events in team' list events -n team "$@"
check 'watch events in team' watch events -n team "$@"
check 'list apps/deployments in team' list deployments.apps -n team "$@"
check 'get nodes cluster-wide' get nodes -A "$@"
check 'list nodes cluster-wide' list nodes -A "$@"
check 'watch nodes cluster-wide' watch nodes -A "$@"
check 'get node.k8s.io/runtimeclasses cluster-wide' get runtimeclasses.node.k8s.io -A "$@"
check 'list node.k8s.io/runtimeclasses cluster-wide' list runtimeclasses.node.k8s.io -A "$@"
check 'watch node.k8s.io/runtimeclasses cluster-wide' watch runtimeclasses.node.k8s.io -A "$@"
report 'Core launch'

# GPU listing
begin
check 'get pods cluster-wide' get pods -A "$@"
check 'list pods cluster-wide' list pods -A "$@"
report 'GPU listing'

if [ "$failed" -eq 0 ]; then
  printf '\nEvery feature is granted.\n'
else
  printf '\nNot every feature is granted: apply the RBAC skyauth generates, or a patch for what is missing.\n'
fi
exit "$failed"
