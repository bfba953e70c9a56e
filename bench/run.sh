#!/usr/bin/env bash
#
# bb's benchmarks (DESIGN.md §7): `make bench` runs this file.
#
#   bench/run.sh [running] [ls] [commit-tiny] [commit-256m] [commit-1g]
#
# With no case named, all run, in that order. Each case measures bb and what
# it replaces side by side in one hyperfine run: the docker CLI (Debian's
# /usr/bin/docker by default) and, where there is one, the raw Engine API call
# made with curl. The end is a Markdown table of the means and their ratios
# against the targets of issue 3. See bench/README.md.
#
# The engine is BB_BENCH_DOCKER_HOST when set (a unix:// socket; it is not
# stopped, and only what this run made in it is removed), else, as root, a
# private dockerd started and torn down with the test suite's own functions
# (t/setup_suite.bash), with its own data root under /tmp/bbd.XXXX.
#
# Knobs (environment):
#   BB_BENCH_DOCKER_HOST  the engine to use instead of a private dockerd
#   BB_BENCH_DOCKER       the docker client compared against (/usr/bin/docker)
#   BB_BUILD              the build tree (<repo>/build)
#   BB_BENCH_OUT          a folder to keep hyperfine's JSON exports in
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
build=${BB_BUILD:-$root/build}
DOCKER=${BB_BENCH_DOCKER:-/usr/bin/docker}
BASE=bbbench:base	# the busybox image the bottles run; has /root, /tmp, /etc
API=v1.41		# the raw calls' API version: 20.10's, accepted by later engines
ALL_CASES=(running ls commit-tiny commit-256m commit-1g)

die() {
	printf 'bench/run.sh: %s\n' "$*" >&2
	exit 1
}

note() {
	printf '\n== %s\n' "$*"
}

# The private dockerd, the base image import and the teardown are the test
# suite's: reuse them rather than keep a second copy. They print notes on
# fd 3 (bats' output there); ours goes to stderr.
# shellcheck source-path=SCRIPTDIR/..
# shellcheck source=t/setup_suite.bash
source "$root/t/setup_suite.bash"
exec 3>&2

cases=()
for c in "$@"; do
	case $c in
	running | ls | commit-tiny | commit-256m | commit-1g) cases+=("$c") ;;
	-h | --help)
		sed -n '3,22s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
		exit 0
		;;
	*) die "unknown case '$c' (cases: ${ALL_CASES[*]})" ;;
	esac
