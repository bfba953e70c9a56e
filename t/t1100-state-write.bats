#!/usr/bin/env bats
# bb-state-write: atomic replacement from stdin, compare-and-swap with --old.

load test_helper

setup() {
	bb_setup
	umask 000 # the modes must not depend on it
}

# A state tree made by hand, as private as bb makes it.
mkstate() {
	mkdir -p "$BB_HOME/state/demo" "$BB_HOME/locks"
	chmod 700 "$BB_HOME"
}

# Bottle demo exists once its metadata.json does.
new_bottle() {
	meta demo | bb-state-write demo metadata.json
}

meta() {
	printf '{"version":1,"slug":"%s","backend":"docker","image":"bbtest:base","extra":{"kept":true}}\n' "${1:-demo}"
}

@test "bb-state-write -h prints the usage" {
	run -0 --separate-stderr bb-state-write -h
	assert_output "usage: bb-state-write [--old VALUE] <slug> <key>"
}

@test "bb-state-write with bad usage exits 100 and writes nothing" {
	run -100 --separate-stderr bb-state-write demo
	assert_output ""
	run -100 --separate-stderr bb-state-write --old
	[[ $stderr == *"option '--old' needs a value"* ]]
	run -100 --separate-stderr bb-state-write demo bogus <<<"x"
	[[ $stderr == *"unknown key 'bogus'"* ]]
	assert_not_exist "$BB_HOME"
}

@test "bb-state-write creates the file, 0600 in a 0700 folder whatever the umask" {
	new_bottle
	run -0 --separate-stderr bb-state-write demo committed-image <<<"bot-bottle/demo:1"
	assert_output ""
	[ -z "$stderr" ]
	[ "$(cat "$BB_HOME/state/demo/committed-image")" = "bot-bottle/demo:1" ]
	[ "$(stat -c %a "$BB_HOME")" = 700 ]
	[ "$(stat -c %a "$BB_HOME/state")" = 700 ]
	[ "$(stat -c %a "$BB_HOME/state/demo")" = 700 ]
	[ "$(stat -c %a "$BB_HOME/state/demo/committed-image")" = 600 ]
	[ "$(stat -c %a "$BB_HOME/locks/demo")" = 600 ]
}

@test "bb-state-write adds the missing newline of a one-line value" {
	new_bottle
	printf 'ref:1' | bb-state-write demo committed-image
	[ "$(od -An -c "$BB_HOME/state/demo/committed-image" | tr -s ' ')" = " r e f : 1 \n" ]
}

@test "bb-state-write leaves no temp file behind" {
	new_bottle
	bb-state-write demo committed-image <<<"ref:1"
	bb-state-write demo committed-image <<<"ref:2"
	run ls -A "$BB_HOME/state/demo"
	assert_output "$(printf 'committed-image\nmetadata.json')"
}

@test "bb-state-write refuses a value that is not one line" {
	mkstate
	echo old:1 >"$BB_HOME/state/demo/committed-image"
	run -100 --separate-stderr bb-state-write demo committed-image < <(printf 'a\nb\n')
	[[ $stderr == *"invalid value for 'committed-image'"* ]]
	run -100 --separate-stderr bb-state-write demo committed-image </dev/null
	run -100 --separate-stderr bb-state-write demo committed-image < <(printf 'a\tb')
	run -100 --separate-stderr bb-state-write demo committed-image < <(head -c 5000 /dev/zero | tr '\0' a)
	[ "$(cat "$BB_HOME/state/demo/committed-image")" = old:1 ]
}

@test "bb-state-write checks metadata.json and keeps unknown fields" {
	run -0 --separate-stderr bb-state-write demo metadata.json < <(meta)
	grep -q '"kept":true' "$BB_HOME/state/demo/metadata.json"
	run -100 --separate-stderr bb-state-write demo metadata.json <<<'{"version":1'
	[[ $stderr == *"invalid metadata.json: not a JSON object"* ]]
	run -100 --separate-stderr bb-state-write demo metadata.json <<<'{"version":2,"slug":"demo","backend":"docker"}'
	[[ $stderr == *"version is not 1"* ]]
	run -100 --separate-stderr bb-state-write demo metadata.json < <(meta other)
	[[ $stderr == *"slug is not 'demo'"* ]]
	run -100 --separate-stderr bb-state-write demo metadata.json <<<'{"version":1,"slug":"demo","backend":"../x"}'
	run -100 --separate-stderr bb-state-write demo metadata.json <<<'{"version":1,"slug":"demo","backend":"docker","env":[1]}'
	grep -q '"kept":true' "$BB_HOME/state/demo/metadata.json"
}

@test "only metadata.json makes a bottle: other keys of an unknown one exit 100" {
	run -100 --separate-stderr bb-state-write ghost committed-image <<<"ref:1"
	[ "$stderr" = "bb-state-write: fatal: no such bottle: 'ghost'" ]
	assert_not_exist "$BB_HOME"
}

@test "metadata.json takes every valid slug, and nothing after the object" {
	long=$(printf 'a%.0s' {1..40})_b-c
	run -0 bb-state-write "$long" metadata.json < <(meta "$long")
	run -100 --separate-stderr bb-state-write demo metadata.json < <(meta; echo '{"more":1}')
	[[ $stderr == *"invalid metadata.json"* ]]
	assert_not_exist "$BB_HOME/state/demo"
}

