
# account_exists NAMESPACE NAME FIX [KUBECTL FLAGS]: whether WHO's service account exists.
account_exists() {
  account_namespace=$1
  account=$2
  fix=$3
  shift 3
  exists serviceaccount "$account" -n "$account_namespace" "$@"
  place sa 'service account' service-account "$account" "$account_namespace" "$fix" $?
}
