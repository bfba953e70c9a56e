#!/usr/bin/env bats
# The macos-container backend's executables, against the fake `container`.

load test_helper

setup() {
	bb_setup
	use_fake_container 1.2.2
}

launch() {
	bb launch "${1:-demo}" --backend macos-container --image alpine:3 "${@:2}" -- sleep 1000 >/dev/null
}

@test "each macos-container executable prints its usage with -h" {
	for v in running stop remove export-hint list; do
		run -0 --separate-stderr "bb-macos-container-$v" -h
		[[ $output == "usage: bb-macos-container-$v "* ]]
	done
	run -0 bb-macos-container-freeze -h
	assert_output "usage: bb-macos-container-freeze [--needs-stop] [--no-pause] [-m MSG] <slug>"
	run -0 bb-macos-container-boot -h
	assert_output "usage: bb-macos-container-boot <slug> [<ref>]"
}

@test "bb launch --backend macos-container runs the container with labels, env, workdir" {
	run -0 --separate-stderr bb launch demo --backend macos-container --image alpine:3 \
		-e FOO=bar -w /srv -- sleep 1000
	assert_output "Launched bottle demo (macos-container, from alpine:3)."
	run -0 fake_calls
	assert_line "run -d --name bot-bottle-demo -l bot-bottle.slug=demo -l bot-bottle.home=$(cat "$BB_HOME/id") -e FOO=bar -w /srv alpine:3 sleep 1000"
	run -0 container list --quiet
	assert_output bot-bottle-demo
}

@test "running: exit 0 only when list --quiet has the exact name" {
	launch demo
	run -0 --separate-stderr bb-macos-container-running bot-bottle-demo
	assert_output ""
	run -1 bb-macos-container-running bot-bottle-dem
	run -1 bb-macos-container-running bot-bottle-demo2
	container stop bot-bottle-demo >/dev/null
	run -1 bb-macos-container-running bot-bottle-demo
	run -1 bb-container-running demo
}

@test "a failing CLI becomes exit 111 with its message quoted" {
	launch demo
	FAKE_CONTAINER_FAIL=list FAKE_CONTAINER_FAIL_MESSAGE="Connection invalid" \
		run -111 --separate-stderr bb-macos-container-running bot-bottle-demo
	assert_output ""
	[ "$stderr" = "bb-macos-container-running: fatal: unable to list running containers: container: Connection invalid (exit 1)" ]
}

@test "no container CLI at all is a clear error" {
	PATH=$BB_BUILD:/usr/bin:/bin run -111 --separate-stderr bb-macos-container-running bot-bottle-demo
	[[ $stderr == *"'container' is not installed (not on PATH)"* ]]
}

@test "stop: idempotent, keeps the container; remove: idempotent" {
	launch demo
	run -0 --separate-stderr bb-macos-container-stop bot-bottle-demo
	assert_output ""
	run -0 bb-macos-container-stop bot-bottle-demo
	run -0 bb-macos-container-stop bot-bottle-absent
	run -0 container inspect bot-bottle-demo
	[ "$(container inspect bot-bottle-demo | jq -r '.[0].status.state')" = stopped ]
	run -0 bb-macos-container-remove bot-bottle-demo
	run -1 container inspect bot-bottle-demo
	run -0 bb-macos-container-remove bot-bottle-demo
}

@test "another home's or an unlabelled container is refused with 100" {
	container run -d --name bot-bottle-other -l bot-bottle.home=feedfacefeedface alpine:3 sleep 1 >/dev/null
	container run -d --name bot-bottle-bare alpine:3 sleep 1 >/dev/null
	for verb in stop remove; do
		run -100 --separate-stderr "bb-macos-container-$verb" bot-bottle-other
		[[ $stderr == *"bot-bottle-other belongs to another bb home"* ]]
		run -100 "bb-macos-container-$verb" bot-bottle-bare
	done
	[ "$(container list --quiet | sort | tr '\n' ' ')" = "bot-bottle-bare bot-bottle-other " ]
}

