#!/usr/bin/env bats
# make demo's script: the main job shown end to end, everything it made removed.

load test_helper

setup() {
	bb_setup
	require_docker
}

@test "the demo shows a file surviving commit, stop and resume, and cleans up" {
	before=$(docker_t ps -aq | wc -l)
	images=$(docker_t images -q | wc -l)
	DOCKER_HOST=$BB_TEST_DOCKER_HOST run -0 --separate-stderr timeout 300 bash "$BATS_TEST_DIRNAME/demo.sh"
	assert_line "$ bb commit -m 'demo snapshot' demo"
	assert_line --regexp '^written before the commit, at '
	assert_line --regexp '^The file survived: bot-bottle-demo booted from bot-bottle/demo:[0-9]{8}T[0-9]{6}Z\.$'
	# Nothing left in the engine: no container, no snapshot, the base image kept.
	[ "$(docker_t ps -aq | wc -l)" -eq "$before" ]
	[ "$(docker_t images -q | wc -l)" -eq "$images" ]
	run -0 docker_t image inspect "$BB_TEST_IMAGE"
}
