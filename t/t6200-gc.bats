#!/usr/bin/env bats
# bb gc: old snapshots go, the newest N and the committed one stay, on all three backends.

load test_helper

setup() {
	bb_setup
}

teardown() {
	docker_cleanup_home
}

log() { printf '%s/state/%s/snapshots' "$BB_HOME" "${1:-demo}"; }

# refs [SLUG]: the refs of the log, oldest first, one a line.
refs() { cut -f2 "$(log "$@")"; }

# smol_bottle SLUG N: a smolmachines bottle committed N times (fake smolvm).
smol_bottle() {
	local i
	bb launch "$1" --backend smolmachines --image alpine:3 -- sleep 1000 >/dev/null
	for ((i = 0; i < $2; i++)); do
		bb commit --yes "$1" >/dev/null
		smolvm machine start --name "bot-bottle-$1" >/dev/null 2>&1
	done
}

# ctr_bottle SLUG N: a macos-container bottle committed N times (fake container).
ctr_bottle() {
	local i
	bb launch "$1" --backend macos-container --image alpine:3 -- sleep 1000 >/dev/null
	for ((i = 0; i < $2; i++)); do
		bb commit --yes "$1" >/dev/null
	done
}

# docker_bottle SLUG N: a docker bottle committed N times (the real engine).
docker_bottle() {
	local i
	launch_bottle "$1"
	for ((i = 0; i < $2; i++)); do
		bb commit "$1" >/dev/null
	done
}

# A picture of a bottle's snapshot files and log, to compare before and after.
snap_picture() {
	{
		find "$BB_HOME/snapshots/${1:-demo}" -type f -printf '%P %s\n' 2>/dev/null | sort
		cat "$(log "$@")"
	}
}

@test "bb gc -h prints the usage" {
	run -0 --separate-stderr bb gc -h
	assert_output "usage: bb gc [--keep N] [--dry-run] [--no-wait] [<slug>]"
	[ -z "$stderr" ]
}

@test "bad usage exits 100 and changes nothing: --keep not a whole number, extra arguments, bad slug" {
	use_fake_smolvm
	smol_bottle demo 2
	snap_picture >"$BATS_TEST_TMPDIR/before"
	for bad in -1 two '' 1.5 ' 3' 99999999999999999999; do
		run -100 --separate-stderr bb gc --keep "$bad" demo
		assert_output ""
		[[ $stderr == *"bb-gc: fatal: --keep "* ]] || fail "--keep '$bad': $stderr"
		[[ $stderr == *"usage: bb gc "* ]]
	done
	run -100 --separate-stderr bb gc --keep
	[[ $stderr == *"option '--keep' needs a value"* ]]
	run -100 --separate-stderr bb gc demo other
	[[ $stderr == *"too many arguments"* ]]
	run -100 --separate-stderr bb gc Bad_Slug
	[[ $stderr == *"Bad_Slug"* ]]
	run -100 --separate-stderr bb gc --no-such-option
	assert_output ""
	snap_picture | cmp - "$BATS_TEST_TMPDIR/before"
}

@test "an unknown bottle exits 100 as bb resume does, and makes no lock file" {
	run -100 --separate-stderr bb gc ghost
	assert_output ""
	[ "$stderr" = "bb-gc: fatal: no such bottle: 'ghost'" ]
	assert_not_exist "$BB_HOME/locks/ghost"
	assert_not_exist "$BB_HOME/state/ghost"
}

@test "a bottle with no log, or fewer snapshots than --keep: Nothing to remove." {
	use_fake_smolvm
	bb launch demo --backend smolmachines --image alpine:3 -- sleep 1000 >/dev/null
	run -0 --separate-stderr bb gc demo
	assert_output "Nothing to remove."
	[ -z "$stderr" ]
	assert_not_exist "$(log)"
	run -0 --separate-stderr bb gc
	assert_output "Nothing to remove."
	smolvm machine stop --name bot-bottle-demo >/dev/null
	bb commit --yes demo >/dev/null
	cp "$(log)" "$BATS_TEST_TMPDIR/log"
	run -0 --separate-stderr bb gc --keep 1 demo
	assert_output "Nothing to remove."
	cmp "$(log)" "$BATS_TEST_TMPDIR/log"
}

