#!/usr/bin/env bats
# bash completion (lib/completion.bash): commands, options, slugs, backends.

load test_helper

setup() {
	bb_setup
	# shellcheck source=lib/completion.bash
	source "$BATS_TEST_DIRNAME/../lib/completion.bash"
	for s in api web web-2; do
		mkdir -p "$BB_HOME/state/$s"
	done
	mkdir -p "$BB_HOME/state/Not_A_Slug"
}

# complete WORDS...: what _bb offers for the last word, sorted, one a line.
complete_words() {
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_bb
	printf '%s\n' "${COMPREPLY[@]}" | sort
}

@test "bb registers _bb for bb" {
	run -0 complete -p bb
	assert_output "complete -F _bb bb"
}

@test "the first word: the porcelain commands and help, from bb --list-cmds" {
	run -0 complete_words bb ''
	assert_output "$( (bb --list-cmds=porcelain; echo help) | sort)"
	assert_line commit
	assert_line log
	refute_line bb-state-read
	run -0 complete_words bb co
	assert_output commit
	run -0 complete_words bb l
	assert_output $'launch\nlog\nls'
}

@test "the dispatcher's own options" {
	run -0 complete_words bb --
	assert_output $'--exec-path\n--help\n--version'
	run -0 complete_words bb --v
	assert_output --version
}

@test "a command's options come from its usage line" {
	run -0 complete_words bb commit --
	assert_output $'--help\n--no-pause\n--no-wait\n--yes'
	run -0 complete_words bb commit -
	assert_line -m
	assert_line -y
	assert_line --yes
	run -0 complete_words bb resume --a
	assert_output --at
	run -0 complete_words bb log --
	assert_output $'--help\n--json'
}

@test "slugs are the folders of \$BB_HOME/state that are slugs" {
	run -0 complete_words bb commit ''
	assert_output $'api\nweb\nweb-2'
	run -0 complete_words bb resume --at 2 w
	assert_output $'web\nweb-2'
	run -0 complete_words bb stop --no-wait a
	assert_output api
	# A new bottle's name is the user's to choose.
	run -0 complete_words bb launch ''
	assert_output ""
}

@test "no BB_HOME: ~/.bot-bottle; no state folder: nothing" {
	mkdir -p "$HOME/.bot-bottle/state/home-one"
	BB_HOME='' run -0 complete_words bb ls ''
	assert_output home-one
	BB_HOME=$BATS_TEST_TMPDIR/none run -0 complete_words bb stop ''
	assert_output ""
}

@test "--backend offers the installed backends" {
	run -0 complete_words bb launch demo --backend ''
	assert_output $'docker\nmacos-container\nsmolmachines'
	run -0 complete_words bb launch demo --backend sm
	assert_output smolmachines
}

@test "values only the user knows get nothing" {
	for opt in --image -m -e -w --at --keep; do
		run -0 complete_words bb commit "$opt" ''
		assert_output ""
	done
}

@test "after -- it is the bottle's command: nothing of bb's" {
	run -0 complete_words bb launch demo --backend docker --image x -- ''
	assert_output ""
	run -0 complete_words bb launch demo -- --
	assert_output ""
}

@test "help completes commands; plumbing through the dispatcher gets slugs, then keys" {
	run -0 complete_words bb help re
	assert_output resume
	run -0 complete_words bb state-read ''
	assert_output $'api\nweb\nweb-2'
	run -0 complete_words bb state-read web c
	assert_output committed-image
	run -0 complete_words bb state-write --old x web ''
	assert_output $'committed-image\nmetadata.json\npreserved\npushed\nsnapshots'
}

@test "bb --list-cmds: one command a line, by group; unknown groups are 100" {
	run -0 --separate-stderr bb --list-cmds=porcelain
	assert_line commit
	refute_line --partial bb-
	run -0 --separate-stderr bb --list-cmds=plumbing,backend
	assert_line bb-state-read
	assert_line bb-docker-boot
	refute_line commit
	run -100 --separate-stderr bb --list-cmds=porcelain,nosuch
	assert_output ""
	assert_equal "$stderr" "bb: fatal: --list-cmds: unknown group 'nosuch' (porcelain, plumbing or backend)"
	run -100 --separate-stderr bb --list-cmds=
	assert_equal "$stderr" "bb: fatal: --list-cmds: unknown group '' (porcelain, plumbing or backend)"
}