@test "freeze --needs-stop: 0 below CLI 1.2.1, 1 from 1.2.1" {
	for v in 0.12.3 1.0.0 1.2.0; do
		FAKE_CONTAINER_VERSION=$v run -0 --separate-stderr bb-macos-container-freeze --needs-stop
		assert_output ""
	done
	for v in 1.2.1 1.2.2 1.4.1 2.0.0; do
		FAKE_CONTAINER_VERSION=$v run -1 bb-macos-container-freeze --needs-stop
	done
	FAKE_CONTAINER_FAIL=--version run -111 --separate-stderr bb-macos-container-freeze --needs-stop
	[[ $stderr == *"unable to read the container CLI's version"* ]]
}

@test "freeze exports, builds FROM scratch with the init process, checks, cleans up" {
	launch demo -e 'GREETING=hello "world" $HOME' -w /srv
	container exec bot-bottle-demo sh -c 'mkdir -p "$FAKE_ROOTFS/srv" && echo kept >"$FAKE_ROOTFS/srv/file"'
	run -0 --separate-stderr bb-macos-container-freeze demo
	ref=$output
	[[ $ref =~ ^bot-bottle/demo:[0-9]{8}T[0-9]{6}Z$ ]]
	run -0 fake_calls
	assert_line --regexp "^export -o $BB_HOME/snapshots/demo/\.build-[0-9TZ]+/rootfs\.tar bot-bottle-demo$"
	assert_line --regexp "^build -t $ref --progress plain $BB_HOME/snapshots/demo/\.build-[0-9TZ]+$"
	assert_line "image inspect $ref"
	# The image keeps what FROM scratch loses, the $ unexpanded.
	run -0 jq -r '.[0].variants[0].config.config | (.Env | map(select(startswith("GREETING="))) | .[0]), .WorkingDir, (.Cmd | join(" "))' \
		< <(container image inspect "$ref")
	assert_line -n 0 'GREETING=hello "world" $HOME'
	assert_line -n 1 /srv
	assert_line -n 2 "sleep 1000"
	# The scratch is gone; the container runs on (1.2.2 exports live).
	run ls -A "$BB_HOME/snapshots/demo"
	assert_output ""
	run -0 bb-macos-container-running bot-bottle-demo
}

@test "a failed export or build exits 111 naming the step and leaves no scratch" {
	launch demo
	FAKE_CONTAINER_FAIL='export' run -111 --separate-stderr bb-macos-container-freeze demo
	assert_output ""
	[[ $stderr == *"unable to export 'bot-bottle-demo': container: "* ]]
	run ls -A "$BB_HOME/snapshots/demo"
	assert_output ""
	FAKE_CONTAINER_FAIL=build run -111 --separate-stderr bb-macos-container-freeze demo
	[[ $stderr == *"unable to build 'bot-bottle/demo:"* ]]
	run ls -A "$BB_HOME/snapshots/demo"
	assert_output ""
	run -111 bb-macos-container-freeze ghost
}

@test "freeze of a running container below 1.2.1 fails with the CLI's message" {
	use_fake_container 1.2.0
	launch demo
	run -111 --separate-stderr bb-macos-container-freeze demo
	[[ $stderr == *'unable to export '"'"'bot-bottle-demo'"'"': container: failed to export container (cause: "invalidState: "container is not stopped"")'* ]]
}

@test "boot: from a snapshot, from the base image, refusing a running one" {
	launch demo
	container exec bot-bottle-demo sh -c 'echo v1 >"$FAKE_ROOTFS/root/v"'
	ref=$(bb-macos-container-freeze demo)
	container stop bot-bottle-demo >/dev/null
	run -0 --separate-stderr bb-macos-container-boot demo "$ref"
	assert_output ""
	run -0 container exec bot-bottle-demo cat root/v
	assert_output v1
	run -100 --separate-stderr bb-macos-container-boot demo
	[[ $stderr == *"bottle demo is already running"* ]]
	run -111 --separate-stderr bb-macos-container-boot demo bot-bottle/demo:nope
	[[ $stderr == *"snapshot 'bot-bottle/demo:nope' no longer exists"* ]]
	run -0 container list --quiet
	assert_line bot-bottle-demo
}

