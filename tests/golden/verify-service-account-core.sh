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

WHO='service account ml/sky-sa'
NAMESPACE=ml
AS_USER=system:serviceaccount:ml:sky-sa

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
check 'get pods in ml' get pods -n ml "$@"
check 'list pods in ml' list pods -n ml "$@"
check 'watch pods in ml' watch pods -n ml "$@"
check 'create pods in ml' create pods -n ml "$@"
check 'update pods in ml' update pods -n ml "$@"
check 'patch pods in ml' patch pods -n ml "$@"
check 'delete pods in ml' delete pods -n ml "$@"
check 'deletecollection pods in ml' deletecollection pods -n ml "$@"
check 'get pods/status in ml' get pods --subresource=status -n ml "$@"
check 'update pods/status in ml' update pods --subresource=status -n ml "$@"
check 'patch pods/status in ml' patch pods --subresource=status -n ml "$@"
check 'get pods/exec in ml' get pods --subresource=exec -n ml "$@"
check 'create pods/exec in ml' create pods --subresource=exec -n ml "$@"
check 'get pods/portforward in ml' get pods --subresource=portforward -n ml "$@"
check 'create pods/portforward in ml' create pods --subresource=portforward -n ml "$@"
check 'get services in ml' get services -n ml "$@"
check 'list services in ml' list services -n ml "$@"
check 'watch services in ml' watch services -n ml "$@"
check 'create services in ml' create services -n ml "$@"
check 'update services in ml' update services -n ml "$@"
check 'patch services in ml' patch services -n ml "$@"
check 'delete services in ml' delete services -n ml "$@"
check 'deletecollection services in ml' deletecollection services -n ml "$@"
check 'get events in ml' get events -n ml "$@"
check 'list events in ml' list events -n ml "$@"
check 'watch events in ml' watch events -n ml "$@"
check 'list apps/deployments in ml' list deployments.apps -n ml "$@"
check 'get nodes cluster-wide' get nodes -A "$@"
check 'list nodes cluster-wide' list nodes -A "$@"
check 'watch nodes cluster-wide' watch nodes -A "$@"
check 'get node.k8s.io/runtimeclasses cluster-wide' get runtimeclasses.node.k8s.io -A "$@"
check 'list node.k8s.io/runtimeclasses cluster-wide' list runtimeclasses.node.k8s.io -A "$@"
check 'watch node.k8s.io/runtimeclasses cluster-wide' watch runtimeclasses.node.k8s.io -A "$@"
report 'Core launch'

if [ "$failed" -eq 0 ]; then
  printf '\nEvery feature is granted.\n'
else
  printf '\nNot every feature is granted: apply the RBAC skyauth generates, or a patch for what is missing.\n'
fi
exit "$failed"
