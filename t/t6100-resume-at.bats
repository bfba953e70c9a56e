#!/usr/bin/env bats
# bb resume --at: boot from an older snapshot, which becomes the committed one.

load test_helper

setup() {
	bb_setup
}

teardown() {
	docker_cleanup_home
}

# A docker bottle with three commits; /root/gen says which one. Sets refs[0..2].
three_commits() {
	require_docker
	launch_bottle demo
	refs=()
	for gen in 1 2 3; do
		docker_t exec bot-bottle-demo sh -c "echo $gen >/root/gen"
		bb commit -m "gen $gen" demo >/dev/null
		refs+=("$(cat "$BB_HOME/state/demo/committed-image")")
	done
	bb stop demo >/dev/null
	cp "$BB_HOME/state/demo/snapshots" "$BATS_TEST_TMPDIR/log-before"
}

@test "--at N boots the Nth snapshot of bb log and makes it the committed one" {
	three_commits
	run -0 --separate-stderr bb resume --at 3 demo
	assert_output "Resumed bottle demo from ${refs[0]}, now its committed image."
	[ -z "$stderr" ]
	run -0 docker_t exec bot-bottle-demo cat /root/gen
	assert_output 1
	[ "$(docker_t inspect -f '{{.Config.Image}}' bot-bottle-demo)" = "${refs[0]}" ]
	[ "$(cat "$BB_HOME/state/demo/committed-image")" = "${refs[0]}" ]
	# The log is unchanged, and marks the third line now.
	cmp "$BATS_TEST_TMPDIR/log-before" "$BB_HOME/state/demo/snapshots"
	run -0 bash -c 'bb log --json demo | jq -c "[.snapshots[].committed]"'
	assert_output "[false,false,true]"
}

@test "after --at, a plain resume and the next commit start from that snapshot" {
	three_commits
	bb resume --at 2 demo >/dev/null
	bb stop demo >/dev/null
	run -0 --separate-stderr bb resume demo
	assert_output "Resumed bottle demo from ${refs[1]}."
	run -0 docker_t exec bot-bottle-demo cat /root/gen
	assert_output 2
	bb commit -m "from gen 2" demo >/dev/null
	run -0 bash -c 'bb log --json demo | jq -r ".snapshots[0] | [.parent, .message, .committed] | @tsv"'
	assert_output "${refs[1]}	from gen 2	true"
}

@test "--at REF boots the ref as given; --at the committed one again writes nothing" {
	three_commits
	run -0 --separate-stderr bb resume --at "${refs[1]}" demo
	assert_output "Resumed bottle demo from ${refs[1]}, now its committed image."
	run -0 docker_t exec bot-bottle-demo cat /root/gen
	assert_output 2
	bb stop demo >/dev/null
	bb resume --at 2 demo >/dev/null
	stat -c %Y.%i "$BB_HOME/state/demo/committed-image" >"$BATS_TEST_TMPDIR/stamp"
	bb stop demo >/dev/null
	run -0 --separate-stderr bb resume --at 2 demo
	assert_output "Resumed bottle demo from ${refs[1]}, now its committed image."
	[ "$(stat -c %Y.%i "$BB_HOME/state/demo/committed-image")" = "$(cat "$BATS_TEST_TMPDIR/stamp")" ]
}

@test "a ref that no longer exists: 111 from the boot, nothing changed" {
	three_commits
	cp -r "$BB_HOME/state" "$BATS_TEST_TMPDIR/state-before"
	run -111 --separate-stderr bb resume --at bot-bottle/demo:19990101T000000Z demo
	assert_output ""
	assert_equal "$stderr" "bb-docker-boot: fatal: unable to boot bottle demo: snapshot 'bot-bottle/demo:19990101T000000Z' no longer exists"
	diff -r "$BATS_TEST_TMPDIR/state-before" "$BB_HOME/state"
	run -1 bb-container-running demo
}

