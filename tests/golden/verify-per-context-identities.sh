#!/bin/sh
# Checks on the live cluster that SkyPilot's identity (WHO below) can work: that its
# namespace and service account exist and the namespace's Pod Security level admits its pods
# (asked as yourself), then with `kubectl auth can-i`, one permission at a time through the
# cluster's own authorizer, that it holds what SkyPilot needs. Written by skyauth. Needs sh and kubectl (and tr and sed for
# --format json); KUBECONFIG is honoured.
#
# Usage: sh check-skypilot-rbac.sh [--format text|json] [KUBECTL FLAGS]
# --format json prints one JSON object per line: each context, existence check, Pod
# Security level, permission and feature, each error, then a summary (skyauth's schemas/verify-lines.schema.json).
# Every other argument is passed on to each kubectl call (for example --kubeconfig FILE).
# It checks the contexts gke-prod, kind 'dev'?$(id) itself, each with --context, and ends with a matrix.
# Checking another identity than your own needs the right to impersonate it (--as, and
# --as-group for a group).
# Exit status: 0 everything is in place, 1 something is missing, 2 kubectl could not answer
# in some context (the cluster cannot be reached, or impersonation was refused).
#
# A launcher in a keyword mode.

FORMAT=text
case ${1-} in
  --format=*)
    FORMAT=${1#--format=}
    shift ;;
  --format)
    FORMAT=${2-}
    shift
    if [ $# -gt 0 ]; then shift; fi ;;
esac
case $FORMAT in
  text | json) ;;
  *)
    printf 'error: --format is text or json, not %s\n' "$FORMAT" >&2
    exit 2 ;;
esac

nl='
'
failed=0
unanswered=0
column=0
error=

# TEXT as a JSON string: control characters dropped, quotes and backslashes escaped.
json_text() {
  printf '"%s"' "$(printf '%s' "$1" | tr '\t\n\r' '   ' | tr -d '\000-\037' |
    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"
}

# Records why kubectl could not answer in this context; its other checks are skipped.
broken() {
  case $1 in
    *'cannot impersonate'*)
      reason='impersonation refused'
      printf 'error: impersonation refused: your identity may not act as %s.\n' "$WHO" >&2 ;;
    *'connection to the server'* | *'Unable to connect to the server'* | *'dial tcp'* | \
    *'no such host'* | *'i/o timeout'* | *'connection refused'*)
      reason='cluster unreachable'
      printf 'error: cannot reach the cluster.\n' >&2 ;;
    *)
      reason='no answer'
      printf 'error: kubectl could not answer.\n' >&2 ;;
  esac
  printf 'kubectl said: %s\n' "$1" >&2
  error=$reason
  unanswered=1
  if [ "$FORMAT" = json ]; then
    printf '{"kind":"error","context":%s,"reason":"%s","message":%s}\n' \
      "$JCONTEXT" "$reason" "$(json_text "$1")"
  fi
}

# `kubectl auth can-i` as WHO: returns 0 for yes, 1 for no, and 2 when kubectl could not
# answer (recorded by broken).
ask() {
  if [ -n "$error" ]; then return 2; fi
  answer=$(kubectl auth can-i ${AS_USER:+"--as=$AS_USER"} ${AS_GROUP:+"--as-group=$AS_GROUP"} \
    ${CONTEXT:+"--context=$CONTEXT"} "$@" 2>&1)
  case $? in
    0) return 0 ;;
  esac
  case $answer in
    no | 'no '* | *"$nl"no | *"$nl"'no '*) return 1 ;;
  esac
  broken "$answer"
  return 2
}

# exists KIND NAME [FLAGS]: asked as yourself, not as WHO. Returns 0 when it exists, 1 when
# it does not, 3 when you may not read it, 2 when kubectl could not answer.
exists() {
  if [ -n "$error" ]; then return 2; fi
  if found=$(kubectl get "$@" --ignore-not-found -o name ${CONTEXT:+"--context=$CONTEXT"} 2>&1)
  then
    if [ -n "$found" ]; then return 0; fi
    return 1
  fi
  case $found in
    *[Ff]orbidden*) return 3 ;;
  esac
  broken "$found"
  return 2
}

# The cell of row ROW in this context's column of the matrix.
record() {
  eval "cell_${column}_$1=\$2"
}

