#!/usr/bin/env bash
# npm run real-xen:setup — fetch and build the real Xen hypervisors the harness boots.
#
# Everything lands in a cache outside the repository ($XEN_ABI_REAL_XEN_CACHE, default
# ~/.cache/xen-abi/real-xen); nothing from Xen is ever committed. Idempotent: a build whose
# `info` file exists is kept, so a second run is offline.
#
#   builds:  xen/<4.17|4.20>/<x86_64|arm64>-<release|debug>/{xen,config,info}
#   release: Debian's hypervisor package (apt-get download + dpkg-deb -x), as shipped.
#   debug:   Debian's source package (apt-get source) built with Debian's shipped .config plus
#            DEBUG, EXPERT, UNSUPPORTED, ARGO (x86_64 also PV32). When Debian's source cannot be
#            downloaded, a Xen git repository named by $XEN_ABI_XEN_GIT gives RELEASE-<version>.
#
# Options: --only release|debug   --release 4.17|4.20   --arch x86_64|arm64   (each repeatable
# by running again; default everything). Exit 0 when every requested build is present.
set -u -o pipefail

CACHE="${XEN_ABI_REAL_XEN_CACHE:-$HOME/.cache/xen-abi/real-xen}"
ONLY="" RELS="4.17 4.20" ARCHES="x86_64 arm64"
while [ $# -gt 0 ]; do
  case "$1" in
    --only) ONLY="$2"; shift 2 ;;
    --release) RELS="$2"; shift 2 ;;
    --arch) ARCHES="$2"; shift 2 ;;
    *) echo "real-xen:setup: unknown option '$1' (use --only release|debug, --release 4.17|4.20, --arch x86_64|arm64)" >&2; exit 2 ;;
  esac
done
case "$ONLY" in ""|release|debug) ;; *) echo "real-xen:setup: --only takes release or debug, not '$ONLY'" >&2; exit 2 ;; esac

say() { echo "real-xen:setup: $*"; }
fail() { echo "real-xen:setup: $*" >&2; FAILED=1; }
FAILED=0

# Debian codename per Xen release, and Debian's arch name per Xen arch.
codename() { case "$1" in 4.17) echo bookworm ;; 4.20) echo trixie ;; esac; }
debarch() { case "$1" in x86_64) echo amd64 ;; arm64) echo arm64 ;; esac; }

need() { # need TOOL APT-PACKAGE WHY
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "real-xen:setup: missing '$1' ($3): install it with 'apt-get install -y $2'" >&2
    exit 1
  fi
}
need apt-get apt "fetching Debian's packages"
need dpkg-deb dpkg "unpacking Debian's packages"
need gzip gzip "unpacking the x86 hypervisor"
if [ "$ONLY" != release ]; then
  need dpkg-source dpkg-dev "unpacking Debian's source package"
  need make make "building Xen"
  need gcc gcc "building Xen"
  need flex flex "building Xen's Kconfig"
  need bison bison "building Xen's Kconfig"
  need python3 python3 "building Xen"
  case " $ARCHES " in *" arm64 "*) need aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu "cross-building arm64 Xen" ;; esac
fi

# ---- apt state of our own, per codename, so the machine's apt configuration is left alone.
# The mirror is the one this machine's apt already uses, with the codename swapped.
apt_dir() { echo "$CACHE/apt/$1"; }
A() { # A CODENAME apt-get-args...
  local d; d=$(apt_dir "$1"); shift
  apt-get -q -o Dir::Etc::sourcelist="$d/sources.list" -o Dir::Etc::sourceparts=- \
    -o Dir::State::Lists="$d/lists" -o Dir::Cache="$d/cache" -o Dir::Cache::archives="$d/archives" \
    -o APT::Architectures::=amd64 -o APT::Architectures::=arm64 \
    -o Debug::NoLocking=1 -o APT::Sandbox::User=root "$@"
}
AC() {
  local d; d=$(apt_dir "$1"); shift
  apt-cache -o Dir::Etc::sourcelist="$d/sources.list" -o Dir::Etc::sourceparts=- \
    -o Dir::State::Lists="$d/lists" -o Dir::Cache="$d/cache" \
    -o APT::Architectures::=amd64 -o APT::Architectures::=arm64 "$@"
}
apt_ready() { # apt_ready CODENAME: write sources and update once (offline afterwards)
  local c="$1" d; d=$(apt_dir "$c")
  [ -f "$d/updated" ] && return 0
  local host_release main sec
  host_release=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
  main=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null | awk -v r="$host_release" '$2==r {print $1; exit}')
  sec=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null | awk -v r="$host_release-security" '$2==r {print $1; exit}')
  if [ -z "$main" ]; then
    fail "no Debian mirror found in this machine's apt lists: run 'apt-get update' first"
    return 1
  fi
  mkdir -p "$d/lists/partial" "$d/archives/partial" "$d/cache"
  local k=/usr/share/keyrings/debian-archive-keyring.gpg
  {
    for s in "$c" "$c-updates"; do
      echo "deb [arch=amd64,arm64 signed-by=$k] $main $s main"
      echo "deb-src [signed-by=$k] $main $s main"
    done
    if [ -n "$sec" ]; then
      echo "deb [arch=amd64,arm64 signed-by=$k] $sec $c-security main"
      echo "deb-src [signed-by=$k] $sec $c-security main"
    fi
  } >"$d/sources.list"
  say "apt: reading Debian $c's package lists"
  if ! A "$c" update >"$d/update.log" 2>&1; then
    fail "apt-get update for Debian $c failed (see $d/update.log)"
    return 1
  fi
  touch "$d/updated"
}