done
((${#cases[@]})) || cases=("${ALL_CASES[@]}")

for t in hyperfine curl jq /usr/bin/time "$DOCKER"; do
	command -v "$t" >/dev/null || die "$t is missing (make deps installs hyperfine, curl, jq and time)"
done
[[ -x $build/bb && -x $build/bb-container-running ]] ||
	die "no bb programs in $build: run make first"
[[ $DOCKER == /* && $DOCKER != *[[:space:]\'\"]* ]] ||
	die "BB_BENCH_DOCKER must be an absolute path without spaces or quotes"

# Everything that could point bb or the CLI elsewhere goes; the CLI the suite's
# helpers run (`docker` on PATH) is the one compared against.
unset BB_EXEC_PATH BB_LOCK_FD BB_TRACE DOCKER_CONTEXT DOCKER_API_VERSION \
	BB_DOCKER_API_VERSION DOCKER_TLS_VERIFY DOCKER_CERT_PATH
export TZ=UTC LC_ALL=C
PATH=$(dirname -- "$DOCKER"):$PATH

started=$EPOCHREALTIME
imported=	# 1 when this run imported $BASE (and so removes it)
homes=()	# the BB_HOMEs of this run: their containers and images go at the end

cleanup() {
	local status=$? home id
	set +e
	trap - EXIT INT TERM
	if [[ -n $_bbt_host ]]; then
		for home in "${homes[@]}"; do
			id=$(cat "$home/id" 2>/dev/null) || id=
			[[ -n $id ]] || continue
			bdocker ps -aq --filter "label=bot-bottle.home=$id" 2>/dev/null |
				xargs -r "$DOCKER" rm -f -v >/dev/null 2>&1
			bdocker images -q --filter "label=bot-bottle.home=$id" 2>/dev/null |
				sort -u | xargs -r "$DOCKER" rmi -f >/dev/null 2>&1
		done
		bdocker images -q --filter reference=bench/raw 2>/dev/null |
			sort -u | xargs -r "$DOCKER" rmi -f >/dev/null 2>&1
		[[ -z $imported ]] || bdocker rmi -f "$BASE" >/dev/null 2>&1
	fi
	teardown_suite || status=1
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the engine ----------------------------------------------------------

_bbt_dir=$(mktemp -d /tmp/bbd.XXXX)
mkdir "$_bbt_dir/client" "$_bbt_dir/bench" "$_bbt_dir/results"
work=$_bbt_dir/bench
res=$_bbt_dir/results
export DOCKER_CONFIG=$_bbt_dir/client

if [[ -n ${BB_BENCH_DOCKER_HOST-} ]]; then
	_bbt_ping "$BB_BENCH_DOCKER_HOST" ||
		die "BB_BENCH_DOCKER_HOST=$BB_BENCH_DOCKER_HOST does not answer"
	_bbt_host=$BB_BENCH_DOCKER_HOST
	what="given engine"
elif ((EUID != 0)); then
	die "BB_BENCH_DOCKER_HOST is unset and, not being root, cannot start a private dockerd"
elif ! command -v dockerd >/dev/null; then
	die "BB_BENCH_DOCKER_HOST is unset and there is no dockerd to start"
elif ! _bbt_start_dockerd; then
	_bbt_host=
	die "the private dockerd did not start"
else
	what="private dockerd"
fi
[[ $_bbt_host == unix://* ]] || die "the engine must be a unix:// socket (the raw calls use curl --unix-socket)"
sock=${_bbt_host#unix://}
export DOCKER_HOST=$_bbt_host

# The compared CLI against our engine (bounded, as the suite's helper).
bdocker() {
	timeout 300 "$DOCKER" "$@"
}

if ! bdocker image inspect "$BASE" >/dev/null 2>&1; then
	# The suite's import runs pipelines that pipefail would misjudge
	# (ldd exits 1 on a static busybox).
	set +o pipefail
	BB_TEST_IMAGE=$BASE
	if ! _bbt_import_base; then
		die "the base image could not be built: ${_bbt_why:-docker import failed}"
	fi
	set -o pipefail
	imported=1
fi

# --- measuring -----------------------------------------------------------

# hf NAME HYPERFINE-ARGS...: one hyperfine run (no shell between it and the
# commands), its results in $res/NAME.json.
hf() {
	local name=$1
	shift
	hyperfine -N --export-json "$res/$name.json" "$@"
}

# mean NAME I: the mean of command I (from 0) of run NAME, in ms.
mean() {
	jq -r --argjson i "$2" '.results[$i].mean * 1000' "$res/$1.json"
}

# peak_rss N CMD...: the median over N runs of CMD's peak resident set, in
# KiB, from GNU time (the largest process of the tree, exec chains included).
peak_rss() {
	local n=$1 i
	shift
	for ((i = 0; i < n; i++)); do
		/usr/bin/time -v "$@" 2>&1 >/dev/null |
			sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p'
	done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# calc EXPR: awk arithmetic, for ratios and comparisons.
calc() {
	awk "BEGIN { print $1 }"
}

rows=()
# row CASE BB DOCKER RAW TARGET MET: a table line. BB, DOCKER, RAW are
# numbers or empty; the ratios are worked out here.
row() {
	local bd=— br=— b d r p=1
	if [[ $1 == *KiB* ]]; then
		p=0
	fi
	b=$(fmt "$2" "$p")
	d=$(fmt "$3" "$p")
	r=$(fmt "$4" "$p")
	[[ -z $3 ]] || bd=$(calc "sprintf(\"%.2f\", $2 / $3)")
	[[ -z $4 ]] || br=$(calc "sprintf(\"%.2f\", $2 / $4)")
	rows+=("| $1 | $b | $d | $r | $bd | $br | $5 | $6 |")
}

# fmt NUMBER DECIMALS: for the table; — when there is no number.
fmt() {
	if [[ -z $1 ]]; then
		printf '—'
	else
		calc "sprintf(\"%.$2f\", $1)"
	fi
}

# yes_if COND: "yes" or "no", for the met? column.
yes_if() {
	if (($(calc "($1) ? 1 : 0"))); then printf yes; else printf no; fi
}

# launch HOME SLUG: a bottle running `sleep`, from the base image.
launch() {
	BB_HOME=$1 "$build/bb" launch "$2" --backend docker --image "$BASE" \
		-- sleep 100000 >/dev/null
}

# new_home NAME: a fresh BB_HOME, in $home (the caller's local).
new_home() {
	home=$work/$1
	mkdir -m 700 "$home"
	homes+=("$home")
}

# --- the cases -----------------------------------------------------------

case_running() {
	local home b d r rb rd rr
	note "bb-container-running vs docker inspect -f {{.State.Running}}"
	new_home running
	launch "$home" run
	export BB_HOME=$home
	hf running --warmup 5 --min-runs 50 \
		"$build/bb-container-running run" \
		"$DOCKER inspect -f {{.State.Running}} bot-bottle-run" \
		"curl -fsS --unix-socket $sock http://localhost/$API/containers/bot-bottle-run/json"
	b=$(mean running 0)
	d=$(mean running 1)
	r=$(mean running 2)
	rb=$(peak_rss 11 "$build/bb-container-running" run)
	rd=$(peak_rss 11 "$DOCKER" inspect -f '{{.State.Running}}' bot-bottle-run)
	rr=$(peak_rss 11 curl -fsS --unix-socket "$sock" \
		"http://localhost/$API/containers/bot-bottle-run/json")
	printf 'peak RSS (KiB, median of 11): bb %s, docker %s, curl %s\n' "$rb" "$rd" "$rr"
	row "\`bb-container-running\`, wall (ms)" "$b" "$d" "$r" '≤ 0.33× docker' \
		"$(yes_if "$b <= $d / 3")"
	row "\`bb-container-running\`, peak RSS (KiB)" "$rb" "$rd" "$rr" '≤ 0.5× docker' \
		"$(yes_if "$rb <= $rd / 2")"
	unset BB_HOME
}

# ghosts HOME FROM TO: state-only bottles ghost-FROM … ghost-(TO-1), as
# bb launch writes them (folders 0700, files 0600), with no container.
ghosts() {
	local st=$1/state i s
	for ((i = $2; i < $3; i++)); do
		printf 'ghost-%05d\n' "$i"
	done | (cd "$st" && xargs mkdir -m 700)
	(
		umask 077
		for ((i = $2; i < $3; i++)); do
			printf -v s 'ghost-%05d' "$i"
			printf '{"version":1,"slug":"%s","backend":"docker","image":"%s","command":["sleep","100000"],"env":[],"created":"2026-11-28T15:00:00Z"}\n' \
				"$s" "$BASE" >"$st/$s/metadata.json"
		done
	)
}

case_ls() {
	local home id i n filters b d r
	note "bb ls with 1,000 and 10,000 state-only bottles plus 10 real containers"
	new_home ls
	for ((i = 1; i <= 10; i++)); do
		launch "$home" "$(printf 'real-%02d' "$i")"
	done
	id=$(<"$home/id")
	# {"label":{"bot-bottle.home=<id>":true}}, as bb-docker-list asks.
	filters="%7B%22label%22%3A%7B%22bot-bottle.home%3D$id%22%3Atrue%7D%7D"
	export BB_HOME=$home
	ghosts "$home" 0 1000
	for n in 1000 10000; do
		((n == 1000)) || ghosts "$home" 1000 "$n"
		"$build/bb" ls >"$work/ls.out"
		[[ $(grep -c ' running ' "$work/ls.out") == 10 &&
			$(grep -c ' absent ' "$work/ls.out") == "$n" ]] ||
			die "bb ls does not show $n absent and 10 running bottles"
		hf "ls-$n" --warmup 3 --min-runs 20 --output=pipe \
			"$build/bb ls" \
			"$DOCKER ps -a --filter label=bot-bottle.home=$id" \
			"curl -fsS --unix-socket $sock http://localhost/$API/containers/json?all=1&filters=$filters"
		b=$(mean "ls-$n" 0)
		d=$(mean "ls-$n" 1)
		r=$(mean "ls-$n" 2)
		if ((n == 10000)); then
			row "\`bb ls\`, 10,000 + 10 bottles (ms)" "$b" "$d" "$r" '< 50 ms' \
				"$(yes_if "$b < 50")"
		else
			row "\`bb ls\`, 1,000 + 10 bottles (ms)" "$b" "$d" "$r" '—' '—'
		fi
	done
	unset BB_HOME
}

# prepare_script SLUG: a script that removes every image the commit
# commands made (bb's bot-bottle/SLUG:* and the CLI's and curl's bench/raw:*),
# then flushes dirty pages so that no run pays for the previous one's.
prepare_script() {
	local f=$work/prepare-$1.sh
	cat >"$f" <<EOF
$DOCKER images -q --filter reference=bot-bottle/$1 --filter reference=bench/raw |
	sort -u | xargs -r $DOCKER rmi -f >/dev/null 2>&1
sync
EOF
	printf '%s\n' "$f"
}

# breakdown SLUG PREP RAW: where bb commit's time goes. Ten traced commits
# (BB_TRACE=1: each program logs what it runs) with each trace line stamped
# as it arrives; a step lasts until the next line. Then the cost of single
# programs alone, and which of the programs run load libcurl.
breakdown() {
	local slug=$1 prep=$2 raw=$3 i line
	note "bb commit, tiny: where the time goes (10 traced runs; a step lasts until the next trace line)"
	for ((i = 0; i < 10; i++)); do
		sh "$prep"
		printf '%s\tstart\n' "$EPOCHREALTIME"
		BB_TRACE=1 "$build/bb" commit "$slug" 2>&1 >/dev/null |
			while IFS= read -r line; do
				printf '%s\t%s\n' "$EPOCHREALTIME" "$line"
			done
		printf '%s\tend\n' "$EPOCHREALTIME"
	done >"$work/trace.tsv"
	# The programs of the first run, for the record.
	awk -F'\t' 'NR > 1 && $2 == "end" { exit } NR > 1' "$work/trace.tsv" |
		cut -f2- >"$res/commit-trace.txt"
	awk -F'\t' -v raw="$raw" '
		function label(s,   who, what, prog, a) {
			if (s == "start")
				return "bb (dispatcher) starts"
			who = s; sub(/: trace: .*/, "", who)
			what = s; sub(/^.*: trace: (run|exec): /, "", what)
			split(what, a, " ")
			prog = a[1]
			if (a[2] == "--needs-stop") prog = prog " --needs-stop"
			return (s ~ /: trace: exec: /) ? prog " (exec by " who ") until its first child" \
				: prog " (run by " who ")"
		}
		$2 == "start" { k = 0; t = $1; lab = label("start"); next }
		{
			d = ($1 - t) * 1000
			if (!(k in name)) { name[k] = lab; order[++nk] = k }
			sum[k] += d; k++
			t = $1; lab = ($2 == "end") ? "" : label($2)
			if ($2 == "end") runs++
		}
		END {
			printf "| step | mean ms |\n|---|---:|\n"
			for (i = 1; i <= nk; i++) {
				printf "| %s | %.1f |\n", name[order[i]], sum[order[i]] / runs
				total += sum[order[i]] / runs
			}
			printf "| **total, traced** | %.1f |\n", total
			printf "| raw `POST /commit` with curl, for comparison | %.1f |\n", raw
		}' "$work/trace.tsv" | tee "$res/commit-breakdown.md"
	printf '\nprograms run by one bb commit (BB_TRACE=1):\n'
	sed 's/^/  /' "$res/commit-trace.txt"
	note "start-up cost of one program, alone"
	hf startup --warmup 5 --min-runs 50 \
		"$build/bb-state-read $slug committed-image" \
		"$build/bb-docker-export-hint bot-bottle/$slug:x" \
		"$build/bb-docker-running bot-bottle-$slug" \
		"curl -fsS --unix-socket $sock http://localhost/_ping"
	printf '%-58s %5.1f ms\n' \
		"bb-state-read (libc only; reads one file)" "$(mean startup 0)" \
		"bb-docker-export-hint (a backend program; no engine call)" "$(mean startup 1)" \
		"bb-docker-running (libcurl; _ping + inspect)" "$(mean startup 2)" \
		"curl _ping (libcurl; one call)" "$(mean startup 3)"
	printf 'libcurl-linked programs in this commit: %s\n' \
		"$(cut -d' ' -f4 "$res/commit-trace.txt" | sort -u |
			while read -r p; do
				if [[ $(readelf -d "$build/$p" 2>/dev/null) == *libcurl* ]]; then
					printf '%s ' "$p"
				fi
			done)"
}

# case_commit NAME MIB HYPERFINE-ARGS...: bb commit vs docker commit vs a
# raw POST /commit, on a fresh bottle with MIB MiB of new data in /root.
case_commit() {
	local name=$1 mib=$2 slug prep b d r label home
	shift 2
	slug=c-${name#commit-}
	note "bb commit vs docker commit vs raw POST /commit ($name)"
	if [[ -z ${commit_home-} ]]; then
		new_home commit
		commit_home=$home
	fi
	export BB_HOME=$commit_home
	launch "$BB_HOME" "$slug"
	if ((mib)); then
		bdocker exec "bot-bottle-$slug" dd if=/dev/urandom of=/root/blob \
			bs=1M count="$mib" 2>/dev/null
		[[ $(bdocker exec "bot-bottle-$slug" stat -c %s /root/blob) == $((mib << 20)) ]] ||
			die "the $mib MiB layer was not written"
	fi
	prep=$(prepare_script "$slug")
	# One untimed commit first, so that no command pays a first-commit cost.
	curl -fsS -X POST -H 'Content-Type:' --unix-socket "$sock" \
		"http://localhost/$API/commit?container=bot-bottle-$slug&repo=bench/raw&tag=curl" >/dev/null
	hf "$name" --prepare "sh $prep" "$@" \
		"$build/bb commit $slug" \
		"$DOCKER commit bot-bottle-$slug bench/raw:cli" \
		"curl -fsS -X POST -H 'Content-Type:' --unix-socket $sock 'http://localhost/$API/commit?container=bot-bottle-$slug&repo=bench/raw&tag=curl'"
	b=$(mean "$name" 0)
	d=$(mean "$name" 1)
	r=$(mean "$name" 2)
	case $name in
	commit-tiny) label="\`bb commit\`, tiny container (ms)" ;;
	commit-256m) label="\`bb commit\`, 256 MiB layer (ms)" ;;
	*) label="\`bb commit\`, 1 GiB layer (ms)" ;;
	esac
	row "$label" "$b" "$d" "$r" '≤ 1.05× raw' "$(yes_if "$b <= $r * 1.05")"
	printf 'bb commit minus the raw call: %+.1f ms (%+.1f%%)\n' \
		"$(calc "$b - $r")" "$(calc "($b / $r - 1) * 100")"
	if [[ $name == commit-tiny ]]; then
		breakdown "$slug" "$prep" "$r"
	fi
	sh "$prep"
	bdocker rm -f -v "bot-bottle-$slug" >/dev/null
	unset BB_HOME
}

