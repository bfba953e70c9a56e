#!/usr/bin/env bats
#
# The test harness itself: test_helper.bash gives each test its own
# environment, binaries from the build tree, and no engine by accident.

load test_helper

setup() {
	bb_setup
}

# Each test records its BB_HOME; none may have been seen before, whatever
# order the tests run in.
check_own_bb_home() {
	local seen=$BATS_FILE_TMPDIR/bb-homes
	touch "$seen"
	run grep -Fx -- "$BB_HOME" "$seen"
	assert_failure 1
	printf '%s\n' "$BB_HOME" >>"$seen"
}

@test "BB_HOME is this test's own, under BATS_TEST_TMPDIR" {
	assert_equal "$BB_HOME" "$BATS_TEST_TMPDIR/bbhome"
	assert_file_not_exists "$BB_HOME"
	check_own_bb_home
}

@test "BB_HOME differs from one test to the next" {
	assert_equal "$BB_HOME" "$BATS_TEST_TMPDIR/bbhome"
	check_own_bb_home
}

@test "HOME is this test's own and exists" {
	assert_equal "$HOME" "$BATS_TEST_TMPDIR/home"
	assert_dir_exists "$HOME"
}

@test "TZ and LC_ALL are fixed" {
	assert_equal "$TZ" UTC
	assert_equal "$LC_ALL" C
	run -0 date -d @0 +%H:%M
	assert_output 00:00
}

@test "bb on PATH comes from BB_BUILD" {
	assert_equal "${BB_BUILD:0:1}" /
	assert_equal "$(command -v bb)" "$BB_BUILD/bb"
	assert_equal "${PATH%%:*}" "$BB_BUILD"
}

@test "bb_setup fails clearly when BB_BUILD has no bb" {
	mkdir "$BATS_TEST_TMPDIR/empty"
	BB_BUILD=$BATS_TEST_TMPDIR/empty run bb_setup
	assert_failure
	assert_output --partial "no executable bb in BB_BUILD=$BATS_TEST_TMPDIR/empty"

	BB_BUILD=$BATS_TEST_TMPDIR/missing run bb_setup
	assert_failure
	assert_output --partial "BB_BUILD=$BATS_TEST_TMPDIR/missing is not a directory"
}

@test "DOCKER_HOST and bb variables are unset outside docker tests" {
	assert [ -z "${DOCKER_HOST+set}" ]
	assert [ -z "${DOCKER_CONTEXT+set}" ]
	assert [ -z "${BB_TRACE+set}" ]
}

@test "bb_setup clears variables inherited from the caller" {
	local v vars=(DOCKER_HOST DOCKER_CONTEXT DOCKER_CONFIG DOCKER_API_VERSION
		BB_DOCKER_API_VERSION BB_EXEC_PATH BB_LOCK_FD BB_TRACE)
	for v in "${vars[@]}"; do
		export "$v=/nonexistent/$v"
	done
	bb_setup
	for v in "${vars[@]}"; do
		assert [ -z "${!v+set}" ]
	done
}

@test "require_docker fails without an engine when BB_REQUIRE_DOCKER=1" {
	BB_TEST_DOCKER_HOST='' BB_TEST_DOCKER_WHY='no reason' BB_REQUIRE_DOCKER=1 \
		run require_docker
	assert_failure
	assert_output --partial 'BB_REQUIRE_DOCKER=1 but there is no Docker engine under test: no reason'
}

@test "require_docker points DOCKER_HOST at the engine under test only" {
	export BB_TEST_DOCKER_HOST=unix:///nonexistent/bbtest.sock
	require_docker
	assert_equal "$DOCKER_HOST" unix:///nonexistent/bbtest.sock
	assert_equal "$BB_TEST_IMAGE" bbtest:base
}
