#!/usr/bin/env bats
# bb ls: one line per bottle, one engine call in all.

load test_helper

setup() {
	bb_setup
	require_docker
}

teardown() {
	docker_cleanup_home
}

@test "bb ls -h prints the usage" {
	run -0 --separate-stderr bb ls -h
	assert_output "usage: bb ls [--json]"
}

@test "bb ls of an empty home prints nothing" {
	run -0 --separate-stderr bb ls
	assert_output ""
	run -0 --separate-stderr bb ls --json
	assert_output '{"version":1,"bottles":[]}'
}

@test "bb ls shows running, stopped and absent bottles with their snapshot" {
	launch_bottle alpha
	launch_bottle beta
	bb commit beta >/dev/null
	bb stop beta >/dev/null
	launch_bottle gamma
	docker_t rm -f bot-bottle-gamma >/dev/null
	ref=$(cat "$BB_HOME/state/beta/committed-image")
	run -0 --separate-stderr bb ls
	assert_line -n 0 --regexp '^SLUG +BACKEND +STATE +COMMITTED$'
	assert_line -n 1 --regexp '^alpha +docker +running +-$'
	assert_line -n 2 --regexp "^beta +docker +stopped +$ref$"
	assert_line -n 3 --regexp '^gamma +docker +absent +-$'
	[ "${#lines[@]}" -eq 4 ]
}

@test "bb ls --json has a versioned, parseable shape" {
	launch_bottle alpha
	bb commit alpha >/dev/null
	run -0 --separate-stderr bb ls --json
	run -0 jq -r '.version, (.bottles[] | [.slug, .backend, .state, .committed_image, .preserved] | map(tostring) | join(" "))' <<<"$output"
	assert_line -n 0 1
	assert_line -n 1 "alpha docker running $(cat "$BB_HOME/state/alpha/committed-image") true"
}

@test "bb ls asks the engine once, not once per bottle" {
	for s in a b c d; do launch_bottle "$s"; done
	BB_TRACE=1 run -0 --separate-stderr bb ls
	[ "$(grep -c 'trace: run: bb-docker-list' <<<"$stderr")" -eq 1 ]
	[ "$(grep -c 'bb-docker-running' <<<"$stderr")" -eq 0 ]
}

@test "bb ls does not show another home's containers" {
	launch_bottle mine
	other=$BATS_TEST_TMPDIR/otherhome
	BB_HOME=$other launch_bottle theirs
	run -0 --separate-stderr bb ls
	assert_line --regexp '^mine +docker +running'
	refute_line --partial theirs
	BB_HOME=$other run -0 --separate-stderr bb ls
	assert_line --regexp '^theirs +docker +running'
	BB_HOME=$other docker_cleanup_home
}

@test "bb ls shows a bottle with broken metadata instead of failing" {
	launch_bottle fine
	mkdir -p "$BB_HOME/state/broken"
	echo '{not json' >"$BB_HOME/state/broken/metadata.json"
	run -0 --separate-stderr bb ls
	assert_line --regexp '^broken +\? +unknown +-$'
	assert_line --regexp '^fine +docker +running +-$'
}