# place ROW LABEL KIND NAME NAMESPACE FIX ANSWER: a namespace's or an account's row.
place() {
  case $7 in
    0) status=exists note= ;;
    1) status=missing note="    create it: $6$CONTEXT_FLAG$nl"; failed=1 ;;
    3) status=unknown note="    you may not read $3s here: ask an admin whether it exists$nl" ;;
    *) status=unknown note= ;;
  esac
  record "$1" "$status"
  if [ "$FORMAT" = json ]; then
    if [ -n "$5" ]; then in_namespace=$(json_text "$5"); else in_namespace=null; fi
    printf '{"kind":"%s","context":%s,"name":%s,"namespace":%s,"status":"%s","fix":%s}\n' \
      "$3" "$JCONTEXT" "$(json_text "$4")" "$in_namespace" "$status" \
      "$(json_text "$6$CONTEXT_FLAG")"
  elif [ -z "$error" ]; then
    printf '%-35s %s\n%s' "$2" "$status" "$note"
  fi
}

# namespace_exists FIX [KUBECTL FLAGS]: whether NAMESPACE exists.
namespace_exists() {
  fix=$1
  shift
  exists namespace "$NAMESPACE" "$@"
  place ns namespace namespace "$NAMESPACE" '' "$fix" $?
}

# pod_security ROW NAMESPACE NEEDED FIX [KUBECTL FLAGS]: whether the Pod Security level
# NAMESPACE enforces (its label, asked as yourself) admits SkyPilot's pods, which need NEEDED.
pod_security() {
  row=$1
  where=$2
  needed=$3
  fix=$4
  shift 4
  enforced=
  status=unknown
  note=
  if [ -z "$error" ]; then
    if enforced=$(kubectl get namespace "$where" --ignore-not-found \
      -o 'jsonpath={.metadata.labels.pod-security\.kubernetes\.io/enforce}' \
      ${CONTEXT:+"--context=$CONTEXT"} "$@" 2>&1); then
      case $needed:$enforced in
        *:) status=unlabelled ;;
        *:privileged | baseline:baseline) status=admits ;;
        *)
          status=refuses
          failed=1
          note="    SkyPilot's pods need $needed there: $fix$CONTEXT_FLAG$nl" ;;
      esac
    else
      case $enforced in
        *[Ff]orbidden*) ;;
        *) broken "$enforced" ;;
      esac
      enforced=
    fi
  fi
  record "$row" "$status"
  if [ "$FORMAT" = json ]; then
    if [ -n "$enforced" ]; then label=$(json_text "$enforced"); else label=null; fi
    printf '{"kind":"pod-security","context":%s,"namespace":%s,"enforced":%s,"needed":"%s","status":"%s","fix":%s}\n' \
      "$JCONTEXT" "$(json_text "$where")" "$label" "$needed" "$status" \
      "$(json_text "$fix$CONTEXT_FLAG")"
  elif [ -z "$error" ]; then
    case $status in
      admits) shown="admits (enforces $enforced; SkyPilot's pods need $needed)" ;;
      refuses) shown="refuses (enforces $enforced; SkyPilot's pods need $needed)" ;;
      unlabelled) shown="not enforced here (no label: the cluster's default applies)" ;;
      *) shown="unknown (you may not read namespaces here)" ;;
    esac
    printf '%-35s %s\n%s' "pod security $where" "$shown" "$note"
  fi
}

# begin FEATURE: a feature's checks run between begin and report.
begin() {
  feature=$1
  asked=0
  denied=0
  missing=
}

# check DESCRIPTION VERB RESOURCE [FLAGS]: one permission.
check() {
  what=$1
  shift
  ask "$@"
  case $? in
    0) granted=true ;;
    1)
      granted=false
      denied=$((denied + 1))
      missing="$missing    missing: $what$nl" ;;
    *) return ;;
  esac
  asked=$((asked + 1))
  if [ "$FORMAT" = json ]; then
    printf '{"kind":"permission","context":%s,"feature":"%s","permission":%s,"granted":%s}\n' \
      "$JCONTEXT" "$feature" "$(json_text "$what")" "$granted"
  fi
}