@test "an empty home: Nothing to remove." {
	run -0 --separate-stderr bb gc
	assert_output "Nothing to remove."
	[ -z "$stderr" ]
}

# ---------------------------------------------------------------- smolmachines

@test "smolmachines: --keep 2 removes the older pairs, files and log lines, oldest first" {
	use_fake_smolvm
	smol_bottle demo 4
	mapfile -t r < <(refs)
	[ "$(cat "$BB_HOME/state/demo/committed-image")" = "${r[3]}" ]
	run -0 --separate-stderr bb gc --keep 2 demo
	assert_output "$(printf 'Removed %s (bottle demo)\nRemoved %s (bottle demo)\nRemoved 2 snapshots.' "${r[0]}" "${r[1]}")"
	[ -z "$stderr" ]
	for old in "${r[0]}" "${r[1]}"; do
		assert_not_exist "$old"
		assert_not_exist "${old%.smolmachine}"
	done
	for kept in "${r[2]}" "${r[3]}"; do
		assert_file_exist "$kept"
		assert_file_exist "${kept%.smolmachine}"
	done
	run -0 refs
	assert_output "$(printf '%s\n%s' "${r[2]}" "${r[3]}")"
	[ "$(stat -c %a "$(log)")" = 600 ]
	# Done: a second run finds nothing.
	run -0 --separate-stderr bb gc --keep 2 demo
	assert_output "Nothing to remove."
}

@test "smolmachines: the default keeps 5" {
	use_fake_smolvm
	smol_bottle demo 6
	first=$(refs | head -n 1)
	run -0 --separate-stderr bb gc demo
	assert_output "$(printf 'Removed %s (bottle demo)\nRemoved 1 snapshot.' "$first")"
	[ "$(refs | wc -l)" -eq 5 ]
	assert_not_exist "$first"
}

@test "smolmachines: the committed snapshot survives, even older than --keep, even --keep 0" {
	use_fake_smolvm
	smol_bottle demo 3
	mapfile -t r < <(refs)
	# Someone went back to the first snapshot.
	printf '%s\n' "${r[0]}" | bb-state-write --old "${r[2]}" demo committed-image
	run -0 --separate-stderr bb gc --keep 1 demo
	assert_output "$(printf 'Removed %s (bottle demo)\nRemoved 1 snapshot.' "${r[1]}")"
	assert_file_exist "${r[0]}"
	assert_file_exist "${r[2]}"
	assert_not_exist "${r[1]}"
	run -0 refs
	assert_output "$(printf '%s\n%s' "${r[0]}" "${r[2]}")"
	run -0 --separate-stderr bb gc --keep 0 demo
	assert_output "$(printf 'Removed %s (bottle demo)\nRemoved 1 snapshot.' "${r[2]}")"
	run -0 refs
	assert_output "${r[0]}"
	assert_file_exist "${r[0]}"
	assert_file_exist "${r[0]%.smolmachine}"
	bb stop demo >/dev/null
	run -0 --separate-stderr bb resume demo
	assert_output "Resumed bottle demo from ${r[0]}."
}

@test "smolmachines: --keep 0 leaves only the committed snapshot" {
	use_fake_smolvm
	smol_bottle demo 3
	committed=$(cat "$BB_HOME/state/demo/committed-image")
	run -0 --separate-stderr bb gc --keep 0 demo
	assert_line -n 2 "Removed 2 snapshots."
	run -0 refs
	assert_output "$committed"
	run -0 bash -c 'ls "$BB_HOME/snapshots/demo" | wc -l'
	assert_output 2
}

