#!/usr/bin/env bats
# Hostile input: bad slugs, keys and options; broken state files; things
# planted in the state tree; a bad DOCKER_HOST; an engine that misbehaves.
#
# One test per row ("row NN: ..."; the last test counts them, at least 60).
# Each row sets the hostile thing up, then `row STATUS PROG CMD...` runs CMD
# and checks the contract: exit STATUS (100: the caller's bad input, 111: a
# broken state or engine), within `timeout` and not by a signal, nothing on
# stdout, one line on stderr starting "PROG: fatal: " (misuse: that line and
# the usage), no control character, and nothing changed under $BB_HOME but
# state/<slug> (not even that with ROW_KEEP=1), nor in the $OUT folder that
# planted links point to. Other knobs: ROW_SLUG (default demo), ROW_STDIN (a
# file, default /dev/null), ROW_USAGE=1, ROW_TIMEOUT (default 20 s).

load test_helper

HOME_ID=0123456789abcdef0123456789abcdef

# Row 115 waits out the engine client's 30-s ping timeout: it starts here,
# against an engine that never answers, and runs while the other rows do.
setup_file() {
	export SLOW=$BATS_FILE_TMPDIR/slow
	local build=${BB_BUILD:-$BATS_TEST_DIRNAME/../build} i
	mkdir -p "$SLOW/bbhome" "$SLOW/home"
	chmod 700 "$SLOW/bbhome"
	"$BATS_TEST_DIRNAME/fakes/engine" "$SLOW/engine.sock" slow \
		</dev/null >"$SLOW/engine.log" 2>&1 3>&- &
	export SLOW_ENGINE=$!
	for ((i = 0; i < 100; i++)); do
		[[ -S $SLOW/engine.sock ]] && break
		sleep 0.05
	done
	find "$SLOW/bbhome" | sort >"$SLOW/before"
	(
		rc=0
		env -i PATH="$build:$PATH" BB_HOME="$SLOW/bbhome" HOME="$SLOW/home" \
			TZ=UTC LC_ALL=C DOCKER_HOST="unix://$SLOW/engine.sock" \
			timeout 45 bb-docker-running bot-bottle-demo \
			>"$SLOW/out" 2>"$SLOW/err" </dev/null || rc=$? # set -e
		echo "$rc" >"$SLOW/status.tmp"
		mv "$SLOW/status.tmp" "$SLOW/status"
	) </dev/null >/dev/null 2>&1 3>&- &
}

teardown_file() {
	kill "$SLOW_ENGINE" 2>/dev/null || :
}

setup() {
	bb_setup
	use_fake_container
	OUT=$BATS_TEST_TMPDIR/outside
	mkdir -p "$OUT/elsewhere"
	echo secret >"$OUT/target"
	echo kept >"$OUT/elsewhere/committed-image"
	engine_pid=''
	real_engine=''
}

teardown() {
	if [[ -n $engine_pid ]]; then
		kill "$engine_pid" 2>/dev/null || :
		wait "$engine_pid" 2>/dev/null || :
	fi
	# Only after the rows on the real engine: it reads the id, which a
	# row may have made a FIFO.
	[[ -z $real_engine ]] || docker_cleanup_home
}

# The tree under $BB_HOME and $OUT, one line per entry, less the folder
# given (state/<slug>). Folders go without their time: making and removing
# state/<slug> touches state/.
tree_of() {
	local root prune=()
	[[ -z $1 ]] || prune=(-path "$1" -prune -o)
	for root in "$BB_HOME" "$OUT"; do
		[[ -e $root || -L $root ]] || continue
		find "$root" "${prune[@]}" \
			\( -type d -printf '%p d %m %u:%g\n' \
			-o -printf '%p %y %m %u:%g %s %T@ %l\n' \)
	done | sort
}

row() {
	local want=$1 prog=$2 skip=$BB_HOME/state/${ROW_SLUG:-demo} before after
	shift 2
	[[ ${ROW_KEEP-} == 1 ]] && skip=
	before=$(tree_of "$skip")
	run --separate-stderr timeout "${ROW_TIMEOUT:-20}" "$@" <"${ROW_STDIN:-/dev/null}"
	after=$(tree_of "$skip")
	check_row "$want" "$prog" "$*"
}