# --- main ----------------------------------------------------------------

client_version=$(bdocker version --format '{{.Client.Version}}' 2>/dev/null || :)
engine_version=$(bdocker version --format '{{.Server.Version}}' 2>/dev/null || :)
note "setup"
printf 'engine: %s %s at %s\n' "$what" "$engine_version" "$_bbt_host"
printf 'docker CLI compared: %s %s\n' "$DOCKER" "$client_version"
printf 'raw API: curl %s, %s\n' "$(curl --version | awk 'NR == 1 { print $2 }')" "$API"
rev=$(git -C "$build/.." describe --always --dirty 2>/dev/null || :)
printf 'bb: %s, %s (%s)\n' "$("$build/bb" --version)" "${rev:-no git}" "$build"
printf 'machine: %s CPUs, %s; %s\n' "$(nproc)" "$(uname -sr)" "$(hyperfine --version)"

for c in "${cases[@]}"; do
	case $c in
	running) case_running ;;
	ls) case_ls ;;
	commit-tiny) case_commit commit-tiny 0 --warmup 3 --runs 30 ;;
	commit-256m) case_commit commit-256m 256 --runs 3 ;;
	commit-1g) case_commit commit-1g 1024 --runs 3 ;;
	esac
done

if [[ -n ${BB_BENCH_OUT-} ]]; then
	mkdir -p "$BB_BENCH_OUT"
	cp "$res"/* "$BB_BENCH_OUT"/
fi

note "results ($(calc "sprintf(\"%.0f\", (${EPOCHREALTIME/./} - ${started/./}) / 1e6)") s; means of hyperfine runs, peak RSS medians of 11)"
printf '\nDocker CLI: %s %s; engine %s; %s CPUs.\n\n' "$DOCKER" "$client_version" "$engine_version" "$(nproc)"
printf '| case | bb | docker CLI | raw API | ratio bb/docker | ratio bb/raw | target | met? |\n'
printf '|---|---:|---:|---:|---:|---:|---|---|\n'
printf '%s\n' "${rows[@]}"