@test "smolmachines: --dry-run changes nothing, byte for byte, and says what would go" {
	use_fake_smolvm
	smol_bottle demo 3
	mapfile -t r < <(refs)
	snap_picture >"$BATS_TEST_TMPDIR/before"
	stat -c '%i %Y' "$(log)" >"$BATS_TEST_TMPDIR/inode"
	run -0 --separate-stderr bb gc --dry-run --keep 1 demo
	assert_output "$(printf 'Would remove %s (bottle demo)\nWould remove %s (bottle demo)\nWould remove 2 snapshots.' "${r[0]}" "${r[1]}")"
	[ -z "$stderr" ]
	snap_picture | cmp - "$BATS_TEST_TMPDIR/before"
	stat -c '%i %Y' "$(log)" | cmp - "$BATS_TEST_TMPDIR/inode"
	run -0 --separate-stderr bb gc --dry-run --keep 5 demo
	assert_output "Nothing to remove."
}

@test "a ref on several lines counts once, at its newest line, and all its lines go together" {
	use_fake_smolvm
	smol_bottle demo 3
	mapfile -t r < <(refs)
	# r0 again, newest: the distinct refs newest first are r0, r2, r1.
	printf '2026-11-28T23:00:00Z\t%s\t%s\tback to the first\n' "${r[0]}" "${r[2]}" | bb-state-append demo snapshots
	printf '%s\n' "${r[0]}" | bb-state-write --old "${r[2]}" demo committed-image
	run -0 --separate-stderr bb gc --keep 2 demo
	assert_output "$(printf 'Removed %s (bottle demo)\nRemoved 1 snapshot.' "${r[1]}")"
	run -0 refs
	assert_output "$(printf '%s\n%s\n%s' "${r[0]}" "${r[2]}" "${r[0]}")"
	run -0 --separate-stderr bb gc --keep 0 demo
	assert_output "$(printf 'Removed %s (bottle demo)\nRemoved 1 snapshot.' "${r[2]}")"
	# Both lines of the committed r0 stay.
	run -0 refs
	assert_output "$(printf '%s\n%s' "${r[0]}" "${r[0]}")"
}

@test "without a slug: every bottle, each its own, one summary" {
	use_fake_smolvm
	smol_bottle alpha 2
	smol_bottle beta 3
	bb launch gamma --backend smolmachines --image alpine:3 -- sleep 1000 >/dev/null
	a=$(refs alpha | head -n 1)
	mapfile -t b < <(refs beta)
	run -0 --separate-stderr bb gc --keep 1
	assert_output "$(printf 'Removed %s (bottle alpha)\nRemoved %s (bottle beta)\nRemoved %s (bottle beta)\nRemoved 3 snapshots.' "$a" "${b[0]}" "${b[1]}")"
	[ -z "$stderr" ]
	[ "$(refs alpha | wc -l)" -eq 1 ]
	run -0 refs beta
	assert_output "${b[2]}"
}

@test "--no-wait: a busy bottle exits 1 and is untouched; without a slug the others are collected" {
	use_fake_smolvm
	smol_bottle alpha 2
	smol_bottle beta 2
	snap_picture alpha >"$BATS_TEST_TMPDIR/before"
	bb-lock alpha sleep 3 &
	holder=$!
	sleep 0.3
	run -1 --separate-stderr bb gc --no-wait --keep 1 alpha
	assert_output ""
	[ "$stderr" = "bb-gc: fatal: bottle alpha is busy" ]
	bfirst=$(refs beta | head -n 1)
	run -1 --separate-stderr bb gc --no-wait --keep 1
	assert_output "$(printf 'Removed %s (bottle beta)\nRemoved 1 snapshot.' "$bfirst")"
	[ "$stderr" = "bb-gc: fatal: bottle alpha is busy" ]
	snap_picture alpha | cmp - "$BATS_TEST_TMPDIR/before"
	wait "$holder"
	# Without --no-wait it waits its turn.
	bb-lock alpha sleep 1 &
	holder=$!
	sleep 0.3
	run -0 --separate-stderr timeout 30 bb gc --keep 1 alpha
	assert_line -n 0 --partial "Removed "
	wait "$holder"
}