# report LABEL ROW: the feature's row, then what it misses.
report() {
  if [ -n "$error" ]; then
    status=unknown cell=unknown
  elif [ "$denied" -eq 0 ]; then
    status=granted cell=granted
  elif [ "$denied" -eq "$asked" ]; then
    status=missing cell=missing
    failed=1
  else
    status='partly granted' cell=partly
    failed=1
  fi
  record "$2" "$cell"
  if [ "$FORMAT" = json ]; then
    printf '{"kind":"feature","context":%s,"feature":"%s","status":"%s"}\n' \
      "$JCONTEXT" "$feature" "$status"
  elif [ -z "$error" ]; then
    printf '%-35s %s\n%s' "$1" "$status" "$missing"
  fi
}

# start: the context's heading (its JSON line).
start() {
  if [ "$FORMAT" = json ]; then
    printf '{"kind":"context","context":%s,"identity":%s,"namespace":%s}\n' \
      "$JCONTEXT" "$(json_text "$WHO")" "$(json_text "$NAMESPACE")"
  else
    if [ "$column" -gt 1 ]; then printf '\n'; fi
    if [ -n "$CONTEXT" ]; then
      printf 'In context %s: checking %s, launching in %s, with kubectl auth can-i:\n\n' \
        "$LABEL" "$WHO" "$NAMESPACE"
    else
      printf 'Checking %s, launching in %s, with kubectl auth can-i:\n\n' "$WHO" "$NAMESPACE"
    fi
  fi
}

# in_context CONTEXT CONTEXT_FLAG LABEL: the checks that follow, up to done_context, run in
# CONTEXT (empty: the current one); CONTEXT_FLAG is how the commands it prints name the
# context, LABEL how the matrix does.
in_context() {
  CONTEXT=$1
  CONTEXT_FLAG=$2
  LABEL=$3
  column=$((column + 1))
  error=
  JCONTEXT=null
  if [ "$FORMAT" = json ] && [ -n "$CONTEXT" ]; then JCONTEXT=$(json_text "$CONTEXT"); fi
}

# done_context: says when the context's checks stopped early.
done_context() {
  if [ -n "$error" ] && [ "$FORMAT" = text ]; then
    printf '(not checked further in %s: %s)\n' "$LABEL" "$error"
  fi
}

# account_exists NAMESPACE NAME FIX [KUBECTL FLAGS]: whether WHO's service account exists.
account_exists() {
  account_namespace=$1
  account=$2
  fix=$3
  shift 3
  exists serviceaccount "$account" -n "$account_namespace" "$@"
  place sa 'service account' service-account "$account" "$account_namespace" "$fix" $?
}

# heading LABEL...: the matrix's first line, a label per context. printf pads by bytes, so
# a label is padded by its characters (its bytes less UTF-8's continuation bytes): a context
# named in any script lines up with the cells below it.
heading() {
  printf '%-35s' ''
  for label do
    chars=$(printf '%s' "$label" | LC_ALL=C tr -d '\200-\277' | wc -c)
    printf '  %s' "$label"
    if [ "$chars" -lt 16 ]; then
      printf "%$((16 - chars))s" ''
    fi
  done
  printf '\n'
}

# row LABEL ROW: one row of the matrix, a cell per context.
row() {
  printf '%-35s' "$1"
  at=1
  while [ "$at" -le "$column" ]; do
    eval "cell=\${cell_${at}_$2:--}"
    printf '  %-16s' "$cell"
    at=$((at + 1))
  done
  printf '\n'
}

for arg do
  case $arg in
    --context | --context=*)
      # shellcheck disable=SC2016 # names, meant literally
      printf 'error: this script checks its contexts itself (%s): drop --context.\n' 'gke-prod, kind '\''dev'\''?$(id)' >&2
      exit 2 ;;
  esac
done

# The checks of target 1: who, where, and each feature.
target_1() {
  WHO='service account ml/sky-sa'
  NAMESPACE=ml
  AS_USER=system:serviceaccount:ml:sky-sa
  AS_GROUP=''
  start
  namespace_exists 'kubectl create namespace ml' "$@"
  account_exists ml sky-sa 'kubectl create serviceaccount sky-sa -n ml' "$@"
  pod_security ps0 ml baseline 'kubectl label --overwrite namespace ml pod-security.kubernetes.io/enforce=baseline' "$@"
  ask get pods -n "$NAMESPACE" "$@" || :

  # Core launch
  begin core
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
  report 'Core launch' f0

  # GPU listing
  begin gpu-list
  check 'get pods cluster-wide' get pods -A "$@"
  check 'list pods cluster-wide' list pods -A "$@"
  report 'GPU listing' f1
}

