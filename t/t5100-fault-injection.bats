#!/usr/bin/env bats
# Failed system calls at each step of every state writer, through the hook
# of the fault-injection build (BB_FAULT=step:n, lib/fault.c), and a real
# ENOSPC on a tiny tmpfs: a clear one-line error, exit 111, the previous
# state intact byte for byte, no temp file left, and the next run works.

load test_helper
load reliability

setup() {
	use_fault_build
	bb_setup
	tiny=
}

teardown() {
	docker_cleanup_home
	if [[ -n ${tiny-} ]] && mountpoint -q "$tiny"; then
		umount "$tiny" 2>/dev/null || umount -l "$tiny"
	fi
}

# A bottle's state made by the plumbing: metadata, a committed image, one
# history line, the preserved marker (each as asked).
meta() {
	printf '{"version":1,"slug":"%s","backend":"docker","image":"bbtest:base"}\n' "${1:-demo}"
}
new_bottle() {
	meta demo | bb-state-write demo metadata.json
}
line() {
	printf '2026-11-28T15:00:0%sZ\tbot-bottle/demo:2026112%sT150000Z\t%s\tm\n' "$1" "$1" "${2:--}"
}

# expect_fault SPEC MESSAGE CMD...: with BB_FAULT=SPEC (and $fault_input on
# stdin), CMD exits 111, prints nothing on stdout and exactly MESSAGE on
# stderr; the state is what save_state kept.
expect_fault() {
	local spec=$1 msg=$2
	shift 2
	run -111 --separate-stderr env BB_FAULT="$spec" "$@" <<<"${fault_input-}"
	[[ -z $output ]] || fail "BB_FAULT=$spec $*: stdout '$output'"
	[[ $stderr == "$msg" ]] ||
		fail "BB_FAULT=$spec $*: stderr"$'\n'"  $stderr"$'\n'"not"$'\n'"  $msg"
	assert_state_kept "BB_FAULT=$spec $*"
}

@test "the fault build fails on demand; BB_FAULT counts the calls of each step" {
	new_bottle
	bb-state-write demo committed-image <<<"ref:1"
	save_state
	fault_input="ref:2"
	expect_fault fsync:1 "bb-state-write: fatal: unable to fsync '$BB_HOME/state/demo/committed-image': Input/output error" \
		bb-state-write demo committed-image
	# Only the n-th call fails: one fsync per write here, so fsync:2 never does.
	BB_FAULT=fsync:2 bb-state-write demo committed-image <<<"ref:3"
	[ "$(cat "$BB_HOME/state/demo/committed-image")" = "ref:3" ]
	# The build under test has no hook: BB_FAULT means nothing to it.
	if [[ -x $BB_PLAIN_BUILD/bb-state-write ]]; then
		BB_FAULT=fsync:1,open:1,lock:1 "$BB_PLAIN_BUILD/bb-state-write" demo committed-image <<<"ref:4"
		[ "$(cat "$BB_HOME/state/demo/committed-image")" = "ref:4" ]
	fi
}

# Every step of bb-state-write, for a file replaced, a file created (with
# the compare-and-swap that bb commit uses) and the metadata.
state_write_faults() {
	local key=$1 p=$BB_HOME/state/demo/$1 e=bb-state-write
	shift
	expect_fault lock:1 "$e: fatal: unable to lock '$BB_HOME/locks/demo': Input/output error" "$e" "$@" demo "$key"
	expect_fault open:1 "$e: fatal: unable to create a temporary file for '$p': Input/output error" "$e" "$@" demo "$key"
	expect_fault write:1 "$e: fatal: unable to write '$p': No space left on device" "$e" "$@" demo "$key"
	expect_fault fsync:1 "$e: fatal: unable to fsync '$p': Input/output error" "$e" "$@" demo "$key"
	expect_fault rename:1 "$e: fatal: unable to rename into place '$p': Input/output error" "$e" "$@" demo "$key"
	expect_fault dirsync:1 "$e: fatal: unable to fsync the folder of '$p': Input/output error" "$e" "$@" demo "$key"
}

@test "bb-state-write replacing committed-image: each failed step exits 111, the old value stays" {
	new_bottle
	bb-state-write demo committed-image <<<"bot-bottle/demo:1"
	save_state
	fault_input="bot-bottle/demo:2"
	state_write_faults committed-image
	state_write_faults committed-image --old bot-bottle/demo:1
	# The next write works.
	bb-state-write --old bot-bottle/demo:1 demo committed-image <<<"bot-bottle/demo:2"
	[ "$(cat "$BB_HOME/state/demo/committed-image")" = "bot-bottle/demo:2" ]
}

