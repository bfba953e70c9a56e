#!/usr/bin/env bats
# bb-macos-container-drop: `container image delete` of a snapshot, against the fake CLI.

load test_helper

setup() {
	bb_setup
	use_fake_container
	bb launch demo --backend macos-container --image alpine:3 -- sleep 1000 >/dev/null
	bb commit demo >/dev/null
	ref=$(cat "$BB_HOME/state/demo/committed-image")
	: >"$FAKE_CONTAINER_STATE/calls"
}

@test "bb-macos-container-drop -h prints the usage" {
	run -0 --separate-stderr bb-macos-container-drop -h
	assert_output "usage: bb-macos-container-drop <ref>"
	[ -z "$stderr" ]
}

@test "it deletes the image; again, or never there, is success" {
	run -0 --separate-stderr bb-macos-container-drop "$ref"
	assert_output ""
	[ -z "$stderr" ]
	run -0 fake_calls
	assert_output "$(printf 'image inspect %s\nimage delete %s' "$ref" "$ref")"
	run -1 --separate-stderr container image inspect "$ref"
	[[ $stderr == *"image not found"* ]]
	: >"$FAKE_CONTAINER_STATE/calls"
	run -0 --separate-stderr bb-macos-container-drop "$ref"
	run -0 fake_calls
	assert_output "image inspect $ref"
}

@test "a delete that fails for an image still there: 111 quoting container" {
	FAKE_CONTAINER_FAIL="image delete" FAKE_CONTAINER_FAIL_MESSAGE='internalError: "failed to delete one or more images: [\"x\"]"' \
		run -111 --separate-stderr bb-macos-container-drop "$ref"
	assert_output ""
	[[ $stderr == "bb-macos-container-drop: fatal: unable to delete the snapshot '$ref': container: internalError: \"failed to delete one or more images"*"(exit 1)" ]]
	run -0 container image inspect "$ref"
	FAKE_CONTAINER_FAIL="image inspect" run -111 --separate-stderr bb-macos-container-drop "$ref"
	[[ $stderr == *"unable to look for the snapshot: container: "* ]]
	PATH=/usr/bin:/bin run -111 --separate-stderr "$BB_BUILD/bb-macos-container-drop" "$ref"
	[[ $stderr == *"'container' is not installed"* ]]
	run -0 container image inspect "$ref"
}

@test "what is not bot-bottle/<slug>:<tag> is refused before container runs" {
	for bad in alpine:3 bot-bottle/demo bot-bottle/Bad_Slug:x bot-bottle/demo:a/b "bot-bottle/demo:a b" other/bot-bottle/demo:x ''; do
		run -100 --separate-stderr bb-macos-container-drop "$bad"
		[[ $stderr == *"bb-macos-container-drop: fatal: "* ]] || fail "'$bad': $stderr"
	done
	run -0 fake_calls
	assert_output ""
	run -100 --separate-stderr bb-macos-container-drop
	[[ $stderr == *"usage: bb-macos-container-drop <ref>"* ]]
}

@test "an image labelled by another home is never deleted: 100" {
	mkdir -p "$BATS_TEST_TMPDIR/ctx"
	printf 'FROM scratch\nLABEL bot-bottle.home=0123456789abcdef\n' >"$BATS_TEST_TMPDIR/ctx/Dockerfile"
	container build -t bot-bottle/other:x "$BATS_TEST_TMPDIR/ctx" >/dev/null
	run -100 --separate-stderr bb-macos-container-drop bot-bottle/other:x
	[ "$stderr" = "bb-macos-container-drop: fatal: snapshot 'bot-bottle/other:x' belongs to another bb home" ]
	run -0 container image inspect bot-bottle/other:x
}
