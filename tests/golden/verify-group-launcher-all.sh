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

WHO='group ml-engineers'
NAMESPACE=ml
AS_USER=skyauth-check
AS_GROUP=ml-engineers

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
  answer=$(kubectl auth can-i --as="$AS_USER" --as-group="$AS_GROUP" "$@" 2>&1)
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

# GPU listing
begin
check 'get pods cluster-wide' get pods -A "$@"
check 'list pods cluster-wide' list pods -A "$@"
report 'GPU listing'

# GPU metrics
begin
check 'get namespaces kube-system cluster-wide' get namespaces/kube-system -A "$@"
check 'get services in skypilot' get services -n skypilot "$@"
check 'get pods in skypilot' get pods -n skypilot "$@"
check 'list pods in skypilot' list pods -n skypilot "$@"
check 'create pods/portforward in skypilot' create pods --subresource=portforward -n skypilot "$@"
report 'GPU metrics'

# Ingress
begin
check 'get networking.k8s.io/ingresses in ml' get ingresses.networking.k8s.io -n ml "$@"
check 'create networking.k8s.io/ingresses in ml' create ingresses.networking.k8s.io -n ml "$@"
check 'update networking.k8s.io/ingresses in ml' update ingresses.networking.k8s.io -n ml "$@"
check 'delete networking.k8s.io/ingresses in ml' delete ingresses.networking.k8s.io -n ml "$@"
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

# Object-store mounting
begin
check 'get apps/daemonsets in skypilot-system' get daemonsets.apps -n skypilot-system "$@"
check 'list apps/daemonsets in skypilot-system' list daemonsets.apps -n skypilot-system "$@"
check 'watch apps/daemonsets in skypilot-system' watch daemonsets.apps -n skypilot-system "$@"
check 'create apps/daemonsets in skypilot-system' create daemonsets.apps -n skypilot-system "$@"
check 'update apps/daemonsets in skypilot-system' update daemonsets.apps -n skypilot-system "$@"
check 'patch apps/daemonsets in skypilot-system' patch daemonsets.apps -n skypilot-system "$@"
check 'delete apps/daemonsets in skypilot-system' delete daemonsets.apps -n skypilot-system "$@"
check 'deletecollection apps/daemonsets in skypilot-system' deletecollection daemonsets.apps -n skypilot-system "$@"
report 'Object-store mounting'

# Volumes
begin
check 'get persistentvolumeclaims in ml' get persistentvolumeclaims -n ml "$@"
check 'list persistentvolumeclaims in ml' list persistentvolumeclaims -n ml "$@"
check 'create persistentvolumeclaims in ml' create persistentvolumeclaims -n ml "$@"
check 'delete persistentvolumeclaims in ml' delete persistentvolumeclaims -n ml "$@"
check 'get apps/daemonsets in ml' get daemonsets.apps -n ml "$@"
check 'create apps/daemonsets in ml' create daemonsets.apps -n ml "$@"
check 'delete apps/daemonsets in ml' delete daemonsets.apps -n ml "$@"
check 'get storage.k8s.io/storageclasses cluster-wide' get storageclasses.storage.k8s.io -A "$@"
check 'list storage.k8s.io/storageclasses cluster-wide' list storageclasses.storage.k8s.io -A "$@"
check 'list persistentvolumes cluster-wide' list persistentvolumes -A "$@"
report Volumes

# HA controllers
begin
check 'get apps/deployments in ml' get deployments.apps -n ml "$@"
check 'list apps/deployments in ml' list deployments.apps -n ml "$@"
check 'create apps/deployments in ml' create deployments.apps -n ml "$@"
check 'delete apps/deployments in ml' delete deployments.apps -n ml "$@"
check 'get apps/deployments/status in ml' get deployments.apps --subresource=status -n ml "$@"
check 'list apps/deployments/status in ml' list deployments.apps --subresource=status -n ml "$@"
check 'create apps/deployments/status in ml' create deployments.apps --subresource=status -n ml "$@"
check 'delete apps/deployments/status in ml' delete deployments.apps --subresource=status -n ml "$@"
check 'get persistentvolumeclaims in ml' get persistentvolumeclaims -n ml "$@"
check 'create persistentvolumeclaims in ml' create persistentvolumeclaims -n ml "$@"
check 'delete persistentvolumeclaims in ml' delete persistentvolumeclaims -n ml "$@"
report 'HA controllers'

# Host network
begin
check 'get configmaps in ml' get configmaps -n ml "$@"
check 'create configmaps in ml' create configmaps -n ml "$@"
check 'update configmaps in ml' update configmaps -n ml "$@"
report 'Host network'

# SkyPilot-managed account (launcher)
begin
check '* */* in ml' '*' '*' -n ml "$@"
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
