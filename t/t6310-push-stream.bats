#!/usr/bin/env bats
# The push and pull streams, against an engine that streams as scripted
# (t/fakes/stream-engine): errors under HTTP 200, lines cut anywhere, no
# digest, lines too long or not JSON, progress, and the credentials sent;
# and what bb push refuses before any engine is asked.

load test_helper

DEST=127.0.0.1:5000/snaps/demo:v1
DIGEST=sha256:abababababababababababababababababababababababababababababababab

setup() {
	bb_setup
	LOG=$BATS_TEST_TMPDIR/requests
}

teardown() {
	if [[ -n ${engine_pid-} ]]; then
		kill "$engine_pid" 2>/dev/null || :
		wait "$engine_pid" 2>/dev/null || :
	fi
}

# engine MODE: the fake engine, as DOCKER_HOST.
engine() {
	local sock=$BATS_TEST_TMPDIR/engine.sock i
	if [[ -n ${engine_pid-} ]]; then # the engine of an earlier mode
		kill "$engine_pid" 2>/dev/null || :
		wait "$engine_pid" 2>/dev/null || :
	fi
	rm -f "$sock"
	"$BATS_TEST_DIRNAME/fakes/stream-engine" "$sock" "$1" "$LOG" 3>&- &
	engine_pid=$!
	for ((i = 0; i < 100; i++)); do
		[[ -S $sock ]] && break
		sleep 0.05
	done
	[[ -S $sock ]] || fail "the fake engine did not start"
	export DOCKER_HOST=unix://$sock
}

# state_only_bottle SLUG [IMAGE [COMMITTED]]: a docker bottle's state, no
# engine needed; COMMITTED defaults to a snapshot of bb's, - for none.
state_only_bottle() {
	local committed=${3:-bot-bottle/$1:20261128T150000Z}
	printf '{"version": 1, "slug": "%s", "backend": "docker", "image": "%s", "command": [], "env": [], "created": "2026-11-28T15:00:00Z"}\n' \
		"$1" "${2:-bbtest:base}" | bb-state-write "$1" metadata.json
	if [[ $committed != - ]]; then
		printf '%s\n' "$committed" | bb-state-write "$1" committed-image
	fi
}

# The X-Registry-Auth of the push or pull request, decoded.
sent_auth() {
	local value
	value=$(awk '$1 == "POST" && ($2 ~ /\/push\?/ || $2 ~ /\/images\/create\?/) { print $3 }' "$LOG")
	[[ $value == e30= ]] && { echo '{}'; return; }
	printf '%s' "$value" | tr '_-' '/+' | base64 -d
}

@test "a stream cut anywhere, with \\r\\n line ends: the digest, and nothing on stderr" {
	engine ok
	run -0 --separate-stderr bb-docker-push bot-bottle/demo:1 "$DEST"
	assert_output "$DEST@$DIGEST"
	[ -z "$stderr" ]
	# Tagged, pushed with a tag, and the tag removed again.
	run -0 cut -d' ' -f1,2 "$LOG"
	assert_line --regexp '^POST /v1\.41/images/bot-bottle%2Fdemo%3A1/tag\?repo=127\.0\.0\.1%3A5000%2Fsnaps%2Fdemo&tag=v1$'
	assert_line --regexp '^POST /v1\.41/images/127\.0\.0\.1%3A5000%2Fsnaps%2Fdemo/push\?tag=v1$'
	assert_line --regexp '^DELETE /v1\.41/images/127\.0\.0\.1%3A5000%2Fsnaps%2Fdemo%3Av1\?noprune=1$'
	[ "$(sent_auth)" = '{}' ]
}

@test "an error line under HTTP 200 fails the push: 111, its message, the tag removed" {
	engine error
	run -111 --separate-stderr bb-docker-push bot-bottle/demo:1 "$DEST"
	assert_output ""
	[ "$stderr" = "bb-docker-push: fatal: unable to push '$DEST': denied: requested access to the resource is denied" ]
	grep -q '^DELETE ' "$LOG"
}

@test "a stream without a digest is no push: 111" {
	engine nodigest
	run -111 --separate-stderr bb-docker-push bot-bottle/demo:1 "$DEST"
	assert_output ""
	[ "$stderr" = "bb-docker-push: fatal: unable to push '$DEST': the engine gave no digest" ]
}

@test "a digest that is not sha256 and 64 hex digits is none: 111, nothing printed" {
	engine baddigest
	run -111 --separate-stderr bb-docker-push bot-bottle/demo:1 "$DEST"
	assert_output ""
	[ "$stderr" = "bb-docker-push: fatal: unable to push '$DEST': the engine gave no digest" ]
}