@test "list: this home's containers in one call, both JSON shapes" {
	launch one
	launch two
	container stop bot-bottle-two >/dev/null
	container run -d --name bot-bottle-foreign -l bot-bottle.home=feedface alpine:3 >/dev/null
	for v in 1.2.2 0.12.3; do
		: >"$FAKE_CONTAINER_STATE/calls"
		FAKE_CONTAINER_VERSION=$v run -0 --separate-stderr bb-macos-container-list
		assert_output "$(printf 'bot-bottle-one\trunning\nbot-bottle-two\tstopped')"
		[ "$(wc -l <"$FAKE_CONTAINER_STATE/calls")" -eq 1 ]
	done
	run -0 bash -c 'bb-macos-container-list -z | tr "\0" "\n"'
	assert_line "bot-bottle-one	running"
}

@test "export-hint: image save, copy, image load" {
	run -0 --separate-stderr bb-macos-container-export-hint bot-bottle/demo:20261128T150000Z
	assert_line "  container image save -o bot-bottle-demo-20261128T150000Z.tar bot-bottle/demo:20261128T150000Z"
	assert_line "  ssh other-mac container image load -i bot-bottle-demo-20261128T150000Z.tar"
	run -100 bb-macos-container-export-hint
}

@test "freeze labels the snapshot, escapes WORKDIR, refuses a newline" {
	bb launch demo --backend macos-container --image alpine:3 -w '/srv/$HOME' -- sleep 1000 >/dev/null
	run -0 --separate-stderr bb-macos-container-freeze demo
	ref=$output
	run -0 jq -r '.[0].variants[0].config.config | .WorkingDir, .Labels["bot-bottle.slug"], .Labels["bot-bottle.parent"], .Labels["bot-bottle.home"]' \
		< <(container image inspect "$ref")
	assert_line -n 0 '/srv/$HOME'
	assert_line -n 1 demo
	assert_line -n 2 -
	assert_line -n 3 "$(cat "$BB_HOME/id")"
	bb launch nl --backend macos-container --image alpine:3 -e "$(printf 'BAD=a\nFROM evil')" -- sleep 1 >/dev/null 2>&1 ||
		container run -d --name bot-bottle-nl -l "bot-bottle.home=$(cat "$BB_HOME/id")" -e "$(printf 'BAD=a\nFROM evil')" alpine:3 >/dev/null
	run -111 --separate-stderr bb-macos-container-freeze nl
	[[ $stderr == *"holds a newline, which a Dockerfile cannot carry"* ]]
}

@test "freeze never moves a tag that exists, and sweeps a killed freeze's scratch" {
	launch demo
	mkdir -p "$BB_HOME/snapshots/demo/.build-19990101T000000Z"
	touch "$BB_HOME/snapshots/demo/.build-19990101T000000Z/rootfs.tar"
	now=$(date -u +%s)
	for i in 0 1 2 3; do
		container image tag alpine:3 "bot-bottle/demo:$(date -u -d "@$((now + i))" +%Y%m%dT%H%M%SZ)" >/dev/null
	done
	run -0 --separate-stderr bb-macos-container-freeze demo
	ref=$output
	[[ $ref =~ -[0-9]+$ ]] || [[ $(container image inspect "$ref" | jq -r '.[0].variants[0].config.config.Labels["bot-bottle.slug"]') == demo ]]
	run ls -A "$BB_HOME/snapshots/demo"
	assert_output ""
}

@test "a snapshot boot keeps the image's own process line (entrypoint included)" {
	launch demo
	ref=$(bb-macos-container-freeze demo)
	container stop bot-bottle-demo >/dev/null
	: >"$FAKE_CONTAINER_STATE/calls"
	bb-macos-container-boot demo "$ref"
	run -0 fake_calls
	assert_line --regexp "^run -d --name bot-bottle-demo .* $ref$"
}
