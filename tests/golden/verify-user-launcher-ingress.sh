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

WHO='user alice@example.com'
NAMESPACE=default
AS_USER=alice@example.com

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
  printf '%-35s %s\n%s' "$1" "$status" "$missing"
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
report 'Core launch'

# Ingress
begin
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
report Ingress

# SkyPilot-managed account (launcher)
begin
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
report 'SkyPilot-managed account (launcher)'

if [ "$failed" -eq 0 ]; then
  printf '\nEvery feature is granted.\n'
else
  printf '\nNot every feature is granted: apply the RBAC skyauth generates, or a patch for what is missing.\n'
fi
exit "$failed"