@test "bb-state-write creating committed-image: each failed step exits 111, the file stays absent" {
	new_bottle
	save_state
	fault_input="bot-bottle/demo:1"
	state_write_faults committed-image --old ''
	assert_not_exist "$BB_HOME/state/demo/committed-image"
	bb-state-write --old '' demo committed-image <<<"bot-bottle/demo:1"
}

@test "bb-state-write replacing metadata.json: each failed step exits 111, the old metadata stays" {
	new_bottle
	save_state
	fault_input=$(meta | sed 's/bbtest:base/other:1/')
	state_write_faults metadata.json
}

@test "bb-mark-preserved: each failed step exits 111 and leaves no marker" {
	new_bottle
	save_state
	local p=$BB_HOME/state/demo/preserved e=bb-mark-preserved
	expect_fault lock:1 "$e: fatal: unable to lock '$BB_HOME/locks/demo': Input/output error" $e demo
	expect_fault open:1 "$e: fatal: unable to create a temporary file for '$p': Input/output error" $e demo
	expect_fault fsync:1 "$e: fatal: unable to fsync '$p': Input/output error" $e demo
	expect_fault rename:1 "$e: fatal: unable to link into place '$p': Input/output error" $e demo
	expect_fault dirsync:1 "$e: fatal: unable to fsync the folder of '$p': Input/output error" $e demo
	assert_not_exist "$p"
	bb-mark-preserved demo
	assert_file_exist "$p"
	# Once there, it is not written again: nothing left to fail but the lock.
	save_state
	BB_FAULT=open:1,write:1,fsync:1,rename:1,dirsync:1 bb-mark-preserved demo
	assert_state_kept
}

# Every step of bb-state-append.
append_faults() {
	local p=$BB_HOME/state/demo/snapshots e=bb-state-append
	expect_fault lock:1 "$e: fatal: unable to lock '$BB_HOME/locks/demo': Input/output error" $e demo snapshots
	expect_fault open:1 "$e: fatal: unable to open '$p': Input/output error" $e demo snapshots
	expect_fault write:1 "$e: fatal: unable to append to '$p': No space left on device" $e demo snapshots
	expect_fault fsync:1 "$e: fatal: unable to fsync '$p': Input/output error" $e demo snapshots
}

@test "bb-state-append to the log: each failed step exits 111, the log stays as it was" {
	new_bottle
	line 1 | bb-state-append demo snapshots
	save_state
	fault_input=$(line 2 bot-bottle/demo:20261121T150000Z)
	append_faults
	bb-state-append demo snapshots <<<"$fault_input"
	[ "$(wc -l <"$BB_HOME/state/demo/snapshots")" -eq 2 ]
}

@test "bb-state-append of the first line: each failed step exits 111 and leaves no log" {
	new_bottle
	save_state
	fault_input=$(line 1)
	append_faults
	assert_not_exist "$BB_HOME/state/demo/snapshots"
}

# commit_fault PROG STEP MESSAGE [LOGGED]: bb commit with PROG alone
# failing at STEP (a wrapper in the staged exec path gives it BB_FAULT=
# STEP:1) exits 111 with MESSAGE, prints nothing on stdout, and leaves the
# state as it was; LOGGED=1 when the failure comes after the append: the
# log then has one more line, for a snapshot that is not committed
# (DESIGN.md 2: the history line comes first, then the swap), and the
# saved state takes it.
commit_fault() {
	local prog=$1 step=$2 msg=$3 logged=${4:-0} log=$BB_HOME/state/demo/snapshots
	local saved=$BATS_TEST_TMPDIR/saved/demo/snapshots n=0 parent
	wrap_prog "$prog" "BB_FAULT=$step:1; export BB_FAULT"
	run -111 --separate-stderr bb commit demo
	unwrap_prog "$prog"
	[[ -z $output ]] || fail "$prog failing at $step: stdout '$output'"
	[[ $stderr == "$msg" ]] ||
		fail "$prog failing at $step: stderr"$'\n'"  $stderr"$'\n'"not"$'\n'"  $msg"
	if ((logged)); then
		[[ -f $saved ]] && n=$(wc -l <"$saved")
		[ "$(wc -l <"$log")" -eq $((n + 1)) ] ||
			fail "$prog failing at $step: the log has $(wc -l <"$log") lines, not $((n + 1))"
		[[ ! -f $saved ]] || cmp -s "$saved" <(head -n "$n" "$log") ||
			fail "$prog failing at $step: the log's old lines changed"
		parent=$(tail -n 1 "$log" | cut -f3)
		[[ $parent == "$(cat "$BB_HOME/state/demo/committed-image" 2>/dev/null || echo -)" ]] ||
			fail "$prog failing at $step: the new line's parent is '$parent'"
		cp -p "$log" "$saved"
	fi
	assert_state_kept "$prog failing at $step"
}

