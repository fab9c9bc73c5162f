#!/usr/bin/env bash
# Compare waymark with Taskwarrior on the same items: every step of the five bundled
# roadmaps, ~1/3 done and ~1/6 in progress, imported into a throwaway Taskwarrior.
#
#   bash benches/vs-taskwarrior.sh            # BENCH_KEEP=1 keeps the temp dir
#
# Not run by CI: it installs packages (taskwarrior, hyperfine, jq) when missing and
# timings depend on the machine.
set -euo pipefail

# ---- tools -------------------------------------------------------------------------
missing=()
command -v task >/dev/null || missing+=(taskwarrior)
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v jq >/dev/null || missing+=(jq) # builds the import file and reads results
if ((${#missing[@]})); then
    sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update
    "${sudo[@]}" apt-get install -y "${missing[@]}"
fi

root=$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)
(cd "$root" && cargo build --release --quiet)
wm_bin="${CARGO_TARGET_DIR:-$root/target}/release/waymark"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/waymark-vs-task.XXXXXX")
if [[ ${BENCH_KEEP:-} == 1 ]]; then
    trap 'echo "kept $tmp"' EXIT
else
    trap 'rm -rf "$tmp"' EXIT
fi

# An empty user roadmap folder, so only the five bundled roadmaps load whatever the
# caller's own setup is; the env vars would override --db / --roadmaps otherwise.
unset WAYMARK_DB WAYMARK_ROADMAPS WAYMARK_NOW
mkdir "$tmp/roadmaps"
wm=("$wm_bin" --db "$tmp/progress.sqlite3" --roadmaps "$tmp/roadmaps")
printf -v wm_cmd '%q ' "${wm[@]}" # one string for hyperfine, quoted for either shell mode

# ---- waymark: a realistic mix of progress --------------------------------------------
mapfile -t roadmaps < <("${wm[@]}" list --json | jq -r '.[].id')
refs=()
for r in "${roadmaps[@]}"; do
    mapfile -t -O "${#refs[@]}" refs < <("${wm[@]}" show "$r" --json |
        jq -r '.id as $r | .phases[].steps[] | "\($r)/\(.id)"')
done
# Spread evenly over every roadmap and phase: 2 of each 6 done, 1 of each 6 started.
done_refs=() start_refs=()
for i in "${!refs[@]}"; do
    case $((i % 6)) in
        0 | 3) done_refs+=("${refs[i]}") ;;
        1) start_refs+=("${refs[i]}") ;;
    esac
done
"${wm[@]}" done "${done_refs[@]}" >/dev/null
"${wm[@]}" start "${start_refs[@]}" >/dev/null

# ---- Taskwarrior: the same items, from waymark's own view of them ---------------------
export TASKRC="$tmp/taskrc" TASKDATA="$tmp/task"
mkdir "$TASKDATA"
cat >"$TASKRC" <<EOF
data.location=$TASKDATA
confirmation=off
verbose=nothing
hooks=off
color=off
json.array=on
EOF

# One task per step, done / started exactly as marked above (waymark's JSON status is
# the effective one: a started step in a pick-one group whose sibling is done shows as
# not needed, which Taskwarrior has no notion of). Tags: Taskwarrior's are single words
# of letters, digits and _. Fixed dates and UUIDs keep runs comparable.
to_json() { printf '%s\n' "$@" | jq -R . | jq -s 'map({(.): true}) | add // {}'; }
for r in "${roadmaps[@]}"; do "${wm[@]}" show "$r" --json; done | jq -s \
    --argjson done "$(to_json "${done_refs[@]}")" --argjson started "$(to_json "${start_refs[@]}")" '
  def tw_tag: gsub("[^A-Za-z0-9_]+"; "_") | ltrimstr("_") | rtrimstr("_")
              | if test("^[0-9]") then "t" + . else . end;
  [ .[] | .id as $project | .phases[].steps[] | {$project, step: .} ]
  | to_entries
  | map(.key as $i | .value.step as $s | "\(.value.project)/\($s.id)" as $ref
        | { uuid: ("00000000-0000-4000-8000-" + ("000000000000" + ($i + 1 | tostring))[-12:]),
            description: $s.title,
            project: .value.project,
            entry: "20250101T000000Z",
            status: (if $done[$ref] then "completed" else "pending" end) }
        + ([$s.tags[] | tw_tag | select(. != "")] | unique
           | if length > 0 then {tags: .} else {} end)
        + (if $done[$ref] then {end: "20250201T000000Z"} else {} end)
        + (if $started[$ref] then {start: "20250115T000000Z"} else {} end))