@test "a line of 2 MiB, or one that is not JSON: 111" {
	engine longline
	run -111 --separate-stderr bb-docker-push bot-bottle/demo:1 "$DEST"
	assert_output ""
	[[ $stderr == "bb-docker-push: fatal: unable to read the answer of the Docker daemon at 'unix://"*"': a line longer than 1024 KiB" ]]
	engine notjson
	run -111 --separate-stderr bb-docker-push bot-bottle/demo:1 "$DEST"
	[[ $stderr == *"': a line that is not JSON" ]]
}

@test "an engine refusing the push with a status: 111 with its message" {
	engine http500
	run -111 --separate-stderr bb-docker-push bot-bottle/demo:1 "$DEST"
	assert_output ""
	[ "$stderr" = "bb-docker-push: fatal: unable to push '$DEST': engine on fire (HTTP 500)" ]
}

@test "progress on a terminal: bytes of all layers, then cleared" {
	engine ok
	# At once (not after a second), and without bold, to match the text.
	on_pty "" env BB_PROGRESS_AFTER_MS=0 NO_COLOR=1 bb-docker-push bot-bottle/demo:1 "$DEST"
	[ "$status" -eq 0 ]
	[[ $output == *"bb-docker-push: pushing $DEST: 1.0 kB of 4.0 kB (25%), 0 s"$'\e[K'* ]] || fail "$output"
	[[ $output == *"bb-docker-push: pushing $DEST: 5.0 kB of 5.0 kB (100%), 0 s"$'\e[K\e[K'"$DEST@$DIGEST"* ]] || fail "$output"
}

@test "credentials of the docker config go base64url-encoded in X-Registry-Auth" {
	mkdir -p "$HOME/.docker"
	printf '{"auths": {"http://127.0.0.1:5000/v2/": {"auth": "%s"}}}\n' \
		"$(printf 'me:s3cret:with:colons' | base64)" >"$HOME/.docker/config.json"
	engine ok
	run -0 --separate-stderr bb-docker-push bot-bottle/demo:1 "$DEST"
	[ "$(sent_auth)" = '{"username":"me","password":"s3cret:with:colons","serveraddress":"127.0.0.1:5000"}' ]
	# DOCKER_CONFIG wins over ~/.docker; another registry's entry is not sent.
	mkdir "$BATS_TEST_TMPDIR/cfg"
	printf '{"auths": {"other:5000": {"auth": "%s"}}}\n' "$(printf 'x:y' | base64)" \
		>"$BATS_TEST_TMPDIR/cfg/config.json"
	: >"$LOG"
	DOCKER_CONFIG=$BATS_TEST_TMPDIR/cfg run -0 --separate-stderr bb-docker-push bot-bottle/demo:1 "$DEST"
	[ "$(sent_auth)" = '{}' ]
}

@test "bb push records ref@digest; a failed push records nothing" {
	state_only_bottle demo
	engine error
	run -111 --separate-stderr bb push demo "$DEST"
	assert_output ""
	assert_not_exist "$BB_HOME/state/demo/pushed"
	engine ok
	run -0 --separate-stderr bb push demo "$DEST"
	assert_line -n 0 "Pushed bottle demo as $DEST@$DIGEST."
	[ "$(cat "$BB_HOME/state/demo/pushed")" = "$DEST@$DIGEST" ]
	grep -q '/images/bot-bottle%2Fdemo%3A20261128T150000Z/tag?' "$LOG"
}

@test "boot pulls a missing image: an error line fails it, Docker Hub credentials" {
	mkdir -p "$HOME/.docker"
	printf '{"auths": {"https://index.docker.io/v1/": {"auth": "%s"}}}\n' \
		"$(printf 'hub:pw' | base64)" >"$HOME/.docker/config.json"
	state_only_bottle demo alpine:3
	engine error
	run -111 --separate-stderr bb-docker-boot demo
	assert_output ""
	[ "$stderr" = "bb-docker-boot: fatal: unable to boot bottle demo: image 'alpine:3' does not exist here, and pulling it failed: denied: requested access to the resource is denied" ]
	grep -q '^POST /v1.41/images/create?fromImage=alpine&tag=3 ' "$LOG"
	[ "$(sent_auth)" = '{"username":"hub","password":"pw","serveraddress":"https://index.docker.io/v1/"}' ]
	# Nothing was created.
	run -1 grep -q '/containers/create' "$LOG"
}

