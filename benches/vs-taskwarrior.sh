#!/usr/bin/env bash
# Compare waymark with Taskwarrior on the same items, in two cases:
# - every step of the five bundled roadmaps, ~1/3 done and ~1/6 in progress;
# - 2,000 items: a generated 2,000-step user roadmap `big` (20 phases, 2–3 of 10 tags
#   per step, every third step done) beside the bundled ones, and the same 2,000 tasks
#   (projects big.p00…big.p19, the same tags, the same ones completed);
# each imported into a throwaway Taskwarrior. Also `waymark list` against
# `waymark --version`, the floor of starting the process. Prints the ratios.
#
#   bash benches/vs-taskwarrior.sh            # BENCH_KEEP=1 keeps the temp dir
#
# Not run by CI: it installs packages (taskwarrior, hyperfine, jq) when missing and
# timings depend on the machine. Last, the 2,000-item pairs are timed once more
# interleaved (benches/interleave.rs; BENCH_INTERLEAVED_RUNS, default 100, 0 skips it).
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
# .cargo/config.toml builds for the host triple by name: target/<host>/release.
host=$(rustc -vV | sed -n 's/^host: //p')
wm_bin="${CARGO_TARGET_DIR:-$root/target}/$host/release/waymark"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/waymark-vs-task.XXXXXX")
if [[ ${BENCH_KEEP:-} == 1 ]]; then
    trap 'echo "kept $tmp"' EXIT
else
    trap 'rm -rf "$tmp"' EXIT
fi

# An empty user roadmap folder, so only the five bundled roadmaps load whatever the
# caller's own setup is; the env vars would override --db / --roadmaps otherwise.
unset WAYMARK_DB WAYMARK_ROADMAPS WAYMARK_NOW WAYMARK_NO_CACHE WAYMARK_TRACE
# A cache of its own, filled by the first runs (hyperfine's warm-up included).
export XDG_CACHE_HOME="$tmp/cache"
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

# ---- the 2,000-item case ----------------------------------------------------------------
# One generator writes both sides: the roadmap TOML and Taskwarrior's import JSON.
big=$tmp/big
mkdir -p "$big/roadmaps" "$big/task"
awk -v toml="$big/roadmaps/big.toml" -v json="$big/import.json" 'BEGIN {
    n = 2000; phases = 20
    print "id = \"big\"\ntitle = \"Generated, 2,000 steps\"" >toml
    for (p = 0; p < phases; p++)
        printf "\n[[phases]]\nid = \"p%02d\"\ntitle = \"Phase %d\"\n", p, p >toml
    print "[" >json
    for (i = 0; i < n; i++) {
        p = int(i * phases / n)
        # Two or three distinct tags of ten: offsets 0, 3, 6 apart.
        tags = sprintf("\"tag%d\", \"tag%d\"", i % 10, (i + 3) % 10)
        if (i % 2 == 0) tags = tags sprintf(", \"tag%d\"", (i + 6) % 10)
        printf "\n[[steps]]\nid = \"s%d\"\ntitle = \"Step number %d\"\nphase = \"p%02d\"\nhours = %d\ntags = [%s]\n", i, i, p, 1 + i % 5, tags >toml
        if (i % 100 != 0) printf "requires = [\"s%d\"]\n", i - 1 >toml
        done = i % 3 == 0
        printf "%s{\"uuid\":\"00000000-0000-4000-9000-%012d\",\"description\":\"Step number %d\",\"project\":\"big.p%02d\",\"entry\":\"20250101T000000Z\",\"status\":\"%s\",\"tags\":[%s]%s}\n", (i ? "," : ""), i + 1, i, p, (done ? "completed" : "pending"), tags, (done ? ",\"end\":\"20250201T000000Z\"" : "") >json
    }
    print "]" >json
}'
# A roadmap file is not edited moments before it is read: date it back so the load
# cache may stamp it (a file changed in the last 2 s is always read and hashed).
touch -d '1 minute ago' "$big/roadmaps/big.toml"
wm_big=("$wm_bin" --db "$big/progress.sqlite3" --roadmaps "$big/roadmaps")
printf -v wm_big_cmd '%q ' "${wm_big[@]}"
"${wm_big[@]}" validate "$big/roadmaps/big.toml" >/dev/null
mapfile -t big_done < <(seq 0 3 1999 | sed 's|^|big/s|')
"${wm_big[@]}" done "${big_done[@]}" >/dev/null
big_task=(env TASKDATA="$big/task" $task_cmd)
printf -v big_task_cmd '%q ' "${big_task[@]}"
env TASKDATA="$big/task" task import "$big/import.json" >/dev/null
env TASKDATA="$big/task" task list >/dev/null || true
want="2000 ${#big_done[@]} $(grep -c '"tag3"' "$big/import.json")"
got="$("${big_task[@]}" count) $("${big_task[@]}" status:completed count) $("${big_task[@]}" +tag3 count)"
wm_tag3=$("${wm_big[@]}" show big tag:tag3 --json | jq '.matched')
wm_done=$("${wm_big[@]}" list --json | jq '.[] | select(.id == "big") | .done')
if [[ $got != "$want" || $wm_tag3 != "${want##* }" || $wm_done != "${#big_done[@]}" ]]; then
    echo "2,000 items differ: want (all done tag3) $want; task has $got;" \
        "waymark has $wm_done done, $wm_tag3 tagged tag3" >&2
    exit 1
fi