# ---- release builds: Debian's binary package, as shipped.
release_build() { # release_build REL ARCH
  local rel="$1" arch="$2" c da out pkg ver deb tmp
  c=$(codename "$rel"); da=$(debarch "$arch"); out="$CACHE/xen/$rel/$arch-release"
  [ -f "$out/info" ] && return 0
  apt_ready "$c" || return 1
  pkg="xen-hypervisor-$rel-$da"
  ver=$(AC "$c" policy "$pkg:$da" 2>/dev/null | awk '/Candidate:/ {print $2}')
  if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then fail "Debian $c has no $pkg"; return 1; fi
  say "fetching $pkg $ver ($c)"
  mkdir -p "$CACHE/debs" && cd "$CACHE/debs" || return 1
  deb=$(ls "${pkg}_${ver/+*/}"*"_$da.deb" 2>/dev/null | grep -F "_${ver//:/%3a}_" | head -n1)
  if [ -z "$deb" ]; then
    A "$c" download "$pkg:$da=$ver" >/dev/null 2>"$CACHE/debs/$pkg.err" || { fail "apt-get download $pkg=$ver failed (see $CACHE/debs/$pkg.err)"; return 1; }
    deb=$(ls "${pkg}_"*"_$da.deb" | grep -F "_${ver//:/%3a}_" | head -n1)
  fi
  tmp=$(mktemp -d) && dpkg-deb -x "$deb" "$tmp" || return 1
  mkdir -p "$out"
  if [ "$arch" = x86_64 ]; then
    gzip -dc "$tmp/boot/xen-$rel-$da.gz" >"$out/xen"
  else
    cp "$tmp/boot/xen-$rel-$da" "$out/xen"
  fi
  cp "$tmp/boot/xen-$rel-$da.config" "$out/config"
  rm -rf "$tmp"
  { echo "build=$arch-release"; echo "xen=${ver%%+*}"; echo "debian_version=$ver";
    echo "origin=Debian $c package $pkg $ver, as shipped"; } >"$out/info"
}

