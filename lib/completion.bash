# shellcheck shell=bash
#
# bash completion for bb: commands, their options, slugs and backends.
# `make install` puts it where bash-completion finds it
# ($(prefix)/share/bash-completion/completions/bb); or source it by hand.
# zsh: autoload -U +X bashcompinit && bashcompinit, then source this file.
#
# Commands come from `bb --list-cmds`, options from each command's usage
# line (`bb <command> -h`), so the completion follows the installed bb.

# The slugs of this home's bottles: the folders of $BB_HOME/state.
__bb_slugs() {
	local home=${BB_HOME:-$HOME/.bot-bottle} d
	for d in "$home"/state/*/; do
		d=${d%/}
		d=${d##*/}
		[[ $d =~ ^[a-z0-9][a-z0-9-]*$ ]] && printf '%s\n' "$d"
	done
}

# The installed backends: bb-<b>-boot programs in the exec path.
__bb_backends() {
	local dir f
	dir=$(bb --exec-path 2>/dev/null) || return 0
	for f in "$dir"/bb-*-boot; do
		[[ -x $f ]] || continue
		f=${f##*/bb-}
		printf '%s\n' "${f%-boot}"
	done
}

# The options that a command's usage line names, and --help.
__bb_options() {
	local usage
	usage=$(bb "$1" -h 2>/dev/null) || return 0
	printf '%s\n' "$usage" | grep -oE -- '(^|[][ |])--?[a-zA-Z][a-zA-Z-]*' |
		sed 's/^[][ |]*//' | sort -u
	printf '%s\n' --help
}

# COMPREPLY from a list of words, one a line, that start with $cur.
__bb_reply() {
	local cur=$1 w
	shift
	COMPREPLY=()
	while IFS= read -r w; do
		[[ -n $w && $w == "$cur"* ]] && COMPREPLY+=("$w")
	done <<<"$1"
}

_bb() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local i cmd='' cmd_at=0

	for ((i = 1; i < COMP_CWORD; i++)); do
		[[ ${COMP_WORDS[i]} == -* ]] && continue
		cmd=${COMP_WORDS[i]} cmd_at=$i
		break
	done
	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			__bb_reply "$cur" $'--exec-path\n--version\n--help'
		else
			__bb_reply "$cur" "$(bb --list-cmds=porcelain 2>/dev/null)"$'\nhelp'
		fi
		return 0
	fi
	# After "--" come the bottle's own command and arguments.
	for ((i = cmd_at + 1; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} == -- ]]; then
			COMPREPLY=()
			compopt -o default 2>/dev/null
			return 0
		fi
	done
	case $cmd in
	help)
		__bb_reply "$cur" "$(bb --list-cmds=porcelain 2>/dev/null)"
		return 0
		;;
	esac
	case $prev in
	--backend)
		__bb_reply "$cur" "$(__bb_backends)"
		return 0
		;;
	--image | -m | --message | -e | -w | --keep | --at | -t | --old)
		COMPREPLY=() # a value only the user knows
		return 0
		;;
	esac
	if [[ $cur == -* ]]; then
		__bb_reply "$cur" "$(__bb_options "$cmd")"
	elif [[ $cmd == launch ]]; then
		COMPREPLY=() # a new bottle's name
	elif [[ $cmd == state-read || $cmd == state-write ]] && [[ $prev != "$cmd" && $prev != -* ]]; then
		__bb_reply "$cur" $'metadata.json\ncommitted-image\npreserved\nsnapshots\npushed'
	else
		__bb_reply "$cur" "$(__bb_slugs)"
	fi
	return 0
}

complete -F _bb bb