@test "smolmachines: a failing drop exits 111 naming the ref; what went stays gone, the log agrees" {
	use_fake_smolvm
	smol_bottle demo 4
	mapfile -t r < <(refs)
	# The second oldest cannot be removed: a folder stands at its sidecar.
	rm "${r[1]}"
	mkdir "${r[1]}"
	run -111 --separate-stderr bb gc --keep 1 demo
	assert_output "$(printf 'Removed %s (bottle demo)\nRemoved 1 snapshot.' "${r[0]}")"
	[[ $stderr == *"bb-smolmachines-drop: fatal: unable to remove "*"it is a folder"* ]]
	[[ $stderr == *"bb-gc: error: unable to remove snapshot '${r[1]}' of bottle demo; it stays in the log"* ]]
	assert_not_exist "${r[0]}"
	assert_file_exist "${r[2]}"
	# r0 left the log; r1 (failed) and r2 (not tried) stay, on disk and in the log.
	run -0 refs
	assert_output "$(printf '%s\n%s\n%s' "${r[1]}" "${r[2]}" "${r[3]}")"
	assert_file_exist "${r[1]%.smolmachine}"
	# Once the obstacle is gone, the next run finishes.
	rmdir "${r[1]}"
	run -0 --separate-stderr bb gc --keep 1 demo
	assert_output "$(printf 'Removed %s (bottle demo)\nRemoved %s (bottle demo)\nRemoved 2 snapshots.' "${r[1]}" "${r[2]}")"
	run -0 refs
	assert_output "${r[3]}"
	assert_not_exist "${r[1]%.smolmachine}"
}

@test "a crash between the drops and the log rewrite: the next gc finishes the job" {
	use_fake_smolvm
	smol_bottle demo 3
	mapfile -t r < <(refs)
	# What a gc killed after its drops leaves: files gone, lines still there.
	bb-smolmachines-drop "${r[0]}"
	bb-smolmachines-drop "${r[1]}"
	assert_not_exist "${r[0]}"
	[ "$(refs | wc -l)" -eq 3 ]
	run -0 --separate-stderr bb gc --keep 1 demo
	assert_output "$(printf 'Removed %s (bottle demo)\nRemoved %s (bottle demo)\nRemoved 2 snapshots.' "${r[0]}" "${r[1]}")"
	run -0 refs
	assert_output "${r[2]}"
}

@test "a failing log rewrite exits 111 after the drops; the next gc finishes" {
	use_fake_smolvm
	smol_bottle demo 2
	mapfile -t r < <(refs)
	[[ -x ${BB_FAULT_BUILD-}/bb-state-forget ]] || skip "no fault build (BB_FAULT_BUILD)"
	cp "$(log)" "$BATS_TEST_TMPDIR/log"
	BB_EXEC_PATH=$BB_FAULT_BUILD BB_FAULT=rename:1 run -111 --separate-stderr "$BB_FAULT_BUILD/bb-gc" --keep 1 demo
	assert_line -n 0 "Removed ${r[0]} (bottle demo)"
	[[ $stderr == *"bb-state-forget: fatal: unable to rename into place"* ]]
	cmp "$(log)" "$BATS_TEST_TMPDIR/log"
	assert_not_exist "${r[0]}"
	run -0 bash -c 'ls -A "$BB_HOME/state/demo" | grep "^\." || true'
	assert_output ""
	run -0 --separate-stderr bb gc --keep 1 demo
	assert_output "$(printf 'Removed %s (bottle demo)\nRemoved 1 snapshot.' "${r[0]}")"
	run -0 refs
	assert_output "${r[1]}"
}

@test "a backend with no drop program: exit 100 when there is something to drop, before anything goes" {
	use_fake_smolvm
	smol_bottle demo 2
	mkdir "$BATS_TEST_TMPDIR/exec"
	for p in "$BB_BUILD"/bb*; do
		[[ $p == */bb-smolmachines-drop ]] || ln -s "$p" "$BATS_TEST_TMPDIR/exec/"
	done
	snap_picture >"$BATS_TEST_TMPDIR/before"
	BB_EXEC_PATH=$BATS_TEST_TMPDIR/exec run -100 --separate-stderr bb gc --keep 1 demo
	assert_output ""
	[ "$stderr" = "bb-gc: fatal: backend smolmachines cannot drop" ]
	BB_EXEC_PATH=$BATS_TEST_TMPDIR/exec run -100 --separate-stderr bb gc --dry-run --keep 1 demo
	[ "$stderr" = "bb-gc: fatal: backend smolmachines cannot drop" ]
	snap_picture | cmp - "$BATS_TEST_TMPDIR/before"
	BB_EXEC_PATH=$BATS_TEST_TMPDIR/exec run -0 --separate-stderr bb gc --keep 2 demo
	assert_output "Nothing to remove."
}

