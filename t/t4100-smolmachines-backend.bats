#!/usr/bin/env bats
# bb-smolvm-pack and the smolmachines backend, against the fake `smolvm`.

load test_helper

setup() {
	bb_setup
	use_fake_smolvm 1.23.7
}

launch() {
	bb launch "${1:-demo}" --backend smolmachines --image alpine:3 "${@:2}" -- sleep 1000 >/dev/null
}

# A machine of this home that has run once and is stopped, ready to pack.
packable() {
	launch "${1:-demo}"
	smolvm machine exec --name "bot-bottle-${1:-demo}" -- sh -c 'echo packed >"$FAKE_ROOTFS/root/file"'
	smolvm machine stop --name "bot-bottle-${1:-demo}" >/dev/null
}

@test "each smolmachines executable and bb-smolvm-pack print their usage with -h" {
	for v in running stop remove export-hint list boot freeze; do
		run -0 --separate-stderr "bb-smolmachines-$v" -h
		[[ $output == "usage: bb-smolmachines-$v "* ]]
	done
	run -0 bb-smolvm-pack -h
	assert_output "usage: bb-smolvm-pack <machine> <output>"
}

@test "bb launch --backend smolmachines creates and starts the machine" {
	run -0 --separate-stderr bb launch demo --backend smolmachines --image alpine:3 -e A=b -w /srv -- sleep 1000
	assert_output "Launched bottle demo (smolmachines, from alpine:3)."
	run -0 smolvm_calls
	assert_line "machine create --name bot-bottle-demo --label bot-bottle.slug=demo --label bot-bottle.home=$(cat "$BB_HOME/id") --image alpine:3 --net -e A=b -w /srv -- sleep 1000"
	assert_line "machine start --name bot-bottle-demo"
	run -0 bb-smolmachines-running bot-bottle-demo
	run -0 bb-container-running demo
}

@test "bb-smolvm-pack writes the stub and the sidecar, prints the sidecar" {
	packable demo
	out=$BATS_TEST_TMPDIR/snap
	run -0 --separate-stderr bb-smolvm-pack bot-bottle-demo "$out"
	assert_output "$out.smolmachine"
	[ -z "$stderr" ]
	assert_file_executable "$out"
	[ "$(tail -c 64 "$out.smolmachine" | head -c 8)" = SMOLPACK ]
	run -0 smolvm_calls
	assert_line "pack create --from-vm bot-bottle-demo --output $out"
}

@test "bb-smolvm-pack refuses an output naming the sidecar, or one that exists" {
	packable demo
	run -100 --separate-stderr bb-smolvm-pack bot-bottle-demo "$BATS_TEST_TMPDIR/x.smolmachine"
	[[ $stderr == *"names the sidecar"* ]]
	run -100 bb-smolvm-pack bot-bottle-demo "$BATS_TEST_TMPDIR/x.SmolMachine"
	touch "$BATS_TEST_TMPDIR/taken"
	run -100 --separate-stderr bb-smolvm-pack bot-bottle-demo "$BATS_TEST_TMPDIR/taken"
	[[ $stderr == *"already exists"* ]]
	assert_file_exist "$BATS_TEST_TMPDIR/taken"
	run -0 smolvm_calls
	refute_line --partial "pack create"
	run -100 bb-smolvm-pack bot-bottle-demo
}

@test "bb-smolvm-pack turns smolvm's errors into 111 with its message" {
	launch demo
	run -111 --separate-stderr bb-smolvm-pack bot-bottle-demo "$BATS_TEST_TMPDIR/snap"
	[[ $stderr == *"unable to pack the machine: smolvm: agent operation failed: pack from VM: VM 'bot-bottle-demo' is running. Stop it first with: smolvm machine stop --name bot-bottle-demo (exit 1)"* ]]
	run -111 --separate-stderr bb-smolvm-pack bot-bottle-nothing "$BATS_TEST_TMPDIR/snap"
	[[ $stderr == *"VM 'bot-bottle-nothing' not found"* ]]
	bb launch fresh --backend smolmachines --image alpine:3 -- true >/dev/null
	smolvm machine stop --name bot-bottle-fresh >/dev/null
	smolvm machine delete --force --name bot-bottle-fresh >/dev/null
	smolvm machine create --name never --image alpine:3 --net >/dev/null
	run -111 --separate-stderr bb-smolvm-pack never "$BATS_TEST_TMPDIR/snap"
	[[ $stderr == *"has never been started"* ]]
	assert_not_exist "$BATS_TEST_TMPDIR/snap"
}

@test "a pack that fails midway leaves no partial files" {
	packable demo
	FAKE_SMOLVM_FAIL="pack create" FAKE_SMOLVM_PARTIAL=1 \
		run -111 --separate-stderr bb-smolvm-pack bot-bottle-demo "$BATS_TEST_TMPDIR/snap"
	[[ $stderr == *"No space left on device"* ]]
	assert_not_exist "$BATS_TEST_TMPDIR/snap"
	assert_not_exist "$BATS_TEST_TMPDIR/snap.smolmachine"
}

