#!/usr/bin/env bash
# Build the libFuzzer harnesses of t/fuzz/ and run each for a while.
#
# usage: t/fuzz/run.sh [SECONDS] [NAME...]
#   SECONDS  how long each harness runs (default $FUZZ_SECONDS, else 10)
#   NAME     meta value snaplog ref engine host stream container smolvm
#            (default: all)
#
# Harnesses are built with clang into build-fuzz/. Each runs over a scratch
# corpus (build-fuzz/corpus/NAME, where libFuzzer keeps what it finds) and
# the seeds in t/fuzz/corpus/NAME, which it only reads. A crash or a broken
# property leaves its input in build-fuzz/crashes/ and makes the run fail:
# copy it into t/fuzz/corpus/NAME/ as a regression seed once fixed.
set -euo pipefail

cd "$(dirname "$0")/../.."

ALL=(meta value snaplog ref engine host stream container smolvm)
seconds=${FUZZ_SECONDS:-10}
if [[ $# -gt 0 && $1 =~ ^[0-9]+$ ]]; then
	seconds=$1
	shift
fi
names=("$@")
[[ ${#names[@]} -gt 0 ]] || names=("${ALL[@]}")

CC=${FUZZ_CC:-clang}
OUT=build-fuzz
# -fno-sanitize-recover: UBSan must stop the run, not just print.
read -r -a CFLAGS <<<"-g -O1 -fsanitize=fuzzer,address,undefined \
-fno-sanitize-recover=all -std=gnu11 -D_GNU_SOURCE -Wall -Wextra \
-Ilib -Ibackends/docker -Ibackends/macos-container -Ibackends/smolmachines \
-It/fuzz $(pkg-config --cflags libcurl libcjson)"
read -r -a CJSON <<<"$(pkg-config --libs libcjson)"
read -r -a CURL <<<"$(pkg-config --libs libcurl)"

# What each harness links: its parser and what that needs, nothing more.
STATE=(lib/state.c lib/atomic.c lib/msg.c)
sources() {
	case $1 in
	meta) echo t/fuzz/fuzz-meta.c lib/meta.c lib/slug.c "${STATE[@]}" ;;
	value) echo t/fuzz/fuzz-value.c lib/bottles.c lib/backend.c \
		lib/lock.c lib/meta.c lib/run.c lib/slug.c lib/xalloc.c "${STATE[@]}" ;;
	snaplog) echo t/fuzz/fuzz-snaplog.c lib/snaplog.c lib/stamp.c \
		lib/slug.c lib/xalloc.c "${STATE[@]}" ;;
	ref) echo t/fuzz/fuzz-ref.c lib/ref.c lib/slug.c lib/msg.c ;;
	engine) echo t/fuzz/fuzz-engine.c lib/engine.c lib/engine-host.c \
		lib/query.c lib/xalloc.c backends/docker/docker.c "${STATE[@]}" ;;
	host) echo t/fuzz/fuzz-host.c lib/engine-host.c lib/xalloc.c \
		"${STATE[@]}" ;;
	stream) echo t/fuzz/fuzz-stream.c backends/docker/registry.c \
		lib/engine.c lib/engine-host.c lib/progress.c lib/query.c \
		lib/ref.c lib/slug.c lib/xalloc.c "${STATE[@]}" ;;
	container) echo t/fuzz/fuzz-container.c \
		backends/macos-container/container.c lib/lock.c lib/run.c \
		lib/tool.c lib/xalloc.c "${STATE[@]}" ;;
	smolvm) echo t/fuzz/fuzz-smolvm.c backends/smolmachines/smolvm.c \
		lib/lock.c lib/run.c lib/tool.c lib/xalloc.c "${STATE[@]}" ;;
	*) return 1 ;;
	esac
}

# Inputs may be this long: past the 4 KiB value and the 16 KiB log line.
max_len() {
	case $1 in
	value) echo 8192 ;;
	snaplog) echo 16500 ;;
	*) echo 4096 ;;
	esac
}

build() {
	local name=$1 src libs=("${CJSON[@]}")
	read -r -a src <<<"$(sources "$name")"
	[[ $name != engine && $name != stream ]] || libs+=("${CURL[@]}")
	"$CC" "${CFLAGS[@]}" -o "$OUT/fuzz-$name" "${src[@]}" "${libs[@]}" -pthread
}

for name in "${names[@]}"; do
	if ! sources "$name" >/dev/null; then
		echo "run.sh: unknown harness '$name' (use: ${ALL[*]})" >&2
		exit 100
	fi
done
command -v "$CC" >/dev/null || {
	echo "run.sh: $CC not found (apt-get install clang)" >&2
	exit 111
}
mkdir -p "$OUT/crashes"

failed=()
for name in "${names[@]}"; do
	mkdir -p "$OUT/corpus/$name"
	printf '  %-8s %s\n' CLANG "$OUT/fuzz-$name"
	build "$name"
	log=$OUT/fuzz-$name.log
	if "$OUT/fuzz-$name" -max_total_time="$seconds" -timeout=10 \
		-rss_limit_mb=2048 -max_len="$(max_len "$name")" \
		-print_final_stats=1 -artifact_prefix="$OUT/crashes/$name-" \
		"$OUT/corpus/$name" "t/fuzz/corpus/$name" >"$log" 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		printf '  %-8s %-10s %12s executions in %ss\n' FUZZ "$name" \
			"${execs:-?}" "$seconds"
	else
		failed+=("$name")
		printf '  %-8s %-10s FAILED, see %s\n' FUZZ "$name" "$log"
		grep -E 'ERROR|property broken|runtime error|Test unit written' \
			"$log" | head -n 5 >&2 || true
	fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
	echo "run.sh: crashes in: ${failed[*]}" >&2
	exit 1
fi