@test "bad --at values: 100 before anything is touched" {
	three_commits
	cp -r "$BB_HOME/state" "$BATS_TEST_TMPDIR/state-before"
	local usage="usage: bb resume [--at <ref|N>] [--no-wait] <slug>"
	run -100 --separate-stderr bb resume --at 0 demo
	assert_equal "$stderr" "bb-resume: fatal: --at counts snapshots from 1, the newest"$'\n'"$usage"
	run -100 --separate-stderr bb resume --at 4 demo
	assert_equal "$stderr" "bb-resume: fatal: bottle demo has 3 snapshots: no snapshot 4"
	run -100 --separate-stderr bb resume --at latest demo
	assert_equal "$stderr" "bb-resume: fatal: --at takes a number from bb log or a snapshot ref (with ':' or '/'): 'latest'"$'\n'"$usage"
	run -100 --separate-stderr bb resume --at -1 demo
	assert_equal "${stderr_lines[-1]}" "$usage"
	run -100 --separate-stderr bb resume --at 99999999999999999999 demo
	assert_equal "$stderr" "bb-resume: fatal: --at is out of range: '99999999999999999999'"$'\n'"$usage"
	run -100 --separate-stderr bb resume --at $'a:b\nc' demo
	assert_equal "${stderr_lines[-1]}" "$usage"
	run -100 --separate-stderr bb resume --at "x:$(head -c 5000 /dev/zero | tr '\0' a)" demo
	assert_equal "${stderr_lines[-1]}" "$usage"
	run -100 --separate-stderr bb resume --at
	assert_equal "${stderr_lines[-1]}" "$usage"
	diff -r "$BATS_TEST_TMPDIR/state-before" "$BB_HOME/state"
	run -1 bb-container-running demo
	assert_equal "$(docker_t ps -aq --filter name=bot-bottle-demo | wc -l)" 1
}

@test "--at N of a bottle with no snapshot, or of no bottle: 100" {
	require_docker
	launch_bottle demo
	bb-mark-preserved demo
	bb stop demo >/dev/null
	run -100 --separate-stderr bb resume --at 1 demo
	assert_output ""
	assert_equal "$stderr" "bb-resume: fatal: bottle demo has 0 snapshots: no snapshot 1"
	assert_file_not_exist "$BB_HOME/state/demo/committed-image"
	run -1 bb-container-running demo
	run -100 --separate-stderr bb resume --at 1 nosuch
	assert_equal "$stderr" "bb-resume: fatal: no such bottle: 'nosuch'"
}

@test "a running bottle: 100, and --at changes nothing" {
	three_commits
	bb resume demo >/dev/null
	cp -r "$BB_HOME/state" "$BATS_TEST_TMPDIR/state-before"
	run -100 --separate-stderr bb resume --at 3 demo
	assert_equal "$stderr" "bb-resume: fatal: bottle demo is already running"
	diff -r "$BATS_TEST_TMPDIR/state-before" "$BB_HOME/state"
}

@test "someone else swapped committed-image between read and write: the swap fails, 1" {
	# The compare-and-swap is what protects a concurrent writer; bb resume
	# holds the lock, so only a writer that ignores it can race. Simulate
	# one with a bb-state-write that moves the value first.
	three_commits
	mkdir "$BATS_TEST_TMPDIR/exec"
	for f in "$BB_BUILD"/bb*; do ln -s "$f" "$BATS_TEST_TMPDIR/exec/"; done
	rm "$BATS_TEST_TMPDIR/exec/bb-state-write"
	cat >"$BATS_TEST_TMPDIR/exec/bb-state-write" <<-'SH'
		#!/bin/sh
		echo bot-bottle/demo:elsewhere >"$BB_HOME/state/demo/committed-image"
		exec "$BB_BUILD/bb-state-write" "$@"
	SH
	chmod +x "$BATS_TEST_TMPDIR/exec/bb-state-write"
	run -1 --separate-stderr env BB_EXEC_PATH="$BATS_TEST_TMPDIR/exec" bb resume --at 3 demo
	assert_output ""
	[ "$(cat "$BB_HOME/state/demo/committed-image")" = bot-bottle/demo:elsewhere ]
}

# two_commits_resume_second BACKEND: two commits of a bottle that must stop
# to be snapshotted, then --at 2 boots the first. Sets first.
two_commits_resume_second() {
	bb launch demo --backend "$1" --image alpine:3 -- sleep 1000 >/dev/null
	bb commit --yes -m one demo >/dev/null
	first=$(cat "$BB_HOME/state/demo/committed-image")
	sleep 1 # a new stamp
	bb resume demo >/dev/null
	bb commit --yes -m two demo >/dev/null
	[ "$(cat "$BB_HOME/state/demo/committed-image")" != "$first" ]
	run -0 --separate-stderr bb resume --at 2 demo
	assert_output "Resumed bottle demo from $first, now its committed image."
	[ "$(cat "$BB_HOME/state/demo/committed-image")" = "$first" ]
}

@test "macos-container: --at N boots the built image of that commit" {
	use_fake_container 1.2.0 # export needs a stopped container
	two_commits_resume_second macos-container
	run -0 container inspect bot-bottle-demo
	[ "$(jq -r '.[0].configuration.image.reference' <<<"$output")" = "$first" ]
}

@test "smolmachines: --at N boots the artifact of that commit" {
	use_fake_smolvm 1.23.7
	two_commits_resume_second smolmachines
	run -0 jq -r .from "$SMOLVM_DATA_DIR/machines/bot-bottle-demo/record.json"
	assert_output "$first"
}