@test "running, stop, remove: states, idempotence, other homes refused" {
	launch demo
	run -0 --separate-stderr bb-smolmachines-running bot-bottle-demo
	assert_output ""
	run -0 bb-smolmachines-stop bot-bottle-demo
	run -1 bb-smolmachines-running bot-bottle-demo
	run -0 bb-smolmachines-stop bot-bottle-demo
	run -1 bb-smolmachines-running bot-bottle-absent
	run -0 bb-smolmachines-stop bot-bottle-absent
	run -0 bb-smolmachines-remove bot-bottle-demo
	run -1 --separate-stderr smolvm machine status --name bot-bottle-demo
	run -0 bb-smolmachines-remove bot-bottle-demo
	smolvm machine create --name bot-bottle-other --label bot-bottle.home=feedface --image alpine:3 --net >/dev/null
	run -100 --separate-stderr bb-smolmachines-remove bot-bottle-other
	[[ $stderr == *"bot-bottle-other belongs to another bb home"* ]]
	run -0 smolvm machine status --name bot-bottle-other
}

@test "freeze --needs-stop always answers 0" {
	run -0 --separate-stderr bb-smolmachines-freeze --needs-stop
	assert_output ""
	run -0 bb-smolmachines-freeze --needs-stop demo
}

@test "freeze packs into \$BB_HOME/snapshots/<slug>/ and prints the sidecar's path" {
	packable demo
	run -0 --separate-stderr bb-smolmachines-freeze demo
	[[ $output =~ ^/.*/snapshots/demo/[0-9]{8}T[0-9]{6}Z\.smolmachine$ ]]
	[ "$output" = "$(realpath "$BB_HOME")/snapshots/demo/$(basename "$output")" ]
	assert_file_exist "$output"
	assert_file_executable "${output%.smolmachine}"
	first=$output
	# Two in one second: a new name, the first pair kept as history.
	run -0 bb-smolmachines-freeze demo
	[ "$output" != "$first" ]
	assert_file_exist "$first"
}

@test "boot from an artifact recreates the machine with the packed file" {
	packable demo
	side=$(bb-smolmachines-freeze demo)
	: >"$SMOLVM_DATA_DIR/calls"
	run -0 --separate-stderr bb-smolmachines-boot demo "$side"
	assert_output ""
	run -0 smolvm_calls
	assert_line "machine delete --force --name bot-bottle-demo"
	assert_line --regexp "^machine create --name bot-bottle-demo --label bot-bottle.slug=demo --label bot-bottle.home=[0-9a-f]+ --from $side -- sleep 1000$"
	assert_line "machine start --name bot-bottle-demo"
	run -0 smolvm machine exec --name bot-bottle-demo -- cat root/file
	assert_output packed
	run -100 --separate-stderr bb-smolmachines-boot demo "$side"
	[[ $stderr == *"bottle demo is already running"* ]]
}

@test "boot of a missing or bogus artifact fails 111 and changes nothing" {
	launch demo
	smolvm machine stop --name bot-bottle-demo >/dev/null
	: >"$SMOLVM_DATA_DIR/calls"
	run -111 --separate-stderr bb-smolmachines-boot demo "$BATS_TEST_TMPDIR/gone.smolmachine"
	[[ $stderr == *"snapshot '$BATS_TEST_TMPDIR/gone.smolmachine' no longer exists"* ]]
	echo junk >"$BATS_TEST_TMPDIR/junk.smolmachine"
	run -111 bb-smolmachines-boot demo "$BATS_TEST_TMPDIR/junk.smolmachine"
	run -0 smolvm_calls
	assert_output ""
}

@test "list: this home's machines in one call" {
	launch one
	launch two
	smolvm machine stop --name bot-bottle-two >/dev/null
	smolvm machine create --name bot-bottle-foreign --label bot-bottle.home=feedface --image alpine:3 --net >/dev/null
	: >"$SMOLVM_DATA_DIR/calls"
	run -0 --separate-stderr bb-smolmachines-list
	assert_output "$(printf 'bot-bottle-one\trunning\nbot-bottle-two\tstopped')"
	[ "$(wc -l <"$SMOLVM_DATA_DIR/calls")" -eq 1 ]
}

@test "export-hint: copy both files, create --from" {
	run -0 --separate-stderr bb-smolmachines-export-hint /h/snapshots/demo/20261128T150000Z.smolmachine
	assert_line "  scp '/h/snapshots/demo/20261128T150000Z.smolmachine' other-machine:"
	assert_line "  ssh other-machine smolvm machine create --name NAME --from '20261128T150000Z.smolmachine'"
	run -100 bb-smolmachines-export-hint /h/not-an-artifact
}

@test "machine names are checked before smolvm is asked" {
	for bad in '' -x 'a--b' 'trailing-' 'sp ace'; do
		run -100 --separate-stderr bb-smolmachines-running -- "$bad"
		[[ $stderr == *"invalid machine name"* ]] || fail "'$bad': $stderr"
		run -100 bb-smolmachines-stop -- "$bad"
	done
	run -0 smolvm_calls
	assert_output ""
}

@test "export-hint quotes a path with a quote in it" {
	run -0 bb-smolmachines-export-hint "/h/it's/20261128T150000Z.smolmachine"
	assert_line "  scp '/h/it'\\''s/20261128T150000Z.smolmachine' other-machine:"
	run -100 bb-smolmachines-export-hint /h/.smolmachine
}
