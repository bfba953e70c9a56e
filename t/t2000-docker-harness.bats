#!/usr/bin/env bats
#
# The engine under test (setup_suite.bash): private, answering, with the
# busybox base image.

load test_helper

setup() {
	bb_setup
	require_docker
}

teardown() {
	docker_cleanup_home
}

@test "a container runs from the base image" {
	run --separate-stderr docker_t run --rm "$BB_TEST_IMAGE" echo hello-from-busybox
	assert_success
	assert_output hello-from-busybox
}

@test "the engine under test is not the system one, and has the base image" {
	assert_equal "$DOCKER_HOST" "$BB_TEST_DOCKER_HOST"
	case $BB_TEST_DOCKER_HOST in
	unix://*)
		local sock=${BB_TEST_DOCKER_HOST#unix://}
		assert [ -S "$sock" ]
		assert [ ! "$sock" -ef /var/run/docker.sock ]
		assert [ ! "$sock" -ef /run/docker.sock ]
		assert_not_equal "$(realpath -m -- "$sock")" "$(realpath -m /var/run/docker.sock)"
		;;
	esac
	run -0 docker_t image inspect --format '{{.Id}}' "$BB_TEST_IMAGE"
	assert_output --regexp '^sha256:[0-9a-f]{64}$'
}

@test "docker_cleanup_home removes this home's containers and bot-bottle images only" {
	local id=bbt$RANDOM$RANDOM mine other
	mkdir -p "$BB_HOME"
	printf '%s\n' "$id" >"$BB_HOME/id"
	run -0 --separate-stderr docker_t create --label "bot-bottle.home=$id" "$BB_TEST_IMAGE" true
	mine=$output
	run -0 --separate-stderr docker_t create --label "bot-bottle.home=x$id" "$BB_TEST_IMAGE" true
	other=$output
	run -0 docker_t commit --change "LABEL bot-bottle.home=$id" "$mine" "bot-bottle/bbtest:$id"
	run -0 docker_t commit --change "LABEL bot-bottle.home=$id" "$mine" "bbtest-other:$id"

	docker_cleanup_home

	run -1 docker_t container inspect "$mine"
	run -1 docker_t image inspect "bot-bottle/bbtest:$id"
	run -0 docker_t container inspect "$other"
	run -0 docker_t image inspect "bbtest-other:$id"
	docker_t rm -f "$other" >/dev/null
	docker_t rmi "bbtest-other:$id" >/dev/null
}

@test "docker_cleanup_home does nothing without an id file" {
	run -0 docker_cleanup_home
	assert_output ''
}
