#!/bin/sh
# Installs a prebuilt canary binary for this machine.
#
#   sh install.sh [--version V] [--dir DIR] [--from DIR]
#
# Picks the binary for this OS and CPU (uname), takes it from the GitHub release
# (the latest, or v<V> with --version) or from a local folder (--from DIR, e.g. a
# `deno task compile` output), checks it against the release's SHA256SUMS and refuses
# on a mismatch, then installs it as `canary` into --dir, $CANARY_INSTALL_DIR or
# ~/.local/bin, in that order of preference.
set -eu

# The GitHub repository releases are downloaded from ("owner/name"): CANARY_REPO, else the
# value the release stamps here from deno.json's canary.repository (empty in a checkout).
CANARY_DEFAULT_REPO=""
CANARY_REPO="${CANARY_REPO:-$CANARY_DEFAULT_REPO}"

usage() {
  cat <<'EOF'
usage: install.sh [--version V] [--dir DIR] [--from DIR]
  --version V  install canary V (default: the latest release, or the only one in --from)
  --dir DIR    install into DIR (default: $CANARY_INSTALL_DIR, else ~/.local/bin)
  --from DIR   take the binary and SHA256SUMS from DIR instead of downloading them
EOF
}

fail() {
  echo "install.sh: $*" >&2
  exit 1
}

version=""
from=""
dir="${CANARY_INSTALL_DIR:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --version | --dir | --from)
      if [ $# -lt 2 ]; then
        echo "install.sh: $1 needs a value" >&2
        exit 2
      fi
      case "$1" in
        --version) version="${2#v}" ;;
        --dir) dir="$2" ;;
        --from) from="$2" ;;
      esac
      shift 2
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      echo "install.sh: unknown option $1" >&2
      usage >&2
      exit 2
      ;;
  esac
done
if [ -z "$dir" ]; then
  [ -n "${HOME:-}" ] || fail "HOME is not set; pass --dir or set CANARY_INSTALL_DIR"
  dir="$HOME/.local/bin"
fi

# The deno compile target naming this machine, as in the release file names.
os="$(uname -s)"
arch="$(uname -m)"
exe=""
case "$os" in
  Linux) os_part="unknown-linux-gnu" ;;
  Darwin) os_part="apple-darwin" ;;
  MINGW* | MSYS* | CYGWIN* | Windows_NT)
    os_part="pc-windows-msvc"
    exe=".exe"
    ;;
  *) fail "no canary binary is built for $os; build from source instead" ;;
esac
case "$arch" in
  x86_64 | amd64) arch_part="x86_64" ;;
  aarch64 | arm64) arch_part="aarch64" ;;
  *) fail "no canary binary is built for $arch CPUs; build from source instead" ;;
esac
target="$arch_part-$os_part"

work="$(mktemp -d "${TMPDIR:-/tmp}/canary-install.XXXXXX")"
partial=""
cleanup() {
  rm -rf "$work"
  if [ -n "$partial" ]; then rm -f "$partial"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

download() { # url file
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --retry 2 -o "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then
    wget -q -O "$2" "$1"
  else
    fail "neither curl nor wget is installed"
  fi
}

# Fetches release file $1 into $work/$1, from --from or from the release.
fetch() {
  if [ -n "$from" ]; then
    [ -f "$from/$1" ] || fail "$from/$1 not found"
    cp "$from/$1" "$work/$1"
  else
    [ -n "$CANARY_REPO" ] ||
      fail "no repository to download from: set CANARY_REPO=owner/name (or use --from DIR)"
    if [ -n "$version" ]; then
      url="https://github.com/$CANARY_REPO/releases/download/v$version/$1"
    else
      url="https://github.com/$CANARY_REPO/releases/latest/download/$1"
    fi
    download "$url" "$work/$1" || fail "could not download $url"
  fi
}

fetch SHA256SUMS
if [ -n "$from" ]; then source_name="$from"; else source_name="the ${version:-latest} release"; fi

# Lines are "<sha256>  <name>" (a '*' before the name marks binary mode).
if [ -n "$version" ]; then
  pattern="canary-$version-$target$exe"
else
  pattern="canary-*-$target$exe"
fi
matches="$(
  tr -d '\r' <"$work/SHA256SUMS" | while read -r sum name rest || [ -n "${sum:-}" ]; do
    name="${name#\*}"
    # shellcheck disable=SC2254 # the pattern is meant to glob
    case "$name" in
      */* | *\\*) ;; # a path, not a release file name: never follow it
      $pattern) if [ -z "$rest" ]; then echo "$sum $name"; fi ;;
    esac
  done
)"
[ -n "$matches" ] || fail "no canary${version:+ $version} binary for $target in $source_name"
count="$(printf '%s\n' "$matches" | wc -l | tr -d ' ')"
[ "$count" -eq 1 ] || fail "$count canary versions for $target in $source_name; pick one with --version"
expected="${matches%% *}"
name="${matches#* }"

fetch "$name"
if command -v sha256sum >/dev/null 2>&1; then
  actual="$(sha256sum "$work/$name")"
elif command -v shasum >/dev/null 2>&1; then
  actual="$(shasum -a 256 "$work/$name")"
else
  fail "neither sha256sum nor shasum is installed, so the download cannot be verified"
fi
actual="${actual%% *}"
actual="${actual#\\}"
expected_lower="$(printf '%s' "$expected" | tr 'A-F' 'a-f')"
[ "$actual" = "$expected_lower" ] ||
  fail "checksum mismatch for $name: SHA256SUMS says $expected, got $actual; nothing installed"

# Copy next to the destination and rename, so the installed file is never half-written.
mkdir -p "$dir"
partial="$dir/.canary-install.$$"
cp "$work/$name" "$partial"
chmod 755 "$partial"
mv -f "$partial" "$dir/canary$exe"
partial=""

installed_version="${name#canary-}"
installed_version="${installed_version%-"$target$exe"}"
echo "installed canary $installed_version ($target) to $dir/canary$exe"
case ":${PATH:-}:" in
  *":$dir:"*) ;;
  *) echo "note: $dir is not on your PATH; add it, or run $dir/canary$exe" ;;
esac