' >"$tmp/import.json"
task import "$tmp/import.json" >/dev/null
task list >/dev/null || true # first read with gc: moves completed tasks out, numbers IDs

# gc=off spares every read a rewrite of the data files; use it only if it changes nothing.
task_cmd=task
if [[ $(task rc.gc=off list) == "$(task list)" &&
    $(task rc.gc=off export) == "$(task export)" ]]; then
    task_cmd="task rc.gc=off"
fi

# The two tools must hold the same items before any timing means anything.
items=${#refs[@]}
wm_status=$(for r in "${roadmaps[@]}"; do "${wm[@]}" show "$r" --json; done |
    jq -s -r '[.[].phases[].steps[].status] | group_by(.)
              | map("\(length) \(.[0])") | join(", ")')
want="$items ${#done_refs[@]} ${#start_refs[@]}"
got="$(task count) $(task status:completed count) $(task +ACTIVE count)"
if [[ $got != "$want" || $wm_status != *"${#done_refs[@]} done"* ]]; then
    echo "items differ: want (all done started) $want; task has $got; waymark shows $wm_status" >&2
    exit 1
fi

# ---- timings ---------------------------------------------------------------------------
hf=(hyperfine --warmup 3 --runs 30 --style basic)
# -N (no intermediate shell) needs hyperfine >= 1.13; without it the shell's spawn
# time is in both columns and hyperfine subtracts it.
hyperfine --help | grep -q -- '--shell=none\|-N,' && hf+=(-N)

# bench NAME WAYMARK_CMD TASK_CMD: one hyperfine run, results as $tmp/NAME.{md,json}.
names=()
bench() {
    local name=$1
    names+=("$name")
    echo
    echo "== $name"
    "${hf[@]}" --export-markdown "$tmp/$name.md" --export-json "$tmp/$name.json" \
        -n waymark "$2" -n task "$3"
}
bench "list" "$wm_cmd list" "$task_cmd list"
bench "export" "$wm_cmd show backend-chart-2022 --json" "$task_cmd export"
bench "one-roadmap" "$wm_cmd show backend-chart-2022" "$task_cmd project:backend-chart-2022 list"
bench "tag-filter" "$wm_cmd show backend-steps tag:Backend" "$task_cmd +Backend list"

# ---- summary ---------------------------------------------------------------------------
median_ms() { jq -r --arg n "$2" '.results[] | select(.command == $n) | .median * 1000' "$tmp/$1.json"; }
declare -A label=(
    [list]="waymark list  vs  task list"
    [export]="waymark show backend-chart-2022 --json  vs  task export"
    [one-roadmap]="waymark show backend-chart-2022  vs  task project:backend-chart-2022 list"
    [tag-filter]="waymark show backend-steps tag:Backend  vs  task +Backend list"
)
echo
echo "waymark:     $("$wm_bin" --version | awk '{print $2}') (release build)"
echo "taskwarrior: $(task --version)  ($task_cmd)"
echo "hyperfine:   $(hyperfine --version | awk '{print $2}')  (${hf[*]:1})"
echo "items:       $items steps in ${#roadmaps[@]} roadmaps; marked ${#done_refs[@]} done, ${#start_refs[@]} started"
echo "             (waymark shows $wm_status)"
echo
printf '%-12s %11s %9s %8s   %s\n' comparison "waymark ms" "task ms" task/wm commands
for n in "${names[@]}"; do
    w=$(median_ms "$n" waymark) t=$(median_ms "$n" task)
    printf '%-12s %11.1f %9.1f %7.1f×   %s\n' "$n" "$w" "$t" "$(jq -n "$t / $w")" "${label[$n]}"
done

w=$(median_ms list waymark) t=$(median_ms list task)
awk -v w="$w" -v t="$t" 'BEGIN {
    r = t / w
    verdict = r >= 1 ? sprintf("%.1f× faster", r) : sprintf("%.1f× slower", 1 / r)
    printf "\nwaymark list: %.1f ms median; task list: %.1f ms median; %s\n", w, t, verdict
}'