# The checks of target 2: who, where, and each feature.
target_2() {
  WHO='user alice@example.com'
  NAMESPACE=ml-dev
  AS_USER=alice@example.com
  AS_GROUP=''
  start
  namespace_exists 'kubectl create namespace ml-dev' "$@"
  pod_security ps0 ml-dev baseline 'kubectl label --overwrite namespace ml-dev pod-security.kubernetes.io/enforce=baseline' "$@"
  ask get pods -n "$NAMESPACE" "$@" || :

  # Core launch
  begin core
  check 'get pods in ml-dev' get pods -n ml-dev "$@"
  check 'list pods in ml-dev' list pods -n ml-dev "$@"
  check 'watch pods in ml-dev' watch pods -n ml-dev "$@"
  check 'create pods in ml-dev' create pods -n ml-dev "$@"
  check 'update pods in ml-dev' update pods -n ml-dev "$@"
  check 'patch pods in ml-dev' patch pods -n ml-dev "$@"
  check 'delete pods in ml-dev' delete pods -n ml-dev "$@"
  check 'deletecollection pods in ml-dev' deletecollection pods -n ml-dev "$@"
  check 'get pods/status in ml-dev' get pods --subresource=status -n ml-dev "$@"
  check 'update pods/status in ml-dev' update pods --subresource=status -n ml-dev "$@"
  check 'patch pods/status in ml-dev' patch pods --subresource=status -n ml-dev "$@"
  check 'get pods/exec in ml-dev' get pods --subresource=exec -n ml-dev "$@"
  check 'create pods/exec in ml-dev' create pods --subresource=exec -n ml-dev "$@"
  check 'get pods/portforward in ml-dev' get pods --subresource=portforward -n ml-dev "$@"
  check 'create pods/portforward in ml-dev' create pods --subresource=portforward -n ml-dev "$@"
  check 'get services in ml-dev' get services -n ml-dev "$@"
  check 'list services in ml-dev' list services -n ml-dev "$@"
  check 'watch services in ml-dev' watch services -n ml-dev "$@"
  check 'create services in ml-dev' create services -n ml-dev "$@"
  check 'update services in ml-dev' update services -n ml-dev "$@"
  check 'patch services in ml-dev' patch services -n ml-dev "$@"
  check 'delete services in ml-dev' delete services -n ml-dev "$@"
  check 'deletecollection services in ml-dev' deletecollection services -n ml-dev "$@"
  check 'get events in ml-dev' get events -n ml-dev "$@"
  check 'list events in ml-dev' list events -n ml-dev "$@"
  check 'watch events in ml-dev' watch events -n ml-dev "$@"
  check 'list apps/deployments in ml-dev' list deployments.apps -n ml-dev "$@"
  check 'get nodes cluster-wide' get nodes -A "$@"
  check 'list nodes cluster-wide' list nodes -A "$@"
  check 'watch nodes cluster-wide' watch nodes -A "$@"
  check 'get node.k8s.io/runtimeclasses cluster-wide' get runtimeclasses.node.k8s.io -A "$@"
  check 'list node.k8s.io/runtimeclasses cluster-wide' list runtimeclasses.node.k8s.io -A "$@"
  check 'watch node.k8s.io/runtimeclasses cluster-wide' watch runtimeclasses.node.k8s.io -A "$@"
  report 'Core launch' f0

  # SkyPilot-managed account (launcher)
  begin managed-account
  check '* */* in ml-dev' '*' '*' -n ml-dev "$@"
  check 'get nodes cluster-wide' get nodes -A "$@"
  check 'list nodes cluster-wide' list nodes -A "$@"
  check 'watch nodes cluster-wide' watch nodes -A "$@"
  check 'get namespaces cluster-wide' get namespaces -A "$@"
  check 'list namespaces cluster-wide' list namespaces -A "$@"
  check 'watch namespaces cluster-wide' watch namespaces -A "$@"
  check 'create namespaces cluster-wide' create namespaces -A "$@"
  check 'get rbac.authorization.k8s.io/clusterroles cluster-wide' get clusterroles.rbac.authorization.k8s.io -A "$@"
  check 'list rbac.authorization.k8s.io/clusterroles cluster-wide' list clusterroles.rbac.authorization.k8s.io -A "$@"
  check 'watch rbac.authorization.k8s.io/clusterroles cluster-wide' watch clusterroles.rbac.authorization.k8s.io -A "$@"
  check 'create rbac.authorization.k8s.io/clusterroles cluster-wide' create clusterroles.rbac.authorization.k8s.io -A "$@"
  check 'update rbac.authorization.k8s.io/clusterroles cluster-wide' update clusterroles.rbac.authorization.k8s.io -A "$@"
  check 'patch rbac.authorization.k8s.io/clusterroles cluster-wide' patch clusterroles.rbac.authorization.k8s.io -A "$@"
  check 'delete rbac.authorization.k8s.io/clusterroles cluster-wide' delete clusterroles.rbac.authorization.k8s.io -A "$@"
  check 'get rbac.authorization.k8s.io/clusterrolebindings cluster-wide' get clusterrolebindings.rbac.authorization.k8s.io -A "$@"
  check 'list rbac.authorization.k8s.io/clusterrolebindings cluster-wide' list clusterrolebindings.rbac.authorization.k8s.io -A "$@"
  check 'watch rbac.authorization.k8s.io/clusterrolebindings cluster-wide' watch clusterrolebindings.rbac.authorization.k8s.io -A "$@"
  check 'create rbac.authorization.k8s.io/clusterrolebindings cluster-wide' create clusterrolebindings.rbac.authorization.k8s.io -A "$@"
  check 'update rbac.authorization.k8s.io/clusterrolebindings cluster-wide' update clusterrolebindings.rbac.authorization.k8s.io -A "$@"
  check 'patch rbac.authorization.k8s.io/clusterrolebindings cluster-wide' patch clusterrolebindings.rbac.authorization.k8s.io -A "$@"
  check 'delete rbac.authorization.k8s.io/clusterrolebindings cluster-wide' delete clusterrolebindings.rbac.authorization.k8s.io -A "$@"
  check 'get node.k8s.io/runtimeclasses cluster-wide' get runtimeclasses.node.k8s.io -A "$@"
  check 'list node.k8s.io/runtimeclasses cluster-wide' list runtimeclasses.node.k8s.io -A "$@"
  check 'watch node.k8s.io/runtimeclasses cluster-wide' watch runtimeclasses.node.k8s.io -A "$@"
  check 'get networking.k8s.io/ingressclasses cluster-wide' get ingressclasses.networking.k8s.io -A "$@"
  check 'list networking.k8s.io/ingressclasses cluster-wide' list ingressclasses.networking.k8s.io -A "$@"
  check 'watch networking.k8s.io/ingressclasses cluster-wide' watch ingressclasses.networking.k8s.io -A "$@"
  check '* */* in skypilot-system' '*' '*' -n skypilot-system "$@"
  report 'SkyPilot-managed account (launcher)' f8
}