@test "malformed lines of the log are not counted and are kept byte for byte" {
	use_fake_smolvm
	smol_bottle demo 2
	mapfile -t r < <(refs)
	printf 'not a line of the log\n' >>"$(log)"
	run -0 --separate-stderr bb gc --keep 1 demo
	assert_output "$(printf 'Removed %s (bottle demo)\nRemoved 1 snapshot.' "${r[0]}")"
	run -0 cat "$(log)"
	assert_line -n 1 "not a line of the log"
	[ "${#lines[@]}" -eq 2 ]
}

@test "BB_TRACE shows the chain: each drop, then one bb-state-forget" {
	use_fake_smolvm
	smol_bottle demo 3
	mapfile -t r < <(refs)
	BB_TRACE=1 run -0 --separate-stderr bb gc --keep 1 demo
	[[ $stderr == *"bb-gc: trace: run: bb-smolmachines-drop ${r[0]}"*"bb-gc: trace: run: bb-smolmachines-drop ${r[1]}"*"bb-gc: trace: run: bb-state-forget demo snapshots"* ]]
}

# ---------------------------------------------------------------- macos-container

@test "macos-container: --keep 1 deletes the older images; the committed one stays" {
	use_fake_container
	ctr_bottle demo 3
	mapfile -t r < <(refs)
	run -0 --separate-stderr bb gc --keep 1 demo
	assert_output "$(printf 'Removed %s (bottle demo)\nRemoved %s (bottle demo)\nRemoved 2 snapshots.' "${r[0]}" "${r[1]}")"
	for old in "${r[0]}" "${r[1]}"; do
		run -1 --separate-stderr container image inspect "$old"
		[[ $stderr == *"image not found"* ]]
	done
	run -0 container image inspect "${r[2]}"
	run -0 refs
	assert_output "${r[2]}"
	run -0 fake_calls
	assert_line "image delete ${r[0]}"
}

@test "macos-container: an older committed image survives; an image deleted by hand is no error" {
	use_fake_container
	ctr_bottle demo 3
	mapfile -t r < <(refs)
	printf '%s\n' "${r[0]}" | bb-state-write --old "${r[2]}" demo committed-image
	container image delete "${r[1]}" >/dev/null
	run -0 --separate-stderr bb gc --keep 0 demo
	assert_output "$(printf 'Removed %s (bottle demo)\nRemoved %s (bottle demo)\nRemoved 2 snapshots.' "${r[1]}" "${r[2]}")"
	run -0 container image inspect "${r[0]}"
	run -0 refs
	assert_output "${r[0]}"
}

@test "macos-container: --dry-run deletes nothing" {
	use_fake_container
	ctr_bottle demo 2
	mapfile -t r < <(refs)
	cp "$(log)" "$BATS_TEST_TMPDIR/log"
	: >"$FAKE_CONTAINER_STATE/calls"
	run -0 --separate-stderr bb gc --dry-run --keep 0 demo
	assert_output "$(printf 'Would remove %s (bottle demo)\nWould remove 1 snapshot.' "${r[0]}")"
	run -0 container image inspect "${r[0]}"
	cmp "$(log)" "$BATS_TEST_TMPDIR/log"
	run -0 fake_calls
	refute_line --partial "image delete"
}

@test "macos-container: a failing image delete exits 111 quoting container; image and log stay" {
	use_fake_container
	ctr_bottle demo 2
	mapfile -t r < <(refs)
	cp "$(log)" "$BATS_TEST_TMPDIR/log"
	FAKE_CONTAINER_FAIL="image delete" run -111 --separate-stderr bb gc --keep 1 demo
	assert_output ""
	[[ $stderr == *"bb-macos-container-drop: fatal: unable to delete the snapshot '${r[0]}': container: "* ]]
	[[ $stderr == *"bb-gc: error: unable to remove snapshot '${r[0]}' of bottle demo; it stays in the log"* ]]
	run -0 container image inspect "${r[0]}"
	cmp "$(log)" "$BATS_TEST_TMPDIR/log"
}

