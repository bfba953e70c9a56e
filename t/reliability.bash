# shellcheck shell=bash
#
# Helpers for the reliability tests (t5xxx): the fault-injection build, a
# staged exec path where one program can be wrapped, commands killed with
# their whole process group, and byte-for-byte comparison of the state.
# Load after test_helper.

# use_fault_build: run the programs of the fault-injection build (`make
# faults`: FAULTS=1, the BB_FAULT hook of lib/fault.c compiled in), found in
# BB_FAULT_BUILD (set by `make check`), else ../build-faults. Skips when
# there is none. Call before bb_setup.
use_fault_build() {
	local d=${BB_FAULT_BUILD:-$BATS_TEST_DIRNAME/../build-faults}
	if [[ ! -x $d/bb-state-write ]]; then
		skip "no fault-injection build in '$d' (run \`make faults\`, or set BB_FAULT_BUILD)"
	fi
	# The build under test, which has no hook, stays at hand.
	export BB_PLAIN_BUILD=${BB_BUILD:-$BATS_TEST_DIRNAME/../build}
	BB_BUILD=$(cd -- "$d" && pwd -P)
}

# stage_exec_path: this test's own exec path, the build tree's programs as
# links, exported as BB_EXEC_PATH (the dispatcher and every program then
# resolve their siblings there), so that wrap_prog can swap one of them.
stage_exec_path() {
	local d=$BATS_TEST_TMPDIR/exec f
	mkdir -p "$d"
	for f in "$BB_BUILD"/bb "$BB_BUILD"/bb-*; do
		[[ -f $f && -x $f ]] && ln -sf "$f" "$d/"
	done
	export BB_EXEC_PATH=$d
}

# wrap_prog NAME LINE...: in the staged exec path, NAME runs the sh LINEs,
# then execs the real NAME of the build tree with its arguments.
wrap_prog() {
	local name=$1 w=$BB_EXEC_PATH/$1
	shift
	rm -f -- "$w"
	{
		printf '#!/bin/sh\n'
		printf '%s\n' "$@"
		printf "exec '%s' \"\$@\"\n" "$BB_BUILD/$name"
	} >"$w"
	chmod +x "$w"
}

# unwrap_prog NAME: NAME is the build tree's program again.
unwrap_prog() {
	ln -sf "$BB_BUILD/$1" "$BB_EXEC_PATH/$1"
}

# wrap_stop NAME: NAME, when the chain reaches it, leaves the marker
# $BATS_TEST_TMPDIR/at-NAME and stops itself (SIGSTOP) before it runs:
# the chain is frozen at the start of that step, for kill_group.
wrap_stop() {
	rm -f -- "$BATS_TEST_TMPDIR/at-$1"
	wrap_prog "$1" ": >'$BATS_TEST_TMPDIR/at-$1'" 'kill -STOP $$'
}

# wait_for_file PATH: until PATH exists (30 s at most).
wait_for_file() {
	local i
	for ((i = 0; i < 3000; i++)); do
		[[ -e $1 ]] && return 0
		sleep 0.01
	done
	fail "wait_for_file: no $1 after 30 s"
}

