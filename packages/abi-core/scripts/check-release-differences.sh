#!/bin/sh
# Check every entry of src/machine/release-differences.ts against a clone of xen-project/xen:
# each commit exists, is on the branch it names, and its first RELEASE-* tag is the one recorded;
# and no stable branch older than the master commit's first tag carries a backport not recorded.
# Usage: check-release-differences.sh PATH-TO-XEN-GIT   (run `npm run build:packages` first)
set -eu
repo=${1:?usage: $0 PATH-TO-XEN-GIT}
here=$(cd "$(dirname "$0")/.." && pwd)
node --input-type=module -e "
import { RELEASE_DIFFERENCES } from '$here/dist/machine/release-differences.js';
for (const d of RELEASE_DIFFERENCES)
  for (const c of d.commits) console.log([d.id, c.commit, c.branch, c.firstTag].join(' '));
" | {
  bad=0
  while read -r id commit branch tag; do
    first=$(git -C "$repo" tag --contains "$commit" 'RELEASE-*' | sed 's/^RELEASE-//' | sort -V | head -n1)
    onbranch=no
    git -C "$repo" merge-base --is-ancestor "$commit" "$branch" 2>/dev/null && onbranch=yes
    if [ "$first" = "$tag" ] && [ "$onbranch" = yes ]; then
      echo "ok   $id $commit on $branch, first tag $tag"
    else
      echo "FAIL $id $commit: on $branch: $onbranch, first tag $first (recorded $tag)"
      bad=1
    fi
    if [ "$branch" = master ]; then
      subject=$(git -C "$repo" log -1 --format=%s "$commit")
      minor=$(echo "$tag" | cut -d. -f2)
      n=12
      while [ "$n" -lt "$minor" ]; do
        # A backport has the same subject; a later fix naming it in a Fixes: line does not.
        for b in $(git -C "$repo" log "stable-4.$n" --abbrev=10 --format='%h %s' --grep="$subject" -F |
          while read -r h s; do [ "$s" = "$subject" ] && echo "$h"; done); do
          if ! grep -q "commit: \"$b\"" "$here/src/machine/release-differences.ts"; then
            echo "FAIL $id: stable-4.$n carries $b ($subject), not recorded"
            bad=1
          fi
        done
        n=$((n + 1))
      done
    fi
  done
  exit $bad
}
