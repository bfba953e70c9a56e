#!/usr/bin/env bats
# bb-lock: hold a bottle's lock while a program runs, shared down the chain.

load test_helper

setup() {
	bb_setup
}

@test "bb-lock -h prints the usage" {
	run -0 --separate-stderr bb-lock -h
	assert_output "usage: bb-lock [-n] [-t SECS] <slug> <prog> [<args>...]"
}

@test "bb-lock with bad usage exits 100" {
	run -100 --separate-stderr bb-lock demo
	assert_output ""
	[[ $stderr == *"too few arguments"* ]]
	run -100 --separate-stderr bb-lock -t soon demo true
	[[ $stderr == *"-t must be a number: 'soon'"* ]]
	run -100 --separate-stderr bb-lock -t 99999999 demo true
	run -100 --separate-stderr bb-lock -x demo true
	assert_not_exist "$BB_HOME"
}

@test "bb-lock runs the program with the lock and passes its status up" {
	run -0 --separate-stderr bb-lock demo sh -c 'echo "fd=$BB_LOCK_FD"'
	assert_output --regexp '^fd=[0-9]+$'
	run -7 bb-lock demo sh -c 'exit 7'
	assert_file_exist "$BB_HOME/locks/demo"
	[ "$(stat -c %a "$BB_HOME/locks/demo")" = 600 ]
}

@test "bb-lock -n exits 1 at once when the lock is held" {
	bb-lock demo sleep 2 &
	holder=$!
	sleep 0.3
	run -1 --separate-stderr bb-lock -n demo echo ran
	assert_output ""
	[ "$stderr" = "bb-lock: fatal: bottle demo is busy" ]
	wait "$holder"
}

@test "bb-lock -t gives up after the timeout with exit 1" {
	bb-lock demo sleep 4 &
	holder=$!
	sleep 0.3
	run -1 --separate-stderr timeout 30 bb-lock -t 1 demo echo ran
	assert_output ""
	[[ $stderr == *"bottle demo is busy"* ]]
	wait "$holder"
}

@test "bb-lock waits by default, then runs" {
	bb-lock demo sleep 1 &
	holder=$!
	sleep 0.2
	run -0 --separate-stderr timeout 30 bb-lock demo echo ran
	assert_output "ran"
	wait "$holder"
}

@test "a chain that holds the lock does not deadlock on itself" {
	run -0 --separate-stderr timeout 20 bb-lock demo bb-lock -n demo bb-lock demo echo nested
	assert_output "nested"
}

@test "other bottles are not blocked" {
	bb-lock demo sleep 2 &
	holder=$!
	sleep 0.2
	run -0 --separate-stderr bb-lock -n other echo free
	assert_output "free"
	wait "$holder"
}

@test "a stale BB_LOCK_FD naming another file is not trusted" {
	exec 9>"$BATS_TEST_TMPDIR/unrelated"
	BB_LOCK_FD=9 run -0 --separate-stderr bb-lock -n demo echo ok
	assert_output "ok"
	bb-lock demo sleep 1 &
	holder=$!
	sleep 0.2
	BB_LOCK_FD=9 run -1 --separate-stderr bb-lock -n demo echo no
	wait "$holder"
	exec 9>&-
}

@test "the lock is released when the chain ends, even by SIGKILL" {
	bb-lock demo sleep 30 &
	holder=$!
	sleep 0.3
	run -1 bb-lock -n demo true
	kill -KILL "$holder"
	wait "$holder" || true
	run -0 bb-lock -n demo true
}

@test "bb-lock of a missing program exits 127" {
	run -127 --separate-stderr bb-lock demo /nonexistent/prog
	[[ $stderr == *"unable to run '/nonexistent/prog'"* ]]
}
