#!/usr/bin/env bats
# bb-smolmachines-drop: remove a .smolmachine pair, never anything outside $BB_HOME/snapshots/<slug>/.

load test_helper

setup() {
	bb_setup
	use_fake_smolvm
	bb launch demo --backend smolmachines --image alpine:3 -- sleep 1000 >/dev/null
	bb commit --yes demo >/dev/null
	side=$(cat "$BB_HOME/state/demo/committed-image")
	stub=${side%.smolmachine}
	: >"$SMOLVM_DATA_DIR/calls"
}

@test "bb-smolmachines-drop -h prints the usage" {
	run -0 --separate-stderr bb-smolmachines-drop -h
	assert_output "usage: bb-smolmachines-drop <ref>"
	[ -z "$stderr" ]
}

@test "it removes the stub and the sidecar; again, or half gone, is success" {
	assert_file_exist "$stub"
	run -0 --separate-stderr bb-smolmachines-drop "$side"
	assert_output ""
	[ -z "$stderr" ]
	assert_not_exist "$side"
	assert_not_exist "$stub"
	run -0 --separate-stderr bb-smolmachines-drop "$side"
	# smolvm is never run.
	run -0 smolvm_calls
	assert_output ""
	# A pair that a crash cut in half: the rest goes.
	smolvm machine stop --name bot-bottle-demo >/dev/null 2>&1 || true
	bb commit --yes demo >/dev/null
	side=$(cat "$BB_HOME/state/demo/committed-image")
	rm "$side"
	run -0 --separate-stderr bb-smolmachines-drop "$side"
	assert_not_exist "${side%.smolmachine}"
	# No snapshots folder at all.
	rm -r "$BB_HOME/snapshots"
	run -0 --separate-stderr bb-smolmachines-drop "$side"
}

@test "the path as given (links in the home resolved) must be inside the home's snapshots" {
	home=$(realpath "$BB_HOME")
	for bad in /etc/passwd.smolmachine "$home/snapshots/demo/../../id.smolmachine" \
		"$home/snapshots/Bad_Slug/x.smolmachine" "$home/snapshots/demo/x" "$home/snapshots/demo/.smolmachine" \
		"$home/snapshots/demo/.build-x.smolmachine" "$home/snapshots/x.smolmachine" \
		"$home/snapshots/demo/a/b.smolmachine" "$home/state/demo/x.smolmachine" relative/x.smolmachine ''; do
		run -100 --separate-stderr bb-smolmachines-drop "$bad"
		assert_output ""
		[[ $stderr == *"bb-smolmachines-drop: "* ]] || fail "'$bad': $stderr"
	done
	assert_file_exist "$side"
	assert_file_exist "$stub"
	run -100 --separate-stderr bb-smolmachines-drop
	[[ $stderr == *"usage: bb-smolmachines-drop <ref>"* ]]
}

@test "a folder where a file of the pair should be: 111; a linked folder is not followed" {
	rm "$side"
	mkdir "$side"
	run -111 --separate-stderr bb-smolmachines-drop "$side"
	[[ $stderr == *"unable to remove '$BB_HOME/snapshots/demo/${side##*/}': it is a folder"* ]]
	assert_file_exist "$stub"
	mkdir "$BATS_TEST_TMPDIR/elsewhere"
	: >"$BATS_TEST_TMPDIR/elsewhere/x"
	: >"$BATS_TEST_TMPDIR/elsewhere/x.smolmachine"
	ln -s "$BATS_TEST_TMPDIR/elsewhere" "$BB_HOME/snapshots/linked"
	run -111 --separate-stderr bb-smolmachines-drop "$(realpath "$BB_HOME")/snapshots/linked/x.smolmachine"
	[[ $stderr == *"not a folder (links are not followed)"* ]]
	assert_file_exist "$BATS_TEST_TMPDIR/elsewhere/x.smolmachine"
}
