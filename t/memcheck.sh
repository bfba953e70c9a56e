#!/usr/bin/env bash
#
# make memcheck: run bats files with every bb program under valgrind
# memcheck. A memory error or a definite leak makes the program exit 99 and
# fails the run, even where a test does not look at the status.
#
#   BB_BUILD=build-memcheck bash t/memcheck.sh [bats options] [t/....bats...]
#
# BB_BUILD is a plain build (ASan binaries do not run under valgrind) made
# with -O0 (make MEMCHECK=1): optimised code need not keep a pointer that
# main no longer uses once it calls exit(), so memory a program holds until
# a fatal error would show as definitely lost.
#
# A scratch folder holds one wrapper per program of BB_BUILD. The suite gets
# it as BB_BUILD, and each wrapper sets BB_EXEC_PATH to its own folder unless
# the test chose one (bb_setup clears it), so every program of a chain runs
# under valgrind. Valgrind writes to a log file per process, never to the
# program's stderr, which tests compare exactly: valgrind 3.19 warns there
# about system calls it does not know (openat2), even with --quiet. No vgdb
# (no FIFOs left in /tmp by killed programs); no inline info (nothing of
# ours is inlined at -O0, and reading libc's costs a fifth of each start).
#
# The default set: the dispatcher and the state plumbing (t0*, t1*), docker
# commit (the longest chain) and the macos-container and smolmachines
# backends. Left out because they are bound by time under valgrind, about
# 20 times slower and near a second per process: t2600-docker-engine (a dead
# socket must fail within `timeout 1`), t3200 and t4200 (bb commit's whole
# chain must answer within `timeout 10`). t3000 and t4000 test the fakes and
# run no bb program.
set -euo pipefail

top=$(cd -- "$(dirname -- "$0")/.." && pwd -P)
build=$(cd -- "${BB_BUILD:-$top/build-memcheck}" && pwd -P)

if ! command -v valgrind >/dev/null; then
	echo "memcheck: valgrind is not installed" >&2
	exit 1
fi
if [[ ! -x $build/bb ]]; then
	echo "memcheck: no bb in $build (run make MEMCHECK=1)" >&2
	exit 1
fi

# Arguments are bats options and test files; with no file, the default set.
files=0
for a in "$@"; do
	[[ $a == *.bats || -d $a ]] && files=1
done
if ((files == 0)); then
	set -- "$@" "$top"/t/t0*.bats "$top"/t/t1*.bats \
		"$top"/t/t2200-docker-commit.bats \
		"$top"/t/t3100-macos-container-backend.bats \
		"$top"/t/t4100-smolmachines-backend.bats
fi

wrap=$(mktemp -d /tmp/bbmc.XXXXXX)
trap 'rm -rf -- "$wrap"' EXIT
logs=$wrap/logs
mkdir "$logs"
chmod 755 "$wrap"	# tests run some programs as another user
chmod 1777 "$logs"
ln -s "$build/man" "$wrap/man"	# bb help looks beside the programs

for real in "$build"/bb "$build"/bb-*; do
	[[ -f $real && -x $real ]] || continue
	name=${real##*/}
	printf -v q_real '%q' "$real"
	printf -v q_log '%q' "$logs/$name"
	# The folder is the wrapper's own, so a copied wrapper finds its
	# copied siblings as the real program would.
	cat >"$wrap/$name" <<EOF
#!/bin/bash
if [[ -z \${BB_EXEC_PATH-} ]]; then
	BB_EXEC_PATH=\$(cd -- "\${0%/*}" && pwd -P) && export BB_EXEC_PATH
fi
exec valgrind --quiet --error-exitcode=99 --leak-check=full \\
	--errors-for-leak-kinds=definite --show-leak-kinds=definite \\
	--track-fds=no --trace-children=no --vgdb=no --read-inline-info=no \\
	--log-file=$q_log.%p $q_real "\$@"
EOF
	chmod 755 "$wrap/$name"
done

status=0
BB_BUILD=$wrap BB_EXEC_PATH=$wrap bats --print-output-on-failure "$@" ||
	status=$?

# Errors are "==pid==" lines; "--pid--" lines are valgrind's own warnings.
errors=0 runs=0
for log in "$logs"/*; do
	[[ -e $log ]] || continue
	runs=$((runs + 1))
	if grep -q '^==[0-9]*==' "$log"; then
		errors=$((errors + 1))
		printf '\n===== memcheck: %s =====\n' "${log##*/}"
		cat -- "$log"
	fi
done
if warnings=$(grep -rh '^--[0-9]*-- WARNING' "$logs" |
	sed 's/^--[0-9]*-- //' | sort | uniq -c) && [[ -n $warnings ]]; then
	printf '\nmemcheck: valgrind warned (not errors):\n%s\n' "$warnings"
fi
printf 'memcheck: %d programs run under valgrind, %d with errors\n' \
	"$runs" "$errors"
((errors == 0)) || status=1
exit "$status"