@test "bb commit with a failed step in each writer: exit 111, one line naming it, the state as it was" {
	require_docker
	launch_bottle demo
	bb commit demo >/dev/null
	old=$(cat "$BB_HOME/state/demo/committed-image")
	stage_exec_path
	save_state
	local s=$BB_HOME/state/demo/snapshots c=$BB_HOME/state/demo/committed-image
	# Its own lock, the first step (the plumbing below shares it: no lock
	# step of theirs to fail).
	fault_input=
	expect_fault lock:1 "bb-commit: fatal: unable to lock '$BB_HOME/locks/demo': Input/output error" bb commit demo
	commit_fault bb-state-append open "bb-state-append: fatal: unable to open '$s': Input/output error"
	commit_fault bb-state-append write "bb-state-append: fatal: unable to append to '$s': No space left on device"
	commit_fault bb-state-append fsync "bb-state-append: fatal: unable to fsync '$s': Input/output error"
	commit_fault bb-state-write open "bb-state-write: fatal: unable to create a temporary file for '$c': Input/output error" 1
	commit_fault bb-state-write write "bb-state-write: fatal: unable to write '$c': No space left on device" 1
	commit_fault bb-state-write fsync "bb-state-write: fatal: unable to fsync '$c': Input/output error" 1
	commit_fault bb-state-write rename "bb-state-write: fatal: unable to rename into place '$c': Input/output error" 1
	commit_fault bb-state-write dirsync "bb-state-write: fatal: unable to fsync the folder of '$c': Input/output error" 1
	[ "$(cat "$c")" = "$old" ]
	# The next commit works, and follows the last good one.
	run -0 --separate-stderr bb commit demo
	[ "$(tail -n 1 "$s" | cut -f3)" = "$old" ]
	[ "$(cat "$c")" = "$(tail -n 1 "$s" | cut -f2)" ]
}

@test "bb commit's first commit with a failed step: exit 111; only 'preserved' may have appeared" {
	require_docker
	launch_bottle demo
	stage_exec_path
	save_state
	local p=$BB_HOME/state/demo/preserved
	commit_fault bb-mark-preserved open "bb-mark-preserved: fatal: unable to create a temporary file for '$p': Input/output error"
	commit_fault bb-mark-preserved fsync "bb-mark-preserved: fatal: unable to fsync '$p': Input/output error"
	commit_fault bb-mark-preserved rename "bb-mark-preserved: fatal: unable to link into place '$p': Input/output error"
	commit_fault bb-mark-preserved dirsync "bb-mark-preserved: fatal: unable to fsync the folder of '$p': Input/output error"
	assert_not_exist "$p"
	# Past the marker (it only ever goes from absent to present within a
	# commit), a failure leaves the bottle preserved, and nothing else.
	wrap_prog bb-state-append "BB_FAULT=write:1; export BB_FAULT"
	run -111 --separate-stderr bb commit demo
	unwrap_prog bb-state-append
	[ "$stderr" = "bb-state-append: fatal: unable to append to '$BB_HOME/state/demo/snapshots': No space left on device" ]
	assert_file_exist "$p"
	[ "$(stat -c '%a %s' "$p")" = "600 0" ]
	cp -p "$p" "$BATS_TEST_TMPDIR/saved/demo/preserved"
	assert_state_kept
	assert_not_exist "$BB_HOME/state/demo/snapshots"
	commit_fault bb-state-write rename "bb-state-write: fatal: unable to rename into place '$BB_HOME/state/demo/committed-image': Input/output error" 1
	assert_not_exist "$BB_HOME/state/demo/committed-image"
	run -0 --separate-stderr bb commit demo
	[ "$(wc -l <"$BB_HOME/state/demo/snapshots")" -eq 2 ]
	[ "$(tail -n 1 "$BB_HOME/state/demo/snapshots" | cut -f3)" = - ]
}

# mount_tiny [OPTIONS]: a 64 KiB tmpfs (root only) as this test's BB_HOME
# folder; teardown unmounts it.
mount_tiny() {
	((EUID == 0)) || skip "mounting a tmpfs needs root"
	tiny=$BATS_TEST_TMPDIR/tiny
	mkdir -p "$tiny"
	mount -t tmpfs -o "size=64k,mode=0700${1:+,$1}" bbtest-tiny "$tiny" ||
		skip "cannot mount a tmpfs here"
	export BB_HOME=$tiny/bbhome
}