# proc_state PID: the state letter of PID (R, S, D, T, Z...), or nothing.
proc_state() {
	local stat
	{ read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 0
	stat=${stat##*) }
	printf '%s' "${stat%% *}"
}

# spawn_held CMD...: start CMD in a session and process group of its own
# (setsid), held stopped until release_held so that its start is under our
# control. Sets held_pid: the pid of the group's leader (a bash that runs
# CMD and records its status for kill_group), which is its group id.
# Redirect the call to capture CMD's output.
spawn_held() {
	local i pgid stat
	rm -f -- "$BATS_TEST_TMPDIR/held.status"
	setsid bash -c 'kill -STOP "$$"; "$@"; echo "$?" >"$0"' \
		"$BATS_TEST_TMPDIR/held.status" "$@" &
	held_pid=$!
	# Not a job of ours: bash would report it "Killed" on stderr.
	disown "$held_pid"
	for ((i = 0; i < 30000; i++)); do
		[[ $(proc_state "$held_pid") == T ]] && break
		nap 0.001
	done
	[[ $(proc_state "$held_pid") == T ]] ||
		fail "spawn_held: '$*' (pid $held_pid) did not stop"
	read -r stat <"/proc/$held_pid/stat" && stat=${stat##*) }
	read -r _ _ pgid _ <<<"$stat"
	[[ $pgid == "$held_pid" ]] ||
		fail "spawn_held: pid $held_pid is in group $pgid, not its own"
}

# release_held: let the held command run.
release_held() {
	kill -CONT -- "-$held_pid"
}

# group_alive PGID: is any process of the group alive (zombies aside)?
group_alive() {
	pgrep -g "$1" -r R,S,D,T,t,W,I,P >/dev/null
}

# shellcheck disable=SC2034 # killed_status is for the caller
# kill_group PGID: SIGKILL the whole group (spawn_held's), and wait (30 s
# at most) until none of its processes is left. Sets killed_status: the
# command's exit status, or 137 when the kill took it.
kill_group() {
	local end=$((SECONDS + 30))
	kill -KILL -- "-$1" 2>/dev/null || :
	# (Zombies may stay a while: orphans wait for init to reap them.)
	while group_alive "$1"; do
		((SECONDS < end)) ||
			fail "kill_group: processes of group $1 still alive 30 s after SIGKILL: $(pgrep -g "$1" | tr '\n' ' ')"
		nap 0.005
	done
	killed_status=137
	if [[ -s $BATS_TEST_TMPDIR/held.status ]]; then
		killed_status=$(<"$BATS_TEST_TMPDIR/held.status")
	fi
}

# nap SECONDS: sleep a fraction of a second without forking (read -t on a
# FIFO that no one writes; opened read-write so that it never sees EOF).
nap() {
	if [[ -z ${_nap_fd-} ]]; then
		mkfifo "$BATS_TEST_TMPDIR/.nap"
		exec {_nap_fd}<>"$BATS_TEST_TMPDIR/.nap"
	fi
	read -r -t "$1" -u "$_nap_fd" _ || :
}

# save_state: keep a copy of the state folder (contents and modes), for
# assert_state_kept.
save_state() {
	rm -rf -- "$BATS_TEST_TMPDIR/saved"
	cp -a -- "$BB_HOME/state" "$BATS_TEST_TMPDIR/saved"
}

# state_modes DIR: every entry of DIR, with its type and mode, sorted.
state_modes() {
	(cd -- "$1" && find . -printf '%p %y %m\n' | LC_ALL=C sort)
}

# assert_state_kept [WHAT]: the state folder is byte for byte what
# save_state kept: same files (no temp file left), same contents, modes.
assert_state_kept() {
	local what=${1:+ ($1)} d
	d=$(diff -r -- "$BATS_TEST_TMPDIR/saved" "$BB_HOME/state" 2>&1) ||
		fail "the state changed$what:"$'\n'"$d"
	d=$(diff <(state_modes "$BATS_TEST_TMPDIR/saved") <(state_modes "$BB_HOME/state") 2>&1) ||
		fail "the state's modes changed$what:"$'\n'"$d"
}

# assert_no_temp_files SLUG: no dot-file left in the bottle's state folder.
assert_no_temp_files() {
	local left
	left=$(find "$BB_HOME/state/$1" -mindepth 1 -name '.*' -printf '%f ')
	[[ -z $left ]] || fail "temp files left in state/$1: $left"
}

# The tag grammar of a docker snapshot: bot-bottle/<slug>:$snapshot_tag_re.
snapshot_tag_re='[0-9]{8}T[0-9]{6}Z(-[0-9]+)?'

# snapshot_ref_re SLUG: the ref grammar of bottle SLUG's docker snapshots.
snapshot_ref_re() {
	printf '^bot-bottle/%s:%s$' "$1" "$snapshot_tag_re"
}

# image_exists REF: does the engine under test hold image REF?
image_exists() {
	local sock=${BB_TEST_DOCKER_HOST#unix://}
	# (A ref of bb's is [a-z0-9/:._-]: nothing to escape in the URL.)
	if [[ $BB_TEST_DOCKER_HOST == unix://* && $1 =~ ^[a-z0-9/:._-]+$ ]] &&
		command -v curl >/dev/null; then
		curl -fsS -o /dev/null --max-time 30 --unix-socket "$sock" \
			"http://engine/images/$1/json" 2>/dev/null
	else
		docker_t image inspect "$1" >/dev/null 2>&1
	fi
}

# container_status NAME: State.Status of container NAME in the engine.
container_status() {
	local sock=${BB_TEST_DOCKER_HOST#unix://} json
	if [[ $BB_TEST_DOCKER_HOST == unix://* ]] && command -v curl >/dev/null; then
		json=$(curl -fsS --max-time 30 --unix-socket "$sock" \
			"http://engine/containers/$1/json" 2>/dev/null) || return 0
		[[ $json =~ \"State\":\{\"Status\":\"([a-z]+)\" ]] &&
			printf '%s\n' "${BASH_REMATCH[1]}"
	else
		docker_t inspect -f '{{.State.Status}}' "$1" 2>/dev/null
	fi
}

# wait_unpaused NAME: until container NAME is no longer paused (60 s at
# most): a commit the engine was still doing when bb was killed ends, and
# the engine then resumes the container.
wait_unpaused() {
	local i s
	for ((i = 0; i < 600; i++)); do
		s=$(container_status "$1")
		[[ $s != paused ]] && break
		sleep 0.1
	done
	[[ $s == running ]] || fail "container $1 is '$s', not running, 60 s on"
}

# hold_lock SLUG: hold the bottle's lock (bb-lock) until release_lock.
# Sets lock_holder.
hold_lock() {
	rm -f -- "$BATS_TEST_TMPDIR/held"
	bb-lock "$1" sh -c ": >'$BATS_TEST_TMPDIR/held'; exec sleep 600" &
	lock_holder=$!
	wait_for_file "$BATS_TEST_TMPDIR/held"
}

release_lock() {
	kill "$lock_holder" 2>/dev/null || :
	wait "$lock_holder" 2>/dev/null || :
}
