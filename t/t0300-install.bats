#!/usr/bin/env bats
# make install: an installed tree works with no build tree around.

load test_helper

setup() {
	bb_setup
	top=$BATS_TEST_DIRNAME/..
}

teardown() {
	docker_cleanup_home
}

@test "make install DESTDIR=... gives a tree that finds its programs and pages" {
	dest=$BATS_TEST_TMPDIR/dest
	run -0 make -s -C "$top" install DESTDIR="$dest" prefix=/opt/bbtest
	assert_file_executable "$dest/opt/bbtest/bin/bb"
	assert_file_executable "$dest/opt/bbtest/libexec/bb/bb-state-read"
	assert_not_exist "$dest/opt/bbtest/libexec/bb/bb"
	assert_file_exist "$dest/opt/bbtest/share/man/man1/bb.1"
	assert_file_exist "$dest/opt/bbtest/share/man/man1/bb-state-read.1"
	assert_file_exist "$dest/opt/bbtest/share/bash-completion/completions/bb"

	# Moved elsewhere: the installed bb finds ../libexec/bb, not the build tree.
	mv "$dest/opt/bbtest" "$BATS_TEST_TMPDIR/moved"
	inst=$BATS_TEST_TMPDIR/moved
	PATH=/usr/bin:/bin run -0 --separate-stderr "$inst/bin/bb" --exec-path
	assert_output "$inst/libexec/bb"
	PATH=/usr/bin:/bin run -0 --separate-stderr "$inst/bin/bb" state-write demo metadata.json \
		<<<'{"version":1,"slug":"demo","backend":"docker","image":"x"}'
	PATH=/usr/bin:/bin run -0 --separate-stderr "$inst/bin/bb" state-write demo committed-image <<<"ref:1"
	PATH=/usr/bin:/bin run -0 --separate-stderr "$inst/bin/bb" state-read demo committed-image
	assert_output "ref:1"
	PATH=/usr/bin:/bin MANPAGER=/bin/cat run -0 --separate-stderr "$inst/bin/bb" help state-read
	assert_line --partial "bb-state-read - print a state file of a bottle"
	# The installed completion works with the installed bb alone.
	run -0 env PATH="$inst/bin:/usr/bin:/bin" bash -c '
		source "$1/share/bash-completion/completions/bb"
		COMP_WORDS=(bb lo) COMP_CWORD=1
		_bb
		printf "%s\n" "${COMPREPLY[@]}"' _ "$inst"
	assert_output "log"

	run -0 make -s -C "$top" uninstall DESTDIR="$dest" prefix=/opt/bbtest
}

@test "make uninstall removes what make install put there" {
	dest=$BATS_TEST_TMPDIR/dest
	make -s -C "$top" install DESTDIR="$dest" prefix=/usr
	make -s -C "$top" uninstall DESTDIR="$dest" prefix=/usr
	run find "$dest" -type f
	assert_output ""
}

@test "an installed tree alone runs the docker round trip: launch, commit, stop, resume, log" {
	require_docker
	dest=$BATS_TEST_TMPDIR/dest
	make -s -C "$top" install DESTDIR="$dest" prefix=/opt/bb
	inst=$dest/opt/bb
	# No build tree anywhere: not on PATH, not in the environment.
	export PATH="$inst/bin:/usr/bin:/bin"
	unset BB_BUILD
	run -0 --separate-stderr bb --exec-path
	assert_output "$inst/libexec/bb"
	run -0 --separate-stderr bb launch demo --backend docker --image "$BB_TEST_IMAGE" -- "${bottle_cmd[@]}"
	assert_output "Launched bottle demo (docker, from $BB_TEST_IMAGE)."
	docker_t exec bot-bottle-demo sh -c 'echo installed >/root/note'
	run -0 --separate-stderr bb commit -m "from the installed tree" demo
	ref=$(cat "$BB_HOME/state/demo/committed-image")
	assert_line -n 0 "Committed bottle demo as $ref."
	run -0 --separate-stderr bb stop demo
	run -0 --separate-stderr bb resume demo
	assert_output "Resumed bottle demo from $ref."
	run -0 docker_t exec bot-bottle-demo cat /root/note
	assert_output installed
	run -0 --separate-stderr bb log demo
	assert_line -n 1 --regexp "^\* 1  .*  $ref  -  *from the installed tree$"
	bb stop demo >/dev/null
}