@test "boot pulls by digest; an image still missing after the pull is an error" {
	state_only_bottle demo "127.0.0.1:5000/snaps/demo@$DIGEST"
	engine ok
	run -111 --separate-stderr bb-docker-boot demo
	[ "$stderr" = "bb-docker-boot: fatal: unable to boot bottle demo: image '127.0.0.1:5000/snaps/demo@$DIGEST' was pulled but the engine does not find it" ]
	grep -q "^POST /v1.41/images/create?fromImage=127.0.0.1%3A5000%2Fsnaps%2Fdemo&tag=sha256%3A${DIGEST#sha256:} e30=$" "$LOG"
}

@test "boot never pulls bb's own snapshots, nor what is no reference" {
	state_only_bottle demo
	engine ok
	run -111 --separate-stderr bb-docker-boot demo bot-bottle/demo:20261128T150000Z
	[ "$stderr" = "bb-docker-boot: fatal: unable to boot bottle demo: snapshot 'bot-bottle/demo:20261128T150000Z' no longer exists" ]
	run -111 --separate-stderr bb-docker-boot demo 'NOT a ref!'
	[ "$stderr" = "bb-docker-boot: fatal: unable to boot bottle demo: snapshot 'NOT a ref!' no longer exists" ]
	run -111 --separate-stderr bb-docker-boot demo "127.0.0.1:5000/x@sha256:short"
	run -1 grep -q '/images/create' "$LOG"
}

@test "bb push -h and bb-docker-push -h print their usage; bad usage is 100" {
	run -0 --separate-stderr bb push -h
	assert_output "usage: bb push [--no-wait] <slug> <dest>"
	run -0 --separate-stderr bb-docker-push -h
	assert_output "usage: bb-docker-push <ref> <dest>"
	run -100 --separate-stderr bb push demo
	assert_output ""
	[[ $stderr == *"usage: bb push "* ]]
	run -100 --separate-stderr bb push demo a b
	run -100 --separate-stderr bb-docker-push only-one
	run -100 --separate-stderr bb push Demo "$DEST"
	[[ $stderr == *"Demo"* ]]
	run -100 --separate-stderr bb push demo ''
	[[ $stderr == *"<dest> takes one destination"* ]]
	run -100 --separate-stderr bb push demo "127.0.0.1:5000/x y"
	assert_not_exist "$BB_HOME/state"
}

@test "bad destinations are refused with 100 before anything is sent" {
	state_only_bottle demo
	for dest in "snaps/demo:v1" "demo" "127.0.0.1:5000/Snaps/demo:v1" "127.0.0.1:5000/snaps/demo:-v1" \
		"127.0.0.1:5000/snaps/demo@sha256:$(printf '%064d' 0)" "127.0.0.1:5000/snaps//demo" "host!:5000/x:v1"; do
		run -100 --separate-stderr bb push demo "$dest"
		assert_output ""
		[[ $stderr == "bb-docker-push: fatal: invalid destination '$dest': "* ]] ||
			fail "$dest: $stderr"
	done
	run -100 --separate-stderr bb push demo "snaps/demo:v1"
	[ "$stderr" = "bb-docker-push: fatal: invalid destination 'snaps/demo:v1': name a registry host first, as in 127.0.0.1:5000/snaps/web:v1" ]
	run -100 --separate-stderr bb-docker-push 'Bad/Ref' "127.0.0.1:5000/snaps/demo:v1"
	[[ $stderr == *"invalid image reference 'Bad/Ref'"* ]]
	assert_not_exist "$BB_HOME/state/demo/pushed"
}

@test "a bottle with nothing committed has nothing to push: 100" {
	state_only_bottle demo bbtest:base -
	run -100 --separate-stderr bb push demo "$DEST"
	assert_output ""
	[ "$stderr" = "bb-push: fatal: bottle demo has no committed snapshot to push (bb commit demo makes one)" ]
	assert_not_exist "$BB_HOME/state/demo/pushed"
	run -100 --separate-stderr bb push ghost "$DEST"
	[[ $stderr == *"no such bottle: 'ghost'"* ]]
}

@test "a backend without a push program: 100" {
	use_fake_container
	bb launch demo --backend macos-container --image alpine:3 >/dev/null
	run -100 --separate-stderr bb push demo "$DEST"
	assert_output ""
	[ "$stderr" = "bb-push: fatal: backend macos-container cannot push" ]
	assert_not_exist "$BB_HOME/state/demo/pushed"
}

@test "bb push --no-wait fails at once when the bottle is busy" {
	state_only_bottle demo
	bb-lock demo sleep 3 &
	holder=$!
	sleep 0.3
	run -1 --separate-stderr bb push --no-wait demo "$DEST"
	[ "$stderr" = "bb-push: fatal: bottle demo is busy" ]
	assert_not_exist "$BB_HOME/state/demo/pushed"
	wait "$holder"
}
