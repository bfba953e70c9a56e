#!/usr/bin/env bats
# Many bb commit at once, on the real engine: those of one bottle run one
# after another (or fail fast with "bottle <slug> is busy" under
# --no-wait), the log has one line per successful commit, chained, and
# committed-image names the last; those of different bottles do not wait
# for each other. (How much they overlap is measured by hand, not here:
# no test asserts a duration.)

load test_helper
load reliability

setup() {
	bb_setup
	require_docker
	lock_holder=''
}

teardown() {
	if [[ -n ${lock_holder-} ]]; then
		release_lock
	fi
	docker_cleanup_home
}

# commit_many N [OPTIONS...]: N bb commit [OPTIONS] demo at once, each under
# timeout; their outputs in $BATS_TEST_TMPDIR/c.K.{out,err,status}.
commit_many() {
	local n=$1 k pids=()
	shift
	for ((k = 1; k <= n; k++)); do
		(
			status=0
			timeout 300 bb commit "$@" demo >"$BATS_TEST_TMPDIR/c.$k.out" \
				2>"$BATS_TEST_TMPDIR/c.$k.err" || status=$?
			echo "$status" >"$BATS_TEST_TMPDIR/c.$k.status"
		) &
		pids+=($!)
	done
	wait "${pids[@]}"
}

# statuses N: the N exit statuses, one a line.
statuses() {
	local k
	for ((k = 1; k <= $1; k++)); do
		cat "$BATS_TEST_TMPDIR/c.$k.status"
	done
}

# check_chain SLUG N: the log has N lines, well formed, unique refs, each
# line's parent the ref of the line before it (the first: '-'): the commits
# ran one after another, each seeing the one before. committed-image is
# the last line's ref, and every ref is an image.
check_chain() {
	local slug=$1 n=$2 log=$BB_HOME/state/$1/snapshots prev=- t ref parent msg re
	re=$(snapshot_ref_re "$slug")
	[ "$(wc -l <"$log")" -eq "$n" ] || fail "the log has $(wc -l <"$log") lines, not $n"
	while IFS=$'\t' read -r t ref parent msg; do
		[[ $t =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$ ]] ||
			fail "bad time in: $t $ref $parent $msg"
		[[ $ref =~ $re ]] || fail "bad ref in: $t $ref $parent $msg"
		[[ $parent == "$prev" ]] ||
			fail "the line of $ref has parent $parent, not $prev: commits overlapped"
		image_exists "$ref" || fail "no image $ref"
		prev=$ref
	done <"$log"
	[ "$(cut -f2 "$log" | sort -u | wc -l)" -eq "$n" ] || fail "refs are not unique"
	[ "$(cat "$BB_HOME/state/$slug/committed-image")" = "$prev" ] ||
		fail "committed-image is $(cat "$BB_HOME/state/$slug/committed-image"), not the last line's $prev"
	assert_no_temp_files "$slug"
}

@test "32 bb commit of one bottle at once run one after another: 32 lines, chained, the last committed" {
	launch_bottle demo
	commit_many 32
	run -0 sort -u <(statuses 32)
	assert_output 0
	check_chain demo 32
	# Each printed the ref it committed: 32 different ones, all in the log.
	cat "$BATS_TEST_TMPDIR"/c.*.out | sed -n 's/^Committed bottle demo as \(.*\)\.$/\1/p' |
		sort >"$BATS_TEST_TMPDIR/printed"
	[ "$(sort -u "$BATS_TEST_TMPDIR/printed" | wc -l)" -eq 32 ]
	cut -f2 "$BB_HOME/state/demo/snapshots" | sort | diff - "$BATS_TEST_TMPDIR/printed"
	run -0 bb-container-running demo
}

@test "32 bb commit --no-wait while the bottle is busy: each fails at once, exit 1, nothing changes" {
	launch_bottle demo
	bb commit demo >/dev/null
	save_state
	hold_lock demo
	commit_many 32 --no-wait
	run -0 sort -u <(statuses 32)
	assert_output 1
	run -0 sort -u "$BATS_TEST_TMPDIR"/c.*.err
	assert_output "bb-commit: fatal: bottle demo is busy"
	run -0 cat "$BATS_TEST_TMPDIR"/c.*.out
	assert_output ""
	release_lock
	lock_holder=''
	assert_state_kept
}

@test "32 bb commit at once, half with --no-wait: one line per success, chained, the last committed" {
	launch_bottle demo
	local k pids=() ok=0 busy=0 s
	for ((k = 1; k <= 32; k++)); do
		(
			s=0
			if ((k % 2)); then
				timeout 300 bb commit --no-wait demo >/dev/null 2>"$BATS_TEST_TMPDIR/c.$k.err" || s=$?
			else
				timeout 300 bb commit demo >/dev/null 2>"$BATS_TEST_TMPDIR/c.$k.err" || s=$?
			fi
			echo "$s" >"$BATS_TEST_TMPDIR/c.$k.status"
		) &
		pids+=($!)
	done
	wait "${pids[@]}"
	for ((k = 1; k <= 32; k++)); do
		s=$(<"$BATS_TEST_TMPDIR/c.$k.status")
		if ((s == 0)); then
			ok=$((ok + 1))
		elif ((s == 1 && k % 2)); then
			[ "$(cat "$BATS_TEST_TMPDIR/c.$k.err")" = "bb-commit: fatal: bottle demo is busy" ]
			busy=$((busy + 1))
		else
			fail "commit $k exits $s: $(cat "$BATS_TEST_TMPDIR/c.$k.err")"
		fi
	done
	# The 16 that wait all got their turn.
	((ok >= 16 && ok + busy == 32))
	check_chain demo "$ok"
	echo "# $ok commits, $busy found the bottle busy" >&3
}

@test "commits of different bottles do not wait for each other's lock" {
	launch_bottle one
	launch_bottle two
	hold_lock one
	# one's commit waits for its lock...
	timeout 120 bb commit one >"$BATS_TEST_TMPDIR/one.out" 2>&1 &
	waiter=$!
	# ...while two's, even with --no-wait, goes through.
	run -0 --separate-stderr timeout 120 bb commit --no-wait two
	assert_line -n 0 --partial "Committed bottle two as "
	run -0 kill -0 "$waiter"
	assert_not_exist "$BB_HOME/state/one/committed-image"
	release_lock
	lock_holder=''
	# ...and goes on once the lock is free.
	wait "$waiter"
	assert_file_exist "$BB_HOME/state/one/committed-image"
	check_chain one 1
	check_chain two 1
}