if ! command -v kubectl >/dev/null 2>&1; then
  printf 'error: kubectl is not on PATH.\n' >&2
  exit 2
fi
in_context gke-prod ' --context gke-prod' gke-prod
target_1 "$@"
done_context
# shellcheck disable=SC2016,SC1003 # names, meant literally
in_context 'kind '\''dev'\''
$(id)' ' --context '\''kind '\''\'\'''\''dev'\''\'\'''\''
$(id)'\''' 'kind '\''dev'\''?$(id)'
target_2 "$@"
done_context

if [ "$FORMAT" = text ]; then
  printf '\n'
  # shellcheck disable=SC2016 # names, meant literally
  heading gke-prod 'kind '\''dev'\''?$(id)'
  row namespace ns
  row 'service account' sa
  row 'pod security' ps0
  row 'Core launch' f0
  row 'GPU listing' f1
  row 'SkyPilot-managed account (launcher)' f8
fi

if [ "$unanswered" -ne 0 ]; then
  status=2
elif [ "$failed" -ne 0 ]; then
  status=1
else
  status=0
fi
if [ "$FORMAT" = json ]; then
  printf '{"kind":"summary","status":%s}\n' "$status"
else
  case $status in
    0) printf '\nEvery feature is granted in every context.\n' ;;
    1) printf '\nNot everything is in place: create what is missing, and apply the RBAC skyauth generates, or a patch for what is missing.\n' ;;
    *) printf '\nkubectl could not answer everything (see the errors above): nothing is claimed for what was not checked.\n' ;;
  esac
fi
exit "$status"