# ---- debug builds: Debian's source package (or Xen's git tag) with a debug + Argo config.
source_tree() { # source_tree REL -> prints the unpacked tree, fetching it once
  local rel="$1" c ver dir
  c=$(codename "$rel"); dir="$CACHE/src/$rel"
  if [ -f "$dir/origin" ]; then echo "$dir/tree"; return 0; fi
  apt_ready "$c" >&2 || return 1
  mkdir -p "$dir/dl"
  for ver in $(AC "$c" showsrc xen 2>/dev/null | awk '/^Version:/ {print $2}' | sort -Vru); do
    say "fetching Debian's source package xen $ver ($c)" >&2
    rm -rf "$dir/dl"/* "$dir/tree"
    if (cd "$dir/dl" && A "$c" source --download-only "xen=$ver" >"$dir/fetch.log" 2>&1) &&
       dpkg-source -x "$dir/dl"/xen_*.dsc "$dir/tree" >>"$dir/fetch.log" 2>&1; then
      echo "Debian $c source package xen $ver (Debian's patches applied)" >"$dir/origin"
      echo "${ver%%+*}" >"$dir/xen-version"
      echo "$dir/tree"; return 0
    fi
  done
  # Debian's source was not downloadable: Xen's own tag for the binary's version, if a git
  # repository of Xen is at hand.
  local bin tag
  bin=$(AC "$c" policy "xen-hypervisor-$rel-amd64" 2>/dev/null | awk '/Candidate:/ {print $2}')
  tag="RELEASE-${bin%%+*}"
  if [ -n "${XEN_ABI_XEN_GIT:-}" ] && git -C "$XEN_ABI_XEN_GIT" rev-parse -q --verify "$tag^{commit}" >/dev/null 2>&1; then
    say "Debian's source package for $rel is not downloadable; using $tag from $XEN_ABI_XEN_GIT" >&2
    rm -rf "$dir/tree" && mkdir -p "$dir/tree" &&
      git -C "$XEN_ABI_XEN_GIT" archive "$tag" | tar -x -C "$dir/tree" || return 1
    echo "Xen git tag $tag (Debian's source package xen for $c was not downloadable)" >"$dir/origin"
    echo "${bin%%+*}" >"$dir/xen-version"
    echo "$dir/tree"; return 0
  fi
  echo "real-xen:setup: Debian's source package xen for $c could not be downloaded (see $dir/fetch.log); set XEN_ABI_XEN_GIT to a clone of Xen's git repository to build $tag instead" >&2
  return 1
}

debug_build() { # debug_build REL ARCH
  local rel="$1" arch="$2" da out tree work cfg make_args t0
  da=$(debarch "$arch"); out="$CACHE/xen/$rel/$arch-debug"
  [ -f "$out/info" ] && return 0
  release_build "$rel" "$arch" || return 1      # its shipped .config is the starting point
  tree=$(source_tree "$rel") || { FAILED=1; return 1; }
  work="$CACHE/build/$rel-$arch"
  if [ ! -f "$work/.copied" ]; then
    rm -rf "$work" && mkdir -p "$work" && cp -a "$tree/." "$work/" && touch "$work/.copied"
  fi
  cfg="$work/xen/.config"
  cp "$CACHE/xen/$rel/$arch-release/config" "$cfg"
  printf 'CONFIG_EXPERT=y\nCONFIG_UNSUPPORTED=y\nCONFIG_ARGO=y\nCONFIG_DEBUG=y\n' >>"$cfg"
  [ "$arch" = x86_64 ] && echo 'CONFIG_PV32=y' >>"$cfg"
  make_args=(PYTHON=/usr/bin/python3)
  [ "$arch" = arm64 ] && make_args+=(XEN_TARGET_ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
  say "building Xen $rel $arch debug+Argo (a few minutes; log: $work/build.log)"
  t0=$(date +%s)
  if ! { make -C "$work/xen" olddefconfig "${make_args[@]}" && make -C "$work/xen" -j"$(nproc)" "${make_args[@]}"; } >"$work/build.log" 2>&1; then
    fail "building Xen $rel $arch failed: see $work/build.log"
    return 1
  fi
  mkdir -p "$out"
  if [ "$arch" = x86_64 ]; then cp "$work/xen/xen" "$out/xen"; else cp "$work/xen/xen" "$out/xen"; fi
  cp "$cfg" "$out/config"
  { echo "build=$arch-debug"; echo "xen=$(cat "$CACHE/src/$rel/xen-version")";
    echo "origin=$(cat "$CACHE/src/$rel/origin"), config: Debian's $rel $da .config + DEBUG EXPERT UNSUPPORTED ARGO$([ "$arch" = x86_64 ] && echo ' PV32')";
    echo "build_seconds=$(( $(date +%s) - t0 ))"; } >"$out/info"
  say "built Xen $rel $arch debug in $(( $(date +%s) - t0 )) s"
}

for rel in $RELS; do
  case "$rel" in 4.17|4.20) ;; *) echo "real-xen:setup: --release takes 4.17 or 4.20, not '$rel'" >&2; exit 2 ;; esac
  for arch in $ARCHES; do
    case "$arch" in x86_64|arm64) ;; *) echo "real-xen:setup: --arch takes x86_64 or arm64, not '$arch'" >&2; exit 2 ;; esac
    [ "$ONLY" != debug ] && { release_build "$rel" "$arch" || FAILED=1; }
    [ "$ONLY" != release ] && { debug_build "$rel" "$arch" || FAILED=1; }
  done
done

# ---- what we have
yn() { grep -q "^CONFIG_$1=y" "$2" && echo y || echo n; }
say "cache: $CACHE"
for d in "$CACHE"/xen/*/*/; do
  [ -f "$d/info" ] || continue
  c="$d/config"
  printf 'real-xen:setup: have %-5s %-15s Xen %-7s DEBUG=%s ARGO=%s PV32=%s XSM=%s SILO_DEFAULT=%s  %s\n' \
    "$(basename "$(dirname "$d")")" "$(basename "$d")" "$(sed -n 's/^xen=//p' "$d/info")" \
    "$(yn DEBUG "$c")" "$(yn ARGO "$c")" "$(yn PV32 "$c")" "$(yn XSM "$c")" "$(yn XSM_SILO_DEFAULT "$c")" \
    "$(sed -n 's/^origin=//p' "$d/info")"
done
for t in qemu-system-x86_64:qemu-system-x86 qemu-system-aarch64:qemu-system-arm aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu; do
  command -v "${t%%:*}" >/dev/null 2>&1 || echo "real-xen:setup: note: '${t%%:*}' is missing (booting needs it): apt-get install -y ${t#*:}" >&2
done
exit "$FAILED"
