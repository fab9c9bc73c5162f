#!/usr/bin/env bash
# How whole-process figures grow with the size of a roadmap: a generated user roadmap of
# 1k / 10k / 100k steps (100 phases, 2–3 of 10 tags per step, ~2 prerequisites per step)
# beside the bundled ones; every third step done.
#
#   bash benches/scale.sh               # BENCH_SIZES="1000 10000" to choose sizes
#
# Per size: `list` cold (--no-cache: parse and validate), `list` warm (the load cache),
# `show R tag:tag3` and `progress R` warm, `validate FILE`, and the peak RSS of a cold
# and a warm `list`. Not run by CI: it installs hyperfine and jq when missing.
set -euo pipefail

missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v jq >/dev/null || missing+=(jq)
[[ -x /usr/bin/time ]] || missing+=(time)
if ((${#missing[@]})); then
    sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update
    "${sudo[@]}" apt-get install -y "${missing[@]}"
fi

root=$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)
(cd "$root" && cargo build --release --quiet)
# .cargo/config.toml builds for the host triple by name: target/<host>/release.
host=$(rustc -vV | sed -n 's/^host: //p')
wm_bin="${CARGO_TARGET_DIR:-$root/target}/$host/release/waymark"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/waymark-scale.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
unset WAYMARK_DB WAYMARK_ROADMAPS WAYMARK_NOW WAYMARK_NO_CACHE WAYMARK_TRACE
export XDG_CACHE_HOME="$tmp/cache"

hf=(hyperfine --warmup 2 --style none -N)

# median_ms CMD...: hyperfine's median of CMD, in ms.
median_ms() {
    local runs=$1
    shift
    "${hf[@]}" --runs "$runs" --export-json "$tmp/h.json" "$*" >/dev/null
    jq -r '.results[0].median * 1000' "$tmp/h.json"
}
# rss_mb CMD...: peak resident set of one run, in MB.
rss_mb() {
    /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.0f", $1 / 1024}'
}

rows=()
for n in ${BENCH_SIZES:-1000 10000 100000}; do
    dir=$tmp/s$n
    mkdir -p "$dir/roadmaps"
    awk -v n="$n" -v out="$dir/roadmaps/gen.toml" 'BEGIN {
        print "id = \"gen\"\ntitle = \"Generated\"" >out
        for (p = 0; p < 100; p++) printf "\n[[phases]]\nid = \"p%02d\"\ntitle = \"Phase %d\"\n", p, p >out
        for (i = 0; i < n; i++) {
            tags = sprintf("\"tag%d\", \"tag%d\"", i % 10, (i + 3) % 10)
            if (i % 2 == 0) tags = tags sprintf(", \"tag%d\"", (i + 6) % 10)
            printf "\n[[steps]]\nid = \"s%d\"\ntitle = \"Step number %d\"\nphase = \"p%02d\"\nhours = %d\ntags = [%s]\n", i, i, int(i * 100 / n), 1 + i % 5, tags >out
            r = ""
            if (i >= 1) r = sprintf("\"s%d\"", i - 1)
            if (i >= 7) r = r sprintf(", \"s%d\"", i - 7)
            if (r != "") printf "requires = [%s]\n", r >out
        }
    }'
    # Not edited moments ago (see vs-taskwarrior.sh): the load cache may stamp it.
    touch -d '1 minute ago' "$dir/roadmaps/gen.toml"
    wm=("$wm_bin" --db "$dir/p.sqlite3" --roadmaps "$dir/roadmaps")
    printf -v cmd '%q ' "${wm[@]}"
    seq 0 3 $((n - 1)) | sed 's|^|gen/s|' | xargs "${wm[@]}" done >/dev/null
    # As if last changed a while ago, like the roadmap: a first read creates the WAL file
    # the writer removed, then both are dated back, so the stored states (and `list`'s
    # rows) may be kept, as they are for anyone not marking steps this very second.
    "${wm[@]}" --no-cache list >/dev/null
    touch -c -d '1 minute ago' "$dir/p.sqlite3" "$dir/p.sqlite3-wal"
    runs=$((n >= 100000 ? 10 : 30))
    cold=$(median_ms "$runs" "$cmd --no-cache list")
    warm=$(median_ms "$runs" "$cmd list")
    show=$(median_ms "$runs" "$cmd show gen tag:tag3")
    progress=$(median_ms "$runs" "$cmd progress gen")
    validate=$(median_ms "$runs" "$cmd validate $dir/roadmaps/gen.toml")
    rss_cold=$(rss_mb "${wm[@]}" --no-cache list)
    rss_warm=$(rss_mb "${wm[@]}" list)
    entry=$(du -k "$XDG_CACHE_HOME"/waymark/roadmaps/*.bin | sort -n | tail -1 | cut -f1)
    rows+=("$(printf '| %7d | %8.1f | %8.1f | %8.1f | %8.1f | %8.1f | %5s / %-5s | %6s KiB | %d |' \
        "$n" "$cold" "$warm" "$show" "$progress" "$validate" "$rss_cold" "$rss_warm" "$entry" "$runs")")
    rm -rf "$XDG_CACHE_HOME"
done

echo "waymark $("$wm_bin" --version | awk '{print $2}') (release); $(nproc) cores," \
    "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); medians of hyperfine -N"
echo
echo "| steps | list cold ms | list warm ms | show tag ms | progress ms | validate ms | peak RSS MB cold / warm | largest cache entry | runs |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
