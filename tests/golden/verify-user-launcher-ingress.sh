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
# Every other argument is passed on to each kubectl call (for example --context gke-prod).
# It checks the current context; pass --context NAME for another.
# Checking another identity than your own needs the right to impersonate it (--as, and
# --as-group for a group).
# Exit status: 0 everything is in place, 1 something is missing, 2 kubectl could not answer
# in some context (the cluster cannot be reached, or impersonation was refused).

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

# The checks of target 1: who, where, and each feature.
target_1() {
  WHO='user alice@example.com'
  NAMESPACE=default
  AS_USER=alice@example.com
  AS_GROUP=''
  start
  namespace_exists 'kubectl create namespace default' "$@"
  pod_security ps0 default baseline 'kubectl label --overwrite namespace default pod-security.kubernetes.io/enforce=baseline' "$@"
  ask get pods -n "$NAMESPACE" "$@" || :

  # Core launch
  begin core
  check 'get pods in default' get pods -n default "$@"
  check 'list pods in default' list pods -n default "$@"
  check 'watch pods in default' watch pods -n default "$@"
  check 'create pods in default' create pods -n default "$@"
  check 'update pods in default' update pods -n default "$@"
  check 'patch pods in default' patch pods -n default "$@"
  check 'delete pods in default' delete pods -n default "$@"
  check 'deletecollection pods in default' deletecollection pods -n default "$@"
  check 'get pods/status in default' get pods --subresource=status -n default "$@"
  check 'update pods/status in default' update pods --subresource=status -n default "$@"
  check 'patch pods/status in default' patch pods --subresource=status -n default "$@"
  check 'get pods/exec in default' get pods --subresource=exec -n default "$@"
  check 'create pods/exec in default' create pods --subresource=exec -n default "$@"
  check 'get pods/portforward in default' get pods --subresource=portforward -n default "$@"
  check 'create pods/portforward in default' create pods --subresource=portforward -n default "$@"
  check 'get services in default' get services -n default "$@"
  check 'list services in default' list services -n default "$@"
  check 'watch services in default' watch services -n default "$@"
  check 'create services in default' create services -n default "$@"
  check 'update services in default' update services -n default "$@"
  check 'patch services in default' patch services -n default "$@"
  check 'delete services in default' delete services -n default "$@"
  check 'deletecollection services in default' deletecollection services -n default "$@"
  check 'get events in default' get events -n default "$@"
  check 'list events in default' list events -n default "$@"
  check 'watch events in default' watch events -n default "$@"
  check 'list apps/deployments in default' list deployments.apps -n default "$@"
  check 'get nodes cluster-wide' get nodes -A "$@"
  check 'list nodes cluster-wide' list nodes -A "$@"
  check 'watch nodes cluster-wide' watch nodes -A "$@"
  check 'get node.k8s.io/runtimeclasses cluster-wide' get runtimeclasses.node.k8s.io -A "$@"
  check 'list node.k8s.io/runtimeclasses cluster-wide' list runtimeclasses.node.k8s.io -A "$@"
  check 'watch node.k8s.io/runtimeclasses cluster-wide' watch runtimeclasses.node.k8s.io -A "$@"
  report 'Core launch' f0

  # Ingress
  begin ingress
  check 'get networking.k8s.io/ingresses in default' get ingresses.networking.k8s.io -n default "$@"
  check 'create networking.k8s.io/ingresses in default' create ingresses.networking.k8s.io -n default "$@"
  check 'update networking.k8s.io/ingresses in default' update ingresses.networking.k8s.io -n default "$@"
  check 'delete networking.k8s.io/ingresses in default' delete ingresses.networking.k8s.io -n default "$@"
  check 'list networking.k8s.io/ingressclasses cluster-wide' list ingressclasses.networking.k8s.io -A "$@"
  check 'get services in ingress-nginx' get services -n ingress-nginx "$@"
  check 'list services in ingress-nginx' list services -n ingress-nginx "$@"
  check 'watch services in ingress-nginx' watch services -n ingress-nginx "$@"
  check 'get rbac.authorization.k8s.io/roles in ingress-nginx' get roles.rbac.authorization.k8s.io -n ingress-nginx "$@"
  check 'list rbac.authorization.k8s.io/roles in ingress-nginx' list roles.rbac.authorization.k8s.io -n ingress-nginx "$@"
  check 'watch rbac.authorization.k8s.io/roles in ingress-nginx' watch roles.rbac.authorization.k8s.io -n ingress-nginx "$@"
  check 'create rbac.authorization.k8s.io/roles in ingress-nginx' create roles.rbac.authorization.k8s.io -n ingress-nginx "$@"
  check 'patch rbac.authorization.k8s.io/roles in ingress-nginx' patch roles.rbac.authorization.k8s.io -n ingress-nginx "$@"
  check 'get rbac.authorization.k8s.io/rolebindings in ingress-nginx' get rolebindings.rbac.authorization.k8s.io -n ingress-nginx "$@"
  check 'list rbac.authorization.k8s.io/rolebindings in ingress-nginx' list rolebindings.rbac.authorization.k8s.io -n ingress-nginx "$@"
  check 'watch rbac.authorization.k8s.io/rolebindings in ingress-nginx' watch rolebindings.rbac.authorization.k8s.io -n ingress-nginx "$@"
  check 'create rbac.authorization.k8s.io/rolebindings in ingress-nginx' create rolebindings.rbac.authorization.k8s.io -n ingress-nginx "$@"
  check 'patch rbac.authorization.k8s.io/rolebindings in ingress-nginx' patch rolebindings.rbac.authorization.k8s.io -n ingress-nginx "$@"
  report Ingress f3

  # SkyPilot-managed account (launcher)
  begin managed-account
  check '* */* in default' '*' '*' -n default "$@"
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
in_context '' '' 'current context'
target_1 "$@"
done_context

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
    0) printf '\nEvery feature is granted.\n' ;;
    1) printf '\nNot everything is in place: create what is missing, and apply the RBAC skyauth generates, or a patch for what is missing.\n' ;;
    *) printf '\nkubectl could not answer everything (see the errors above): nothing is claimed for what was not checked.\n' ;;
  esac
fi
exit "$status"
