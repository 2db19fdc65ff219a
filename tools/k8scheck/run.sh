#!/usr/bin/env bash
# What CI runs on the deployment files (make k8s-check):
#  1. docker-compose config -q on docker-compose.yml (Debian's
#     docker-compose package; installed with apt-get when missing and CI is
#     set, skipped with a note otherwise);
#  2. k8scheck's own tests, then k8scheck: every overlay rendered with the
#     kustomize library, the policy, and kubectl-validate (pinned, in ./bin)
#     against the Kubernetes 1.30 schemas and the operators' CRDs.
set -euo pipefail
export GOTOOLCHAIN=local
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
validator=${KUBECTL_VALIDATE:-$repo/bin/kubectl-validate}

if ! command -v docker-compose >/dev/null; then
  if [ -n "${CI:-}" ] && [ "$(id -u)" = 0 ]; then
    echo "k8s-check: installing docker-compose (apt-get)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
  elif [ -n "${CI:-}" ]; then
    echo "k8s-check: docker-compose missing; install it with: sudo apt-get install -y docker-compose" >&2; exit 1
  fi
fi
if command -v docker-compose >/dev/null; then
  # Variables the file requires (${NAME:?...}) get a placeholder, so the
  # check is of the file, not of this machine's environment.
  for v in $(grep -o '\${[A-Z_][A-Z0-9_]*:?' docker-compose.yml | sed 's/^\${//; s/:?$//' | sort -u); do
    [ -n "${!v:-}" ] || export "$v=k8s-check-placeholder-value-0123456789abcdef"
  done
  docker-compose -f docker-compose.yml config -q
  echo "k8s-check: docker-compose.yml ok ($(docker-compose version --short))"
else
  echo "k8s-check: docker-compose.yml not checked: no docker-compose here (CI installs it)"
fi

cd tools/k8scheck
GOWORK=off go vet ./...
GOWORK=off go test -count=1 ./...
GOWORK=off go run . -root "$repo" -validator "$validator"