@test "'preserved' takes no content" {
	new_bottle
	run -100 --separate-stderr bb-state-write demo preserved <<<"yes"
	[[ $stderr == *"'preserved' takes no content"* ]]
	run -0 bb-state-write demo preserved </dev/null
	assert_file_exist "$BB_HOME/state/demo/preserved"
}

@test "bb-state-write refuses the append-only snapshots log" {
	run -100 --separate-stderr bb-state-write demo snapshots <<<"x"
	[[ $stderr == *"'snapshots' is append-only"* ]]
	assert_not_exist "$BB_HOME"
}

@test "--old '' creates only when absent" {
	new_bottle
	run -0 bb-state-write --old '' demo committed-image <<<"ref:1"
	run -1 --separate-stderr bb-state-write --old '' demo committed-image <<<"ref:2"
	assert_output ""
	[[ $stderr == *"'committed-image' of bottle demo already exists"* ]]
	[ "$(cat "$BB_HOME/state/demo/committed-image")" = ref:1 ]
}

@test "--old VALUE swaps only when the current value matches" {
	new_bottle
	bb-state-write demo committed-image <<<"ref:1"
	run -1 --separate-stderr bb-state-write --old ref:9 demo committed-image <<<"ref:2"
	[[ $stderr == *"has changed: it is no longer 'ref:9'"* ]]
	[ "$(cat "$BB_HOME/state/demo/committed-image")" = ref:1 ]
	# One trailing newline is ignored on either side.
	run -0 bb-state-write --old "$(printf 'ref:1\n')" demo committed-image <<<"ref:2"
	[ "$(cat "$BB_HOME/state/demo/committed-image")" = ref:2 ]
	run -1 --separate-stderr bb-state-write --old ref:2 demo preserved </dev/null
	[[ $stderr == *"is absent"* ]]
}

@test "bb-state-write replaces atomically: a reader sees old or new, never a mix" {
	new_bottle
	a=$(printf 'a%.0s' {1..3000}) b=$(printf 'b%.0s' {1..3000})
	bb-state-write demo committed-image <<<"$a"
	( for _ in $(seq 150); do bb-state-write demo committed-image <<<"$b"; bb-state-write demo committed-image <<<"$a"; done ) &
	writer=$!
	for _ in $(seq 300); do
		v=$(bb-state-read demo committed-image)
		[[ $v == "$a" || $v == "$b" ]] || fail "torn read: ${#v} bytes"
	done
	wait "$writer"
}

@test "bb-state-write refuses a symlink planted as the state file, target untouched" {
	mkstate
	meta >"$BB_HOME/state/demo/metadata.json"
	echo secret >"$BATS_TEST_TMPDIR/target"
	ln -s "$BATS_TEST_TMPDIR/target" "$BB_HOME/state/demo/committed-image"
	run -111 --separate-stderr bb-state-write demo committed-image <<<"ref:1"
	[[ $stderr == *"unable to replace"*"symbolic links"* ]]
	[ "$(cat "$BATS_TEST_TMPDIR/target")" = secret ]
	[ -L "$BB_HOME/state/demo/committed-image" ]
}

@test "bb-state-write refuses a symlinked bottle folder, target untouched" {
	mkstate
	rmdir "$BB_HOME/state/demo"
	mkdir -p "$BATS_TEST_TMPDIR/elsewhere"
	ln -s "$BATS_TEST_TMPDIR/elsewhere" "$BB_HOME/state/demo"
	run -111 --separate-stderr bb-state-write demo metadata.json < <(meta)
	[[ $stderr == *"not a folder"* ]]
	run ls -A "$BATS_TEST_TMPDIR/elsewhere"
	assert_output ""
}

@test "bb-state-write refuses a symlinked lock file" {
	mkstate
	ln -s "$BATS_TEST_TMPDIR/lockfile" "$BB_HOME/locks/demo"
	run -111 --separate-stderr bb-state-write demo metadata.json < <(meta)
	[[ $stderr == *"locks/demo"* ]]
	assert_not_exist "$BATS_TEST_TMPDIR/lockfile"
}

@test "bb-state-write fails with 111 when the folder is not writable" {
	# The bats folders are private to root: the other user needs its own.
	BB_HOME=$(mktemp -d /tmp/bbperm.XXXXXX)/home
	chmod 755 "${BB_HOME%/home}"
	mkstate
	chown -R 65534:65534 "$BB_HOME"
	chmod 500 "$BB_HOME/state/demo"
	run -111 --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
		env BB_HOME="$BB_HOME" "$BB_BUILD/bb-state-write" demo metadata.json < <(meta)
	[[ $stderr == *"unable to create a temporary file for"*"Permission denied"* ]]
	assert_not_exist "$BB_HOME/state/demo/metadata.json"
	rm -rf "${BB_HOME%/home}"
}

@test "a lock holder removes stale temp files" {
	mkstate
	meta >"$BB_HOME/state/demo/metadata.json"
	touch "$BB_HOME/state/demo/.committed-image.12345.deadbeef" "$BB_HOME/state/demo/.keepme"
	bb-state-write demo committed-image <<<"ref:1"
	assert_not_exist "$BB_HOME/state/demo/.committed-image.12345.deadbeef"
	assert_exist "$BB_HOME/state/demo/.keepme"
}
