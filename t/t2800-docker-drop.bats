#!/usr/bin/env bats
# bb-docker-drop: delete a snapshot image of this home on the real engine; idempotent.

load test_helper

setup() {
	bb_setup
	require_docker
}

teardown() {
	docker_cleanup_home
	docker_t rmi -f "bot-bottle/gcforeign:t$$" >/dev/null 2>&1 || true
}

@test "bb-docker-drop -h prints the usage" {
	run -0 --separate-stderr bb-docker-drop -h
	assert_output "usage: bb-docker-drop <ref>"
	[ -z "$stderr" ]
}

@test "bb-docker-drop deletes the snapshot; again, or never there, is success" {
	launch_bottle demo
	bb commit demo >/dev/null
	bb commit demo >/dev/null
	first=$(head -n 1 "$BB_HOME/state/demo/snapshots" | cut -f2)
	run -0 --separate-stderr bb-docker-drop "$first"
	assert_output ""
	[ -z "$stderr" ]
	run -1 docker_t image inspect "$first"
	# The newer snapshot, a child of the first, is whole.
	run -0 docker_t image inspect "$(cat "$BB_HOME/state/demo/committed-image")"
	run -0 --separate-stderr bb-docker-drop "$first"
	assert_output ""
	run -0 --separate-stderr bb-docker-drop bot-bottle/demo:20000101T000000Z
}

@test "bb-docker-drop refuses what is not a bb snapshot, before the engine is asked" {
	for bad in alpine:3 bbtest:base bot-bottle/demo bot-bottle/Bad_Slug:x other/bot-bottle/demo:x \
		"bot-bottle/demo:a b" sha256:0123456789abcdef ''; do
		DOCKER_HOST=unix:///nonexistent.sock run -100 --separate-stderr bb-docker-drop "$bad"
		assert_output ""
		[[ $stderr == *"bb-docker-drop: fatal: "* ]] || fail "'$bad': $stderr"
	done
	run -0 docker_t image inspect "$BB_TEST_IMAGE"
	run -100 --separate-stderr bb-docker-drop
	[[ $stderr == *"usage: bb-docker-drop <ref>"* ]]
	run -100 --separate-stderr bb-docker-drop a b
}

@test "an image of another home, or without the home label, is never deleted: 100" {
	docker_t tag "$BB_TEST_IMAGE" "bot-bottle/gcforeign:t$$"
	run -100 --separate-stderr bb-docker-drop "bot-bottle/gcforeign:t$$"
	[ "$stderr" = "bb-docker-drop: fatal: snapshot 'bot-bottle/gcforeign:t$$' belongs to another bb home" ]
	run -0 docker_t image inspect "bot-bottle/gcforeign:t$$"
	docker_t rmi "bot-bottle/gcforeign:t$$" >/dev/null
	printf 'FROM %s\nLABEL bot-bottle.home=0123456789abcdef\n' "$BB_TEST_IMAGE" |
		docker_t build -q -t "bot-bottle/gcforeign:t$$" - >/dev/null
	run -100 --separate-stderr bb-docker-drop "bot-bottle/gcforeign:t$$"
	[[ $stderr == *"belongs to another bb home"* ]]
	run -0 docker_t image inspect "bot-bottle/gcforeign:t$$"
}

@test "an unreachable engine: 111, naming it" {
	DOCKER_HOST=unix://$BATS_TEST_TMPDIR/nowhere.sock run -111 --separate-stderr bb-docker-drop bot-bottle/demo:x
	assert_output ""
	[[ $stderr == *"bb-docker-drop: fatal: "*"nowhere.sock"* ]]
}
