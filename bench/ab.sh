#!/usr/bin/env bash
# Alternates bench/ratios.ts between two checkouts on this machine, so drift in the disk and the
# load hits both alike; prints the median per-step times and ratios of each.
#   bench/ab.sh OLD_DIR NEW_DIR [PAIRS=5] [OUT=ab.jsonl]
# OLD_DIR may be a worktree of an older commit (git worktree add --detach DIR COMMIT; cp -al
# node_modules into it): ratios.ts is copied there, as it needs only bench/measure.ts.
set -euo pipefail
old=$1 new=$2 pairs=${3:-5} out=${4:-ab.jsonl}
here=$(cd "$(dirname "$0")" && pwd)
for i in $(seq 1 "$pairs"); do
  for side in old new; do
    dir=$old; [ "$side" = new ] && dir=$new
    [ "$dir/bench" -ef "$here" ] || cp "$here/ratios.ts" "$dir/bench/ratios.ts"
    line=$(cd "$dir" && node --import tsx bench/ratios.ts)
    echo "{\"side\":\"$side\",\"pair\":$i,${line:1}" | tee -a "$out"
  done
done
node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
for (const side of ["old", "new"]) {
  const rs = rows.filter((r) => r.side === side);
  for (const level of ["FULL", "NORMAL"]) for (const stat of ["mean", "p50"]) {
    const k = (r, s) => r[`${s}_${level}_${stat}`];
    const m = (f) => median(rs.map(f));
    console.log(`${side} n=${rs.length} ${level} ${stat}: keel ${m((r) => k(r, "keel"))} bare ${m((r) => k(r, "bare"))} langgraph ${m((r) => k(r, "langgraph"))} us/step; ` +
      `keel/bare ${m((r) => k(r, "keel") / k(r, "bare")).toFixed(2)}x, langgraph/keel ${m((r) => k(r, "langgraph") / k(r, "keel")).toFixed(2)}x`);
  }
}' "$out"