# ---- timings ---------------------------------------------------------------------------
hf=(hyperfine --warmup 3 --runs "${BENCH_RUNS:-30}" --style basic)
# -N (no intermediate shell) needs hyperfine >= 1.13; without it the shell's spawn
# time is in both columns and hyperfine subtracts it.
hyperfine --help | grep -q -- '--shell=none\|-N,' && hf+=(-N)

# bench NAME LABEL CMD_A CMD_B: one hyperfine run of the two commands (named a and b),
# results as $tmp/NAME.{md,json}; the summary prints b's median over a's.
names=()
declare -A label
bench() {
    local name=$1
    names+=("$name")
    label[$name]=$2
    echo
    echo "== $name: $2"
    "${hf[@]}" --export-markdown "$tmp/$name.md" --export-json "$tmp/$name.json" \
        -n a "$3" -n b "$4"
}
bench "list" "waymark list  vs  task list" "$wm_cmd list" "$task_cmd list"
bench "export" "waymark show backend-chart-2022 --json  vs  task export" \
    "$wm_cmd show backend-chart-2022 --json" "$task_cmd export"
bench "one-roadmap" "waymark show backend-chart-2022  vs  task project:backend-chart-2022 list" \
    "$wm_cmd show backend-chart-2022" "$task_cmd project:backend-chart-2022 list"
bench "tag-filter" "waymark show backend-steps tag:Backend  vs  task +Backend list" \
    "$wm_cmd show backend-steps tag:Backend" "$task_cmd +Backend list"
bench "2k-tag" "waymark show big tag:tag3  vs  task +tag3 list (2,000 items)" \
    "$wm_big_cmd show big tag:tag3" "$big_task_cmd +tag3 list"
bench "2k-list" "waymark list  vs  task count (2,000 items)" \
    "$wm_big_cmd list" "$big_task_cmd count"
bench "2k-progress" "waymark progress big  vs  task summary (2,000 items)" \
    "$wm_big_cmd progress big" "$big_task_cmd summary"
bench "floor" "waymark list (2,000 items)  vs  waymark --version: b/a is list's share of the floor" \
    "$wm_bin --version" "$wm_big_cmd list"

# ---- summary ---------------------------------------------------------------------------
median_ms() { jq -r --arg n "$2" '.results[] | select(.command == $n) | .median * 1000' "$tmp/$1.json"; }
echo
echo "waymark:     $("$wm_bin" --version | awk '{print $2}') (release build; load cache warm)"
echo "taskwarrior: $(task --version)  ($task_cmd)"
echo "hyperfine:   $(hyperfine --version | awk '{print $2}')  (${hf[*]:1})"
echo "machine:     $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
echo "items:       $items steps in ${#roadmaps[@]} roadmaps; marked ${#done_refs[@]} done, ${#start_refs[@]} started"
echo "             (waymark shows $wm_status)"
echo "2,000 items: roadmap big, 20 phases, tags tag0..tag9; ${#big_done[@]} done"
echo
printf '%-12s %9s %9s %8s   %s\n' comparison "a ms" "b ms" "b/a" "a  vs  b"
for n in "${names[@]}"; do
    a=$(median_ms "$n" a) b=$(median_ms "$n" b)
    printf '%-12s %9.2f %9.2f %7.1f×   %s\n' "$n" "$a" "$b" "$(jq -n "$b / $a")" "${label[$n]}"
done

# ---- interleaved -----------------------------------------------------------------------
# hyperfine times all of a command's runs in one batch, so on a VM whose speed drifts a
# pair's ratio moves with the minute each batch fell in. Here each waymark command
# alternates with its Taskwarrior pair (benches/interleave.rs, std only, built by rustc
# in a second). TASKDATA is set by the tool, so no `env` process is timed for task.
inter_runs=${BENCH_INTERLEAVED_RUNS:-100}
((inter_runs > 0)) || exit 0
rustc --edition 2024 -O "$root/benches/interleave.rs" -o "$tmp/interleave"
read -ra task_words <<<"$task_cmd"
big_task_words=(TASKDATA="$big/task" "${task_words[@]}")
inter_names=()
declare -A inter_a inter_b inter_label
# interleaved NAME LABEL WORDS_A... ::: WORDS_B...: medians of the two, interleaved.
interleaved() {
    local name=$1 label=$2 out
    shift 2
    out=$("$tmp/interleave" --runs "$inter_runs" ::: "$@")
    inter_names+=("$name")
    inter_label[$name]=$label
    inter_a[$name]=$(awk 'NR == 1 {print $1}' <<<"$out")
    inter_b[$name]=$(awk 'NR == 2 {print $1}' <<<"$out")
}
interleaved 2k-tag "waymark show big tag:tag3  vs  task +tag3 list" \
    "${wm_big[@]}" show big tag:tag3 ::: "${big_task_words[@]}" +tag3 list
interleaved 2k-list "waymark list  vs  task count" \
    "${wm_big[@]}" list ::: "${big_task_words[@]}" count
interleaved 2k-progress "waymark progress big  vs  task summary" \
    "${wm_big[@]}" progress big ::: "${big_task_words[@]}" summary
interleaved floor "waymark --version  vs  waymark list (2,000 items)" \
    "$wm_bin" --version ::: "${wm_big[@]}" list
echo
echo "interleaved: $inter_runs runs of each command, A and B alternating, medians"
printf '%-12s %9s %9s %8s   %s\n' comparison "a ms" "b ms" "b/a" "a  vs  b"
for n in "${inter_names[@]}"; do
    a=${inter_a[$n]} b=${inter_b[$n]}
    printf '%-12s %9.2f %9.2f %7.1f×   %s\n' "$n" "$a" "$b" "$(jq -n "$b / $a")" "${inter_label[$n]}"
done