# check_row STATUS PROG WHAT: the contract, on status, output and stderr
# as `run` left them, and on the trees before and after.
check_row() {
	local want=$1 prog=$2
	((status != 124)) || fail "no answer within ${ROW_TIMEOUT:-20} s: $3"
	((status < 128)) || fail "killed by signal $((status - 128)): $3"
	((status == want)) || fail "exit $status, not $want; stderr: $stderr"
	[[ -z $output ]] || fail "stdout is not empty: $output"
	if [[ ${ROW_USAGE-} == 1 ]]; then
		if ((${#stderr_lines[@]} != 2)) || [[ ${stderr_lines[1]} != "usage: "* ]]; then
			fail "stderr is not one line and the usage: $stderr"
		fi
	else
		[[ -n $stderr && $stderr != *$'\n'* ]] ||
			fail "stderr is not one line: $stderr"
	fi
	[[ $stderr == "$prog: fatal: "* ]] || fail "stderr does not start with '$prog: fatal: ': $stderr"
	if grep -q '[[:cntrl:]]' <<<"$stderr"; then
		fail "stderr holds a control character: $(od -c <<<"$stderr" | head -5)"
	fi
	[[ $before == "$after" ]] ||
		fail "changed outside the bottle: $(diff <(echo "$before") <(echo "$after"))"
}

meta() { # SLUG BACKEND
	printf '{"version":1,"slug":"%s","backend":"%s","image":"bbtest:base","command":["sleep","1000"]}\n' \
		"${1:-demo}" "${2:-macos-container}"
}

# bottle [BACKEND]: bottle demo (macos-container unless told) with a
# committed image, as bb leaves it; a home id that the fake engine knows.
bottle() {
	mkdir -p "$BB_HOME"
	chmod 700 "$BB_HOME"
	echo "$HOME_ID" >"$BB_HOME/id"
	chmod 600 "$BB_HOME/id"
	meta demo "${1:-macos-container}" | bb-state-write demo metadata.json
	bb-state-write demo committed-image <<<"bot-bottle/demo:1"
}

# A lock file for bottle new, as a first try of launching it leaves it.
lock_new() {
	install -m 600 /dev/null "$BB_HOME/locks/new"
}

S() { printf '%s/state/demo/%s' "$BB_HOME" "$1"; }

# stdin for a row: the arguments' output, kept in a file.
input() {
	"$@" >"$BATS_TEST_TMPDIR/stdin"
	ROW_STDIN=$BATS_TEST_TMPDIR/stdin
}

big() { # BYTES
	head -c "$1" /dev/zero | tr '\0' a
}

garbage() {
	printf '\177ELF\002\001\001\000\033[2J\007\377\376 not text\r\n\000\001'
}

# engine MODE [HOME_ID]: the fake engine (t/fakes/engine) on a socket of
# this test, DOCKER_HOST pointing at it.
engine() {
	local sock=$BATS_TEST_TMPDIR/engine.sock i
	"$BATS_TEST_DIRNAME/fakes/engine" "$sock" "$@" 3>&- &
	engine_pid=$!
	for ((i = 0; i < 100; i++)); do
		[[ -S $sock ]] && break
		sleep 0.05
	done
	[[ -S $sock ]] || fail "the fake engine did not start"
	export DOCKER_HOST=unix://$sock
}

# --- slugs, keys and options: the caller's bad input, 100 --------------------

@test "row 01: an empty slug" {
	bottle
	row 100 bb-state-read bb-state-read '' metadata.json
}

@test "row 02: an upper-case slug" {
	bottle
	input meta Demo
	row 100 bb-state-write bb-state-write Demo metadata.json
}

@test "row 03: a slug that climbs out of state/" {
	bottle
	row 100 bb-mark-preserved bb-mark-preserved ../demo
}

@test "row 04: a slug with a newline" {
	bottle
	row 100 bb-stop bb stop $'de\nmo'
}

@test "row 05: a slug of 10,000 characters" {
	bottle
	row 100 bb-container-running bb-container-running "$(big 10000)"
}

@test "row 06: a slug of 53 characters, one too many" {
	bottle
	row 100 bb-resume bb resume "$(big 53)"
}

@test "row 07: a slug with a double separator" {
	bottle
	row 100 bb-commit bb commit de--mo
}

@test "row 08: a slug that is a terminal escape" {
	bottle
	input printf '2026-01-01T00:00:00Z\tr:1\t-\tm\n'
	row 100 bb-state-append bb-state-append $'\e[31mred' snapshots
}

@test "row 09: an unknown key" {
	bottle
	row 100 bb-state-read bb-state-read demo bogus
}

@test "row 10: a key that climbs out of the bottle" {
	bottle
	row 100 bb-state-read bb-state-read demo ../../id
}

@test "row 11: a key with a newline" {
	bottle
	input echo x:1
	row 100 bb-state-write bb-state-write demo $'committed-image\n'
}

@test "row 12: a key naming a temp file" {
	bottle
	row 100 bb-state-read bb-state-read demo .committed-image.1.deadbeef
}

@test "row 13: bb-state-write of the append-only log" {
	bottle
	input echo x
	ROW_KEEP=1 row 100 bb-state-write bb-state-write demo snapshots
}

@test "row 14: bb-state-append of another key" {
	bottle
	input echo x:1
	ROW_KEEP=1 row 100 bb-state-append bb-state-append demo committed-image
}

@test "row 15: --old of two lines" {
	bottle
	input echo x:2
	ROW_KEEP=1 row 100 bb-state-write bb-state-write --old $'a\nb' demo committed-image
}

@test "row 16: committed-image given with an inner newline" {
	bottle
	input printf 'x:1\nx:2\n'
	ROW_KEEP=1 row 100 bb-state-write bb-state-write demo committed-image
}

@test "row 17: committed-image given as 10 MB" {
	bottle
	input big 10485760
	ROW_KEEP=1 row 100 bb-state-write bb-state-write demo committed-image
}

@test "row 18: committed-image given with a terminal escape" {
	bottle
	input printf 'x:1\e[2J\n'
	ROW_KEEP=1 row 100 bb-state-write bb-state-write demo committed-image
}

@test "row 19: metadata.json given as garbage" {
	bottle
	input garbage
	ROW_KEEP=1 row 100 bb-state-write bb-state-write demo metadata.json
}

@test "row 20: metadata.json given with a version of the wrong type" {
	bottle
	input printf '{"version":"1","slug":"demo","backend":"docker"}'
	ROW_KEEP=1 row 100 bb-state-write bb-state-write demo metadata.json
}

@test "row 21: metadata.json given as 10 MB" {
	bottle
	input bash -c 'printf "{\"version\":1,\"slug\":\"demo\",\"backend\":\"docker\",\"x\":\""; head -c 10485760 /dev/zero | tr "\0" a; printf "\"}"'
	ROW_KEEP=1 row 100 bb-state-write bb-state-write demo metadata.json
}

@test "row 22: metadata.json given with a NUL byte and more after it" {
	bottle
	input bash -c 'printf "{\"version\":1,\"slug\":\"demo\",\"backend\":\"docker\"}\0{\"evil\":1}"'
	ROW_KEEP=1 row 100 bb-state-write bb-state-write demo metadata.json
}

@test "row 23: metadata.json given for another slug" {
	bottle
	input meta other docker
	ROW_KEEP=1 row 100 bb-state-write bb-state-write demo metadata.json
}

@test "row 24: metadata.json given with a backend that is a path" {
	bottle
	input printf '{"version":1,"slug":"demo","backend":"../../bin/sh"}'
	ROW_KEEP=1 row 100 bb-state-write bb-state-write demo metadata.json
}

@test "row 25: preserved given content" {
	bottle
	input echo yes
	ROW_KEEP=1 row 100 bb-state-write bb-state-write demo preserved
}

@test "row 26: a snapshots line of three fields" {
	bottle
	input printf '2026-01-01T00:00:00Z\tr:1\t-\n'
	ROW_KEEP=1 row 100 bb-state-append bb-state-append demo snapshots
}

@test "row 27: a snapshots line of 10 MB" {
	bottle
	input bash -c 'printf "2026-01-01T00:00:00Z\tr:1\t-\t"; head -c 10485760 /dev/zero | tr "\0" a'
	ROW_KEEP=1 row 100 bb-state-append bb-state-append demo snapshots
}

@test "row 28: a snapshots line with a month 13" {
	bottle
	input printf '2026-13-01T00:00:00Z\tr:1\t-\tm\n'
	ROW_KEEP=1 row 100 bb-state-append bb-state-append demo snapshots
}

@test "row 29: an unknown option" {
	bottle
	ROW_KEEP=1 ROW_USAGE=1 row 100 bb-stop bb stop --bogus demo
}

@test "row 30: an option with a newline and an escape" {
	bottle
	ROW_KEEP=1 ROW_USAGE=1 row 100 bb-state-read bb-state-read $'--x\n\e[2Jy' demo metadata.json
}

@test "row 31: bb commit -m of 5,000 bytes" {
	bottle
	ROW_KEEP=1 ROW_USAGE=1 row 100 bb-commit bb commit -m "$(big 5000)" demo
}

@test "row 32: bb commit of two slugs" {
	bottle
	ROW_KEEP=1 ROW_USAGE=1 row 100 bb-commit bb commit demo demo
}

@test "row 33: bb launch of an unknown backend" {
	bottle
	lock_new
	ROW_SLUG=new row 100 bb-launch bb launch new --backend nosuch --image bbtest:base
}

@test "row 34: bb launch of a backend that is a path" {
	bottle
	lock_new
	ROW_SLUG=new row 100 bb-launch bb launch new --backend ../../../bin/sh --image bbtest:base
}

@test "row 35: bb launch -e without '='" {
	bottle
	lock_new
	ROW_SLUG=new ROW_USAGE=1 row 100 bb-launch bb launch new --backend docker --image bbtest:base -e $'A\nB'
}

@test "row 36: bb launch --image with a newline" {
	bottle
	lock_new
	ROW_SLUG=new ROW_USAGE=1 row 100 bb-launch bb launch new --backend docker --image $'bbtest:base\nevil'
}

@test "row 37: bb launch -w of a relative path" {
	bottle
	lock_new
	ROW_SLUG=new ROW_USAGE=1 row 100 bb-launch bb launch new --backend docker --image bbtest:base -w ../etc
}

@test "row 38: bb-lock -t of a word" {
	bottle
	ROW_KEEP=1 ROW_USAGE=1 row 100 bb-lock bb-lock -t soon demo /bin/true
}

@test "row 39: bb-docker-running of a name with a newline" {
	bottle docker
	ROW_KEEP=1 row 100 bb-docker-running bb-docker-running $'bot-bottle-demo\nx'
}

@test "row 40: bb-docker-commit to an invalid image reference" {
	bottle docker
	ROW_KEEP=1 row 100 bb-docker-commit bb-docker-commit bot-bottle-demo 'Bot-Bottle/Demo:1'
}

@test "row 41: bb-docker-commit --label with a newline" {
	bottle docker
	ROW_KEEP=1 ROW_USAGE=1 row 100 bb-docker-commit bb-docker-commit --label $'a\nb' bot-bottle-demo bot-bottle/demo:2
}

@test "row 42: bb-docker-stop -t out of range" {
	bottle docker
	ROW_KEEP=1 ROW_USAGE=1 row 100 bb-docker-stop bb-docker-stop -t 99999 bot-bottle-demo
}

@test "row 43: bb of a command with a newline" {
	bottle
	ROW_KEEP=1 row 100 bb bb $'state-read\nx'
}

@test "row 44: a BB_HOME of 5,000 bytes" {
	bottle
	BB_HOME=/$(big 5000) ROW_KEEP=1 row 100 bb-ls bb ls
}

# --- metadata.json broken: 111 -----------------------------------------------

@test "row 45: metadata.json empty" {
	bottle
	: >"$(S metadata.json)"
	ROW_KEEP=1 row 111 bb-stop bb stop demo
}

@test "row 46: metadata.json truncated" {
	bottle
	printf '{"version":1,"slug":"demo","back' >"$(S metadata.json)"
	ROW_KEEP=1 row 111 bb-container-running bb-container-running demo
}

@test "row 47: metadata.json not JSON" {
	bottle
	garbage >"$(S metadata.json)"
	ROW_KEEP=1 row 111 bb-resume bb resume demo
}

@test "row 48: metadata.json a JSON array" {
	bottle
	echo '[1,2,3]' >"$(S metadata.json)"
	ROW_KEEP=1 row 111 bb-commit bb commit demo
}

@test "row 49: metadata.json with a version of the wrong type" {
	bottle
	echo '{"version":"1","slug":"demo","backend":"macos-container"}' >"$(S metadata.json)"
	ROW_KEEP=1 row 111 bb-stop bb stop demo
}

@test "row 50: metadata.json with a slug of the wrong type" {
	bottle
	echo '{"version":1,"slug":7,"backend":"macos-container"}' >"$(S metadata.json)"
	ROW_KEEP=1 row 111 bb-container-running bb-container-running demo
}

@test "row 51: metadata.json with env of the wrong type" {
	bottle
	echo '{"version":1,"slug":"demo","backend":"macos-container","env":[1]}' >"$(S metadata.json)"
	ROW_KEEP=1 row 111 bb-resume bb resume demo
}

@test "row 52: metadata.json of 10 MB" {
	bottle
	{
		printf '{"version":1,"slug":"demo","backend":"macos-container","x":"'
		big 10485760
		printf '"}\n'
	} >"$(S metadata.json)"
	ROW_KEEP=1 row 111 bb-stop bb stop demo
}

@test "row 53: metadata.json of 10 MB, read raw" {
	bottle
	big 10485760 >"$(S metadata.json)"
	ROW_KEEP=1 row 111 bb-state-read bb-state-read demo metadata.json
}

@test "row 54: metadata.json naming an unknown backend (bb stop)" {
	bottle
	meta demo nosuch >"$(S metadata.json)"
	ROW_KEEP=1 row 111 bb-stop bb stop demo
}

@test "row 55: metadata.json naming an unknown backend (bb-container-running)" {
	bottle
	meta demo nosuch >"$(S metadata.json)"
	ROW_KEEP=1 row 111 bb-container-running bb-container-running demo
}

@test "row 56: metadata.json naming another slug" {
	bottle
	meta other >"$(S metadata.json)"
	ROW_KEEP=1 row 111 bb-commit bb commit demo
}

@test "row 57: metadata.json with a NUL byte and more after it" {
	bottle
	{ meta; printf '\0{"backend":"evil"}'; } >"$(S metadata.json)"
	ROW_KEEP=1 row 111 bb-stop bb stop demo
}

@test "row 58: metadata.json nested 200,000 deep" {
	bottle
	head -c 200000 /dev/zero | tr '\0' '[' >"$(S metadata.json)"
	ROW_KEEP=1 row 111 bb-resume bb resume demo
}

# --- committed-image and id broken: 111 --------------------------------------

@test "row 59: committed-image garbage" {
	bottle
	garbage >"$(S committed-image)"
	ROW_KEEP=1 row 111 bb-resume bb resume demo
}

@test "row 60: committed-image with an inner newline" {
	bottle
	printf 'bot-bottle/demo:1\nbot-bottle/demo:2\n' >"$(S committed-image)"
	ROW_KEEP=1 row 111 bb-commit bb commit demo
}

@test "row 61: committed-image of 10 MB" {
	bottle
	big 10485760 >"$(S committed-image)"
	ROW_KEEP=1 row 111 bb-resume bb resume demo
}

@test "row 62: committed-image of 10 MB, read raw" {
	bottle
	big 10485760 >"$(S committed-image)"
	ROW_KEEP=1 row 111 bb-state-read bb-state-read demo committed-image
}

@test "row 63: committed-image empty" {
	bottle
	: >"$(S committed-image)"
	ROW_KEEP=1 row 111 bb-commit bb commit demo
}

@test "row 64: the home's id garbage" {
	bottle
	garbage >"$BB_HOME/id"
	lock_new
	ROW_SLUG=new row 111 bb-macos-container-boot bb launch new --backend macos-container --image bbtest:base
}

@test "row 65: the home's id of 10 MB" {
	bottle docker
	big 10485760 >"$BB_HOME/id"
	ROW_KEEP=1 row 111 bb-docker-list bb-docker-list
}

# --- things planted in the state tree: 111, never followed -------------------

@test "row 66: metadata.json a symlink" {
	bottle
	ln -sf "$OUT/target" "$(S metadata.json)"
	ROW_KEEP=1 row 111 bb-stop bb stop demo
}

@test "row 67: metadata.json a FIFO" {
	bottle
	rm "$(S metadata.json)"
	mkfifo "$(S metadata.json)"
	ROW_KEEP=1 row 111 bb-container-running bb-container-running demo
}

@test "row 68: metadata.json a folder" {
	bottle
	rm "$(S metadata.json)"
	mkdir "$(S metadata.json)"
	ROW_KEEP=1 row 111 bb-resume bb resume demo
}

@test "row 69: committed-image a symlink, written" {
	bottle
	ln -sf "$OUT/target" "$(S committed-image)"
	input echo bot-bottle/demo:2
	ROW_KEEP=1 row 111 bb-state-write bb-state-write demo committed-image
}

@test "row 70: committed-image a FIFO" {
	bottle
	rm "$(S committed-image)"
	mkfifo "$(S committed-image)"
	ROW_KEEP=1 row 111 bb-resume bb resume demo
}

@test "row 71: committed-image a folder" {
	bottle
	rm "$(S committed-image)"
	mkdir "$(S committed-image)"
	ROW_KEEP=1 row 111 bb-commit bb commit demo
}

@test "row 72: preserved a symlink, marked" {
	bottle
	ln -s "$OUT/target" "$(S preserved)"
	ROW_KEEP=1 row 111 bb-mark-preserved bb-mark-preserved demo
}

@test "row 73: preserved a symlink, stopped" {
	bottle
	ln -s "$OUT/target" "$(S preserved)"
	ROW_KEEP=1 row 111 bb-stop bb stop demo
}

@test "row 74: preserved a FIFO, unmarked" {
	bottle
	mkfifo "$(S preserved)"
	ROW_KEEP=1 row 111 bb-mark-preserved bb-mark-preserved --undo demo
}

@test "row 75: snapshots a symlink, appended to" {
	bottle
	ln -s "$OUT/target" "$(S snapshots)"
	input printf '2026-01-01T00:00:00Z\tr:1\t-\tm\n'
	ROW_KEEP=1 row 111 bb-state-append bb-state-append demo snapshots
}

@test "row 76: snapshots a FIFO, read" {
	bottle
	mkfifo "$(S snapshots)"
	ROW_KEEP=1 row 111 bb-state-read bb-state-read demo snapshots
}

@test "row 77: state/<slug> a symlink" {
	bottle
	rm -r "$BB_HOME/state/demo"
	ln -s "$OUT/elsewhere" "$BB_HOME/state/demo"
	ROW_KEEP=1 row 111 bb-stop bb stop demo
}

@test "row 78: state/<slug> a FIFO" {
	bottle
	rm -r "$BB_HOME/state/demo"
	mkfifo "$BB_HOME/state/demo"
	ROW_KEEP=1 row 111 bb-container-running bb-container-running demo
}

@test "row 79: state/<slug> a file, launched over" {
	bottle
	rm -r "$BB_HOME/state/demo"
	echo x >"$BB_HOME/state/demo"
	ROW_KEEP=1 row 111 bb-launch bb launch demo --backend macos-container --image bbtest:base
}

@test "row 80: state/ a symlink" {
	bottle
	mv "$BB_HOME/state" "$OUT/state"
	ln -s "$OUT/state" "$BB_HOME/state"
	ROW_KEEP=1 row 111 bb-ls bb ls
}

@test "row 81: state/ a file" {
	bottle
	rm -r "$BB_HOME/state"
	echo x >"$BB_HOME/state"
	ROW_KEEP=1 row 111 bb-commit bb commit
}

@test "row 82: locks/ a symlink" {
	bottle
	mv "$BB_HOME/locks" "$OUT/locks"
	ln -s "$OUT/locks" "$BB_HOME/locks"
	ROW_KEEP=1 row 111 bb-mark-preserved bb-mark-preserved demo
}

@test "row 83: locks/<slug> a symlink" {
	bottle
	ln -sf "$OUT/target" "$BB_HOME/locks/demo"
	ROW_KEEP=1 row 111 bb-stop bb stop demo
}

@test "row 84: locks/<slug> a FIFO" {
	bottle
	rm "$BB_HOME/locks/demo"
	mkfifo "$BB_HOME/locks/demo"
	input echo bot-bottle/demo:2
	ROW_KEEP=1 row 111 bb-state-write bb-state-write demo committed-image
}

@test "row 85: locks/<slug> a folder" {
	bottle
	rm "$BB_HOME/locks/demo"
	mkdir "$BB_HOME/locks/demo"
	ROW_KEEP=1 row 111 bb-resume bb resume demo
}

@test "row 86: snapshots/<slug> a symlink, for a smolmachines commit" {
	use_fake_smolvm
	bottle
	rm -r "$BB_HOME/state/demo"
	bb launch demo --backend smolmachines --image alpine -- sleep 1000 >/dev/null
	mkdir -m 700 "$BB_HOME/snapshots"
	ln -s "$OUT/elsewhere" "$BB_HOME/snapshots/demo"
	row 111 bb-smolmachines-freeze bb commit --yes demo
}

@test "row 87: snapshots/<slug> a symlink, for a macos-container commit" {
	bottle
	rm -r "$BB_HOME/state/demo"
	bb launch demo --backend macos-container --image bbtest:base -- sleep 1000 >/dev/null
	mkdir -m 700 "$BB_HOME/snapshots"
	ln -s "$OUT/elsewhere" "$BB_HOME/snapshots/demo"
	row 111 bb-macos-container-freeze bb commit --yes demo
}

@test "row 88: the home's id a symlink" {
	bottle
	ln -sf "$OUT/target" "$BB_HOME/id"
	lock_new
	ROW_SLUG=new row 111 bb-macos-container-boot bb launch new --backend macos-container --image bbtest:base
}

@test "row 89: the home's id a FIFO" {
	bottle docker
	rm "$BB_HOME/id"
	mkfifo "$BB_HOME/id"
	ROW_KEEP=1 row 111 bb-docker-list bb-docker-list
}

# --- $BB_HOME itself: 111 ----------------------------------------------------

@test "row 90: \$BB_HOME writable by its group" {
	bottle
	chmod 770 "$BB_HOME"
	ROW_KEEP=1 row 111 bb-stop bb stop demo
}

@test "row 91: \$BB_HOME writable by all" {
	bottle
	chmod 1777 "$BB_HOME"
	ROW_KEEP=1 row 111 bb-ls bb ls
}

@test "row 92: \$BB_HOME owned by another user" {
	bottle
	chown 65534:65534 "$BB_HOME"
	ROW_KEEP=1 row 111 bb-state-read bb-state-read demo metadata.json
}

@test "row 93: \$BB_HOME a file" {
	bottle
	BB_HOME=$BB_HOME/id ROW_KEEP=1 row 111 bb-ls bb ls
}

# --- DOCKER_HOST and friends malformed: the caller's bad input, 100 ----------

@test "row 94: DOCKER_HOST ssh://" {
	bottle docker
	DOCKER_HOST=ssh://user@host ROW_KEEP=1 row 100 bb-docker-running bb-docker-running bot-bottle-demo
}

@test "row 95: DOCKER_HOST of an unknown scheme (bb stop)" {
	bottle docker
	DOCKER_HOST=bogus://x ROW_KEEP=1 row 100 bb-docker-stop bb stop demo
}

@test "row 96: DOCKER_HOST tcp:// with no host (bb-container-running)" {
	bottle docker
	DOCKER_HOST=tcp:// ROW_KEEP=1 row 100 bb-docker-running bb-container-running demo
}

@test "row 97: DOCKER_HOST unix:// with no path (bb commit)" {
	bottle docker
	DOCKER_HOST=unix:// ROW_KEEP=1 row 100 bb-docker-commit bb commit demo
}

@test "row 98: DOCKER_HOST with a port that is a word (bb launch)" {
	bottle docker
	lock_new
	DOCKER_HOST=tcp://localhost:port ROW_SLUG=new row 100 bb-docker-boot bb launch new --backend docker --image bbtest:base
}

@test "row 99: DOCKER_HOST with a port out of range" {
	bottle docker
	DOCKER_HOST=tcp://localhost:99999999999999999999 ROW_KEEP=1 row 100 bb-docker-list bb-docker-list
}

@test "row 100: DOCKER_HOST with a socket path of 200 bytes (bb resume)" {
	bottle docker
	DOCKER_HOST=unix:///$(big 200) ROW_KEEP=1 row 100 bb-docker-running bb resume demo
}

@test "row 101: DOCKER_HOST with a newline" {
	bottle docker
	DOCKER_HOST=$'tcp://localhost\n:2375' ROW_KEEP=1 row 100 bb-docker-stop bb-docker-stop bot-bottle-demo
}

@test "row 102: DOCKER_API_VERSION a word" {
	bottle docker
	DOCKER_HOST=unix://$BATS_TEST_TMPDIR/none.sock DOCKER_API_VERSION=latest \
		ROW_KEEP=1 row 100 bb-docker-running bb-docker-running bot-bottle-demo
}

@test "row 103: DOCKER_API_VERSION with a newline and an escape" {
	bottle docker
	DOCKER_HOST=unix://$BATS_TEST_TMPDIR/none.sock DOCKER_API_VERSION=$'1.4\n\e[2J1' \
		ROW_KEEP=1 row 100 bb-docker-running bb-docker-running bot-bottle-demo
}

@test "row 104: DOCKER_CONTEXT naming no context" {
	bottle docker
	unset DOCKER_HOST
	DOCKER_CONTEXT=missing ROW_KEEP=1 row 100 bb-docker-running bb-docker-running bot-bottle-demo
}

# --- an engine that misbehaves (t/fakes/engine): 111 -------------------------

@test "row 105: an engine answering garbage" {
	bottle docker
	engine garbage
	ROW_KEEP=1 row 111 bb-docker-running bb-docker-running bot-bottle-demo
}

@test "row 106: an engine answering garbage (bb launch)" {
	bottle docker
	lock_new
	engine garbage
	ROW_SLUG=new row 111 bb-docker-boot bb launch new --backend docker --image bbtest:base
}

@test "row 107: an engine answering 500 with a message of two lines" {
	bottle docker
	engine http500
	ROW_KEEP=1 row 111 bb-docker-running bb-docker-running bot-bottle-demo
}

@test "row 108: an engine answering 500 to the commit (bb commit)" {
	bottle docker
	engine http500 "$HOME_ID"
	ROW_KEEP=1 row 111 bb-docker-commit bb commit demo
}

@test "row 109: an engine answering 500 to the stop (bb stop)" {
	bottle docker
	engine http500 "$HOME_ID"
	ROW_KEEP=1 row 111 bb-docker-stop bb stop demo
}

@test "row 110: an engine closing mid-answer" {
	bottle docker
	engine close-mid
	ROW_KEEP=1 row 111 bb-docker-running bb-docker-running bot-bottle-demo
}

@test "row 111: an engine closing mid-answer to the commit" {
	bottle docker
	engine close-mid "$HOME_ID"
	ROW_KEEP=1 row 111 bb-docker-commit bb-docker-commit bot-bottle-demo bot-bottle/demo:2
}

@test "row 112: an engine answering HTML (bb-container-running)" {
	bottle docker
	engine notjson
	ROW_KEEP=1 row 111 bb-docker-running bb-container-running demo
}

@test "row 113: an engine answering HTML to the list" {
	bottle docker
	engine notjson "$HOME_ID"
	ROW_KEEP=1 row 111 bb-docker-list bb-docker-list
}

@test "row 114: an engine answering without end" {
	bottle docker
	engine flood
	BB_DOCKER_API_VERSION=1.41 ROW_KEEP=1 row 111 bb-docker-running bb-docker-running bot-bottle-demo
}

@test "row 115: an engine that never answers: the ping gives up after 30 s" {
	# Started by setup_file, under `timeout 45`.
	for ((i = 0; i < 600; i++)); do
		[[ -e $SLOW/status ]] && break
		sleep 0.1
	done
	[[ -e $SLOW/status ]] || fail "bb-docker-running has not ended"
	status=$(<"$SLOW/status")
	output=$(<"$SLOW/out")
	stderr=$(<"$SLOW/err")
	mapfile -t stderr_lines <"$SLOW/err"
	before=$(<"$SLOW/before")
	after=$(find "$SLOW/bbhome" | sort)
	ROW_TIMEOUT=45 check_row 111 bb-docker-running "bb-docker-running bot-bottle-demo"
	[[ $stderr == *"timed out"* ]]
}

# --- on the real engine ------------------------------------------------------

@test "row 116: committed-image naming no image (real engine, bb resume)" {
	require_docker
	real_engine=1
	launch_bottle demo
	bb-mark-preserved demo
	bb stop demo >/dev/null
	echo 'bot-bottle/demo:nosuch' | bb-state-write demo committed-image
	ROW_KEEP=1 row 111 bb-docker-boot bb resume demo
}

@test "row 117: committed-image that is no image reference (real engine, bb resume)" {
	require_docker
	real_engine=1
	launch_bottle demo
	bb-mark-preserved demo
	bb stop demo >/dev/null
	echo 'NOT an image ref!' | bb-state-write demo committed-image
	ROW_KEEP=1 row 111 bb-docker-boot bb resume demo
}

# --- not rows ----------------------------------------------------------------

@test "an engine that never answers the commit: bb commit waits until killed, and a kill leaves nothing behind" {
	bottle docker
	engine slow "$HOME_ID"
	before=$(tree_of "")
	# POST /commit has no client timeout (the docker CLI has none either):
	# nothing flows until the image exists, which may take minutes.
	run --separate-stderr timeout 3 bb commit demo
	[ "$status" -eq 124 ]
	[ "$(tree_of "")" = "$before" ]
	# timeout signals the whole process group: no step of the chain lives on.
	# ("[.]": grep's own command line does not match.)
	left=$(grep -lsa -e "bot-bottle[.]home=$HOME_ID" /proc/[0-9]*/cmdline || :)
	[[ -z $left ]] || fail "left running: $left"
}

@test "the table has at least 60 rows" {
	n=$(grep -c '^@test "row [0-9]*: ' "$BATS_TEST_FILENAME")
	echo "# $n rows" >&3
	((n >= 60))
}
