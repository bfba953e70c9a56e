#!/usr/bin/env bats
# make install: an installed tree works with no build tree around.

load test_helper

setup() {
	bb_setup
	top=$BATS_TEST_DIRNAME/..
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
