#!/usr/bin/env bash
# Builds etcd and kube-apiserver from the Go module proxy into .cache/k8s/bin/
# (git-ignored), pinned by test/k8s/{etcd,apiserver}/go.{mod,sum}.
# Skips the build when the binaries exist and the inputs have not changed
# (stamp file .cache/k8s/bin/.stamp). Needs only Go >= 1.24 (+ network access
# to the Go module proxy on the first run). See test/k8s/README.md.
#
#   test/k8s/build.sh          build if needed
#   test/k8s/build.sh --force  rebuild
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="${ECI_K8S_BIN_DIR:-$ROOT/.cache/k8s/bin}"
STAMP="$OUT/.stamp"
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
  export PATH="/usr/local/go/bin:$PATH"
fi
command -v go >/dev/null 2>&1 || { echo "build.sh: Go >= 1.24 is required (https://go.dev/dl/)" >&2; exit 1; }

mkdir -p "$OUT"

# Serialise concurrent invocations (e.g. parallel test workers).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$OUT/.lock"
  flock 9
fi

# Everything that determines the output goes into the stamp.
inputs() {
  go version
  cat "$HERE/build.sh" "$HERE/etcd/go.mod" "$HERE/etcd/go.sum" "$HERE/apiserver/go.mod" "$HERE/apiserver/go.sum"
}
want="$(inputs | sha256sum | cut -d' ' -f1)"
if [[ $FORCE == 0 && -x "$OUT/etcd" && -x "$OUT/kube-apiserver" && -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
  echo "build.sh: $OUT/{etcd,kube-apiserver} up to date"
  exit 0
fi
rm -f "$STAMP"

export CGO_ENABLED=0
# go.mod/go.sum are committed and tidy: refuse to silently change them.
export GOFLAGS="-mod=readonly -trimpath -buildvcs=false"

# The Kubernetes version comes from the helper go.mod (single source of truth).
K8S_VERSION="$(awk '$1 == "require" && $2 == "k8s.io/kubernetes" {print $3} $1 == "k8s.io/kubernetes" && $2 ~ /^v/ {print $2}' "$HERE/apiserver/go.mod" | head -n1)"
[[ "$K8S_VERSION" =~ ^v([0-9]+)\.([0-9]+)\.[0-9]+ ]] || { echo "build.sh: cannot find k8s.io/kubernetes version in apiserver/go.mod" >&2; exit 1; }
MAJOR="${BASH_REMATCH[1]}"
MINOR="${BASH_REMATCH[2]}"
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=$MAJOR -X $pkg.gitMinor=$MINOR"
  ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.1fs", b - a}'; }
t_all="$(now)"

echo "build.sh: $(go version)"
t="$(now)"
echo "build.sh: building etcd ($(awk '$1 == "go.etcd.io/etcd/server/v3" {print $2}' "$HERE/etcd/go.mod" | head -n1)) ..."
(cd "$HERE/etcd" && go build -ldflags "-s -w" -o "$OUT/etcd.tmp" go.etcd.io/etcd/server/v3)
mv -f "$OUT/etcd.tmp" "$OUT/etcd"
echo "build.sh: etcd built in $(elapsed "$t")"

t="$(now)"
echo "build.sh: building kube-apiserver ($K8S_VERSION) ..."
(cd "$HERE/apiserver" && go build -ldflags "$ldflags" -o "$OUT/kube-apiserver.tmp" k8s.io/kubernetes/cmd/kube-apiserver)
mv -f "$OUT/kube-apiserver.tmp" "$OUT/kube-apiserver"
echo "build.sh: kube-apiserver built in $(elapsed "$t")"

"$OUT/etcd" --version | head -n1
"$OUT/kube-apiserver" --version
echo "$want" >"$STAMP"
echo "build.sh: done in $(elapsed "$t_all") -> $OUT"
