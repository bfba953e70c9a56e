#!/usr/bin/env bats
# bb launch on the real engine: metadata, the container, refusals.

load test_helper

setup() {
	bb_setup
	require_docker
}

teardown() {
	docker_cleanup_home
}

@test "bb launch -h prints the usage" {
	run -0 --separate-stderr bb launch -h
	assert_output "usage: bb launch <slug> --backend <b> --image <ref> [-e K=V]... [-w DIR] [-- CMD...]"
}

@test "bb launch writes metadata.json and starts bot-bottle-<slug>" {
	run -0 --separate-stderr bb launch demo --backend docker --image "$BB_TEST_IMAGE" \
		-e FOO=bar -w /tmp -- "${bottle_cmd[@]}"
	assert_output "Launched bottle demo (docker, from $BB_TEST_IMAGE)."
	run -0 jq -r '[.version, .slug, .backend, .image, .workdir, (.env|join(",")), (.command|join(" "))] | join("|")' \
		"$BB_HOME/state/demo/metadata.json"
	assert_output "1|demo|docker|$BB_TEST_IMAGE|/tmp|FOO=bar|${bottle_cmd[*]}"
	[ "$(docker_t inspect -f '{{.State.Status}}' bot-bottle-demo)" = running ]
	[ "$(docker_t inspect -f '{{index .Config.Labels "bot-bottle.slug"}}' bot-bottle-demo)" = demo ]
	[ "$(docker_t inspect -f '{{index .Config.Labels "bot-bottle.home"}}' bot-bottle-demo)" = "$(cat "$BB_HOME/id")" ]
	run -0 docker_t exec bot-bottle-demo sh -c 'echo "$FOO $(pwd)"'
	assert_output "bar /tmp"
	run -0 bb-container-running demo
}

@test "bb launch refuses a slug already in use and changes nothing" {
	launch_bottle demo
	cp "$BB_HOME/state/demo/metadata.json" "$BATS_TEST_TMPDIR/before"
	run -100 --separate-stderr bb launch demo --backend docker --image "$BB_TEST_IMAGE" -- true
	assert_output ""
	[[ $stderr == *"bottle demo already exists"* ]]
	cmp "$BB_HOME/state/demo/metadata.json" "$BATS_TEST_TMPDIR/before"
	[ "$(docker_t inspect -f '{{.State.Status}}' bot-bottle-demo)" = running ]
}

@test "bb launch refuses a container of another home with that name" {
	docker_t run -d --name bot-bottle-taken --label bot-bottle.home=0123456789abcdef "$BB_TEST_IMAGE" sleep 100000 >/dev/null
	run -100 --separate-stderr bb launch taken --backend docker --image "$BB_TEST_IMAGE" -- true
	[[ $stderr == *"bot-bottle-taken belongs to another bb home"* ]]
	assert_not_exist "$BB_HOME/state/taken"
	[ "$(docker_t inspect -f '{{.State.Status}}' bot-bottle-taken)" = running ]
	docker_t rm -f bot-bottle-taken >/dev/null
}

@test "bb launch with bad input exits 100 before touching anything" {
	run -100 --separate-stderr bb launch demo --image "$BB_TEST_IMAGE"
	[[ $stderr == *"--backend is required"* ]]
	run -100 --separate-stderr bb launch demo --backend nosuch --image "$BB_TEST_IMAGE"
	[[ $stderr == *"unknown backend 'nosuch' (known: "*docker* ]]
	run -100 --separate-stderr bb launch demo --backend docker
	[[ $stderr == *"--image takes an image reference"* ]]
	run -100 --separate-stderr bb launch demo --backend docker --image x -e NOEQUALS
	[[ $stderr == *"-e takes NAME=VALUE"* ]]
	run -100 --separate-stderr bb launch demo --backend docker --image x -w relative
	[[ $stderr == *"-w takes an absolute path"* ]]
	run -100 --separate-stderr bb launch Demo --backend docker --image x
	run -100 --separate-stderr bb launch --backend docker --image x
	assert_output ""
	assert_not_exist "$BB_HOME/state"
}

@test "bb launch of a missing image fails 111 and leaves no state" {
	run -111 --separate-stderr bb launch demo --backend docker --image no-such/image:1 -- true
	[[ $stderr == *"image 'no-such/image:1' does not exist"* ]]
	assert_not_exist "$BB_HOME/state/demo"
	run -1 docker_t inspect bot-bottle-demo
}

@test "bb launch warns when an env name looks secret" {
	run -0 --separate-stderr bb launch demo --backend docker --image "$BB_TEST_IMAGE" \
		-e GITHUB_TOKEN=x -e PLAIN=y -- "${bottle_cmd[@]}"
	[[ $stderr == *"warning: 'GITHUB_TOKEN' looks secret"* ]]
	[[ $stderr != *PLAIN* ]]
}
