#!/usr/bin/env bats
# The main job on the real engine: launch, write, commit, stop, resume.

load test_helper

setup() {
	bb_setup
	require_docker
}

teardown() {
	docker_cleanup_home
}

@test "bb resume -h and bb stop -h print their usage" {
	run -0 --separate-stderr bb resume -h
	assert_output "usage: bb resume [--at <ref|N>] [--no-wait] <slug>"
	run -0 --separate-stderr bb stop -h
	assert_output "usage: bb stop [--no-wait] <slug>"
}

@test "round trip: a file written before commit survives stop and resume" {
	launch_bottle demo
	docker_t exec bot-bottle-demo sh -c 'echo "made at launch" >/root/note'
	bb commit demo >/dev/null
	ref=$(cat "$BB_HOME/state/demo/committed-image")
	docker_t exec bot-bottle-demo sh -c 'echo "after commit" >/root/lost'

	run -0 --separate-stderr bb stop demo
	assert_output "Stopped bottle demo; its state is kept. Changes since the last commit will not be in the next resume."
	assert_file_exist "$BB_HOME/state/demo/metadata.json"
	[ "$(docker_t inspect -f '{{.State.Status}}' bot-bottle-demo)" = exited ]
	run -1 bb-container-running demo

	run -0 --separate-stderr bb resume demo
	assert_output "Resumed bottle demo from $ref."
	run -0 docker_t exec bot-bottle-demo cat /root/note
	assert_output "made at launch"
	run -1 docker_t exec bot-bottle-demo cat /root/lost
	[ "$(docker_t inspect -f '{{.Config.Image}}' bot-bottle-demo)" = "$ref" ]
	[ "$(cat "$BB_HOME/state/demo/committed-image")" = "$ref" ]
	run -0 bb-container-running demo
}

@test "resume of a never-committed bottle starts from the base image" {
	launch_bottle demo
	docker_t exec bot-bottle-demo sh -c 'echo x >/root/gone'
	docker_t stop -t 1 bot-bottle-demo >/dev/null
	run -0 --separate-stderr bb resume demo
	assert_output "Started bottle demo from its base image $BB_TEST_IMAGE (nothing committed yet)."
	[ "$(docker_t inspect -f '{{.Config.Image}}' bot-bottle-demo)" = "$BB_TEST_IMAGE" ]
	run -1 docker_t exec bot-bottle-demo cat /root/gone
}

@test "bb resume refuses a running bottle" {
	launch_bottle demo
	id=$(docker_t inspect -f '{{.Id}}' bot-bottle-demo)
	run -100 --separate-stderr bb resume demo
	[ "$stderr" = "bb-resume: fatal: bottle demo is already running" ]
	[ "$(docker_t inspect -f '{{.Id}}' bot-bottle-demo)" = "$id" ]
}

@test "bb resume replaces a stopped leftover container" {
	launch_bottle demo
	bb commit demo >/dev/null
	bb stop demo >/dev/null
	old=$(docker_t inspect -f '{{.Id}}' bot-bottle-demo)
	bb resume demo >/dev/null
	[ "$(docker_t inspect -f '{{.Id}}' bot-bottle-demo)" != "$old" ]
	run -1 docker_t inspect "$old"
}

@test "bb resume with a vanished snapshot exits 111 naming it, changing nothing" {
	launch_bottle demo
	bb commit demo >/dev/null
	ref=$(cat "$BB_HOME/state/demo/committed-image")
	bb stop demo >/dev/null
	old=$(docker_t inspect -f '{{.Id}}' bot-bottle-demo)
	docker_t rmi "$ref" >/dev/null
	run -111 --separate-stderr bb resume demo
	assert_output ""
	[ "$stderr" = "bb-docker-boot: fatal: unable to boot bottle demo: snapshot '$ref' no longer exists" ]
	[ "$(cat "$BB_HOME/state/demo/committed-image")" = "$ref" ]
	[ "$(docker_t inspect -f '{{.Id}}' bot-bottle-demo)" = "$old" ]
}

@test "bb stop without a commit removes the container and the state" {
	launch_bottle demo
	run -0 --separate-stderr bb stop demo
	assert_output "Stopped and removed bottle demo (it was not preserved)."
	assert_not_exist "$BB_HOME/state/demo"
	run -1 docker_t inspect bot-bottle-demo
	# The lock file stays: it is never deleted (DESIGN.md §2).
	assert_file_exist "$BB_HOME/locks/demo"
	# The slug is free again.
	launch_bottle demo
}

@test "bb stop of an already stopped bottle is fine" {
	launch_bottle demo
	bb commit demo >/dev/null
	bb stop demo >/dev/null
	run -0 --separate-stderr bb stop demo
	assert_line --partial "its state is kept"
}

@test "bb stop and bb resume of an unknown bottle exit 100" {
	run -100 --separate-stderr bb stop ghost
	[[ $stderr == *"no such bottle: 'ghost'"* ]]
	run -100 --separate-stderr bb resume ghost
	[[ $stderr == *"no such bottle: 'ghost'"* ]]
	run -100 --separate-stderr bb stop
	run -100 --separate-stderr bb resume a b
}