# ---------------------------------------------------------------- docker

@test "docker: --keep 1 untags the older images in the engine; the committed one stays" {
	require_docker
	docker_bottle demo 3
	mapfile -t r < <(refs)
	run -0 --separate-stderr bb gc --keep 1 demo
	assert_output "$(printf 'Removed %s (bottle demo)\nRemoved %s (bottle demo)\nRemoved 2 snapshots.' "${r[0]}" "${r[1]}")"
	[ -z "$stderr" ]
	for old in "${r[0]}" "${r[1]}"; do
		run -1 docker_t image inspect "$old"
	done
	run -0 docker_t image inspect "${r[2]}"
	run -0 refs
	assert_output "${r[2]}"
	# The bottle still resumes from what it committed.
	bb stop demo >/dev/null
	run -0 bb resume demo
}

@test "docker: an older committed image survives --keep 0" {
	require_docker
	docker_bottle demo 3
	mapfile -t r < <(refs)
	printf '%s\n' "${r[0]}" | bb-state-write --old "${r[2]}" demo committed-image
	run -0 --separate-stderr bb gc --keep 0 demo
	assert_output "$(printf 'Removed %s (bottle demo)\nRemoved %s (bottle demo)\nRemoved 2 snapshots.' "${r[1]}" "${r[2]}")"
	run -0 docker_t image inspect "${r[0]}"
	run -1 docker_t image inspect "${r[2]}"
	run -0 refs
	assert_output "${r[0]}"
}

@test "docker: --dry-run leaves images and log as they were" {
	require_docker
	docker_bottle demo 2
	mapfile -t r < <(refs)
	cp "$(log)" "$BATS_TEST_TMPDIR/log"
	run -0 --separate-stderr bb gc --dry-run --keep 0 demo
	assert_output "$(printf 'Would remove %s (bottle demo)\nWould remove 1 snapshot.' "${r[0]}")"
	run -0 docker_t image inspect "${r[0]}"
	cmp "$(log)" "$BATS_TEST_TMPDIR/log"
}

@test "docker: a snapshot a container still uses loses its tag; the container lives on" {
	require_docker
	docker_bottle demo 2
	mapfile -t r < <(refs)
	docker_t create --name "bbtest-gc-user-$$" "${r[0]}" true >/dev/null
	run -0 --separate-stderr bb gc --keep 1 demo
	assert_line -n 0 "Removed ${r[0]} (bottle demo)"
	run -1 docker_t image inspect "${r[0]}"
	run -0 docker_t container inspect "bbtest-gc-user-$$"
	docker_t rm -f "bbtest-gc-user-$$" >/dev/null
}

@test "docker: an unreachable engine exits 111; the log is untouched" {
	require_docker
	docker_bottle demo 2
	cp "$(log)" "$BATS_TEST_TMPDIR/log"
	DOCKER_HOST=unix://$BATS_TEST_TMPDIR/nowhere.sock run -111 --separate-stderr bb gc --keep 1 demo
	assert_output ""
	[[ $stderr == *"bb-docker-drop: fatal: "*"nowhere.sock"* ]]
	[[ $stderr == *"bb-gc: error: unable to remove snapshot"* ]]
	cmp "$(log)" "$BATS_TEST_TMPDIR/log"
}

@test "without a slug: bottles of all three backends in one run" {
	require_docker
	use_fake_smolvm
	use_fake_container
	docker_bottle dock 2
	ctr_bottle mac 2
	smol_bottle smol 2
	d=$(refs dock | head -n 1)
	m=$(refs mac | head -n 1)
	s=$(refs smol | head -n 1)
	run -0 --separate-stderr bb gc --keep 1
	assert_output "$(printf 'Removed %s (bottle dock)\nRemoved %s (bottle mac)\nRemoved %s (bottle smol)\nRemoved 3 snapshots.' "$d" "$m" "$s")"
	run -1 docker_t image inspect "$d"
	run -1 container image inspect "$m"
	assert_not_exist "$s"
}