# fill_log: lines in the log until it ends on a page boundary, so that
# the next line needs a new page (tmpfs gives space by the page).
fill_log() {
	local f=$BB_HOME/state/demo/snapshots ps size need head
	ps=$(getconf PAGESIZE)
	head=$(printf '2026-11-28T15:00:00Z\tbot-bottle/demo:20261128T150000Z-9\t-\t')
	while size=$(stat -c %s "$f") && ((size % ps)); do
		need=$((ps - size % ps - ${#head} - 1))
		((need >= 1 && need <= 2000)) || need=2000
		printf '%s%*s\n' "$head" "$need" "" | tr ' ' x | bb-state-append demo snapshots
	done
}

# fill_tiny: fill the tmpfs up.
fill_tiny() {
	head -c 1M /dev/zero >"$tiny/fill" 2>/dev/null || :
	[ "$(df --output=avail -B1 "$tiny" | tail -n 1)" -eq 0 ]
}

@test "ENOSPC on a full state disk: the writers exit 111 with the reason, the state stays" {
	mount_tiny
	new_bottle
	bb-state-write demo committed-image <<<"bot-bottle/demo:1"
	line 1 | bb-state-append demo snapshots
	fill_log
	fill_tiny
	save_state
	local d=$BB_HOME/state/demo
	fault_input="bot-bottle/demo:2"
	expect_fault '' "bb-state-write: fatal: unable to write '$d/committed-image': No space left on device" \
		bb-state-write --old bot-bottle/demo:1 demo committed-image
	fault_input=$(meta | sed 's/bbtest:base/other:1/')
	expect_fault '' "bb-state-write: fatal: unable to write '$d/metadata.json': No space left on device" \
		bb-state-write demo metadata.json
	fault_input=$(line 2 bot-bottle/demo:1)
	expect_fault '' "bb-state-append: fatal: unable to append to '$d/snapshots': No space left on device" \
		bb-state-append demo snapshots
	# An empty marker takes no space: it can still be set.
	run -0 --separate-stderr bb-mark-preserved demo
	assert_file_exist "$d/preserved"
	# Once there is room again, everything works.
	rm "$tiny/fill"
	bb-state-write --old bot-bottle/demo:1 demo committed-image <<<"bot-bottle/demo:2"
	bb-state-append demo snapshots <<<"$fault_input"
}

@test "ENOSPC for inodes: bb-mark-preserved exits 111, no marker" {
	mount_tiny nr_inodes=16
	new_bottle
	local n=0
	while : >"$tiny/f$n" 2>/dev/null; do n=$((n + 1)); done
	save_state
	expect_fault '' "bb-mark-preserved: fatal: unable to create a temporary file for '$BB_HOME/state/demo/preserved': No space left on device" \
		bb-mark-preserved demo
	rm -f "$tiny"/f*
	bb-mark-preserved demo
}

@test "bb commit with the state disk full exits 111, the state stays; with room again it succeeds" {
	require_docker
	mount_tiny
	launch_bottle demo
	bb commit demo >/dev/null
	old=$(cat "$BB_HOME/state/demo/committed-image")
	# The log's last page full: the append fails, nothing changes.
	fill_log
	fill_tiny
	save_state
	run -111 --separate-stderr bb commit demo
	assert_output ""
	[ "$stderr" = "bb-state-append: fatal: unable to append to '$BB_HOME/state/demo/snapshots': No space left on device" ]
	assert_state_kept
	# Room in the log's last page: the line goes in, the swap fails and
	# the old ref stays committed.
	rm "$tiny/fill"
	bb-state-append demo snapshots <<<"$(line 1)"
	fill_tiny
	save_state
	run -111 --separate-stderr bb commit demo
	assert_output ""
	[ "$stderr" = "bb-state-write: fatal: unable to write '$BB_HOME/state/demo/committed-image': No space left on device" ]
	[ "$(cat "$BB_HOME/state/demo/committed-image")" = "$old" ]
	[ "$(tail -n 1 "$BB_HOME/state/demo/snapshots" | cut -f3)" = "$old" ]
	diff <(head -n -1 "$BB_HOME/state/demo/snapshots") "$BATS_TEST_TMPDIR/saved/demo/snapshots"
	cp -p "$BB_HOME/state/demo/snapshots" "$BATS_TEST_TMPDIR/saved/demo/snapshots"
	assert_state_kept
	rm "$tiny/fill"
	run -0 --separate-stderr bb commit demo
	[ "$(tail -n 1 "$BB_HOME/state/demo/snapshots" | cut -f3)" = "$old" ]
	[ "$(cat "$BB_HOME/state/demo/committed-image")" = "$(tail -n 1 "$BB_HOME/state/demo/snapshots" | cut -f2)" ]
}
