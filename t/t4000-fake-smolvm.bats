#!/usr/bin/env bats
# t/fakes/smolvm, the test double of the smolvm CLI: it must honour the
# contract in shared/reference/smolvm.md, since the smolmachines tests trust it.

load test_helper

setup() {
	bb_setup
	unset FAKE_SMOLVM_VERSION FAKE_SMOLVM_FAIL FAKE_SMOLVM_FAIL_MESSAGE FAKE_SMOLVM_PARTIAL \
		FAKE_SMOLVM_PACK_DELAY FAKE_SMOLVM_BASE_ROOTFS FAKE_SMOLVM_ARCH SMOLVM_MACHINE_NAME
	export SMOLVM_DATA_DIR=$BATS_TEST_TMPDIR/smolvm
	mkdir -p "$SMOLVM_DATA_DIR"
	PATH="$BATS_TEST_DIRNAME/fakes:$PATH"
}

# A started, then stopped machine NAME with /root/file in its disk.
stopped_machine() {
	smolvm machine create --name "$1" --image alpine >/dev/null
	smolvm machine start --name "$1" >/dev/null 2>&1
	smolvm machine exec --name "$1" -- sh -c 'echo "$1" >"$FAKE_ROOTFS/root/file"' _ "${2:-hello}"
	smolvm machine stop --name "$1" >/dev/null
}

pid_of() { smolvm machine status --name "$1" --json | jq -r .pid; }

@test "--version prints the version the test chooses" {
	run -0 --separate-stderr smolvm --version
	assert_output "smolvm 1.23.7"
	[ -z "$stderr" ]
	FAKE_SMOLVM_VERSION=1.9.3 run -0 --separate-stderr smolvm -V
	assert_output "smolvm 1.9.3"
}

@test "create, start, status, stop: exact output, stdout apart from stderr" {
	run -0 --separate-stderr smolvm machine create --name bot-bottle-demo --image alpine -p 8080:80 --init 'true'
	assert_output "$(printf '%s\n' 'Created machine: bot-bottle-demo' '  CPUs: 4, Memory: 8192 MiB' \
		'  Ports: 1' '  Init commands: 1' '' \
		"Use 'smolvm machine start --name bot-bottle-demo' to start the machine" \
		"Then use 'smolvm machine exec --name bot-bottle-demo -- <command>' to run commands")"
	[ -z "$stderr" ]
	run -0 --separate-stderr smolvm machine status --name bot-bottle-demo
	assert_output "Machine 'bot-bottle-demo': created"

	run -0 --separate-stderr smolvm machine start --name bot-bottle-demo
	[ "${stderr_lines[0]}" = "Starting machine 'bot-bottle-demo' and 1 port mapping(s)..." ]
	[ "${stderr_lines[1]}" = "Pulling alpine..." ]
	pid=$(pid_of bot-bottle-demo)
	[[ $pid =~ ^[0-9]+$ ]]
	assert_output "$(printf '%s\n' 'Running 1 init command(s)...' "Machine 'bot-bottle-demo' running (PID: $pid)")"
	run -0 --separate-stderr smolvm machine start --name bot-bottle-demo
	assert_output "Machine 'bot-bottle-demo' already running (PID: $pid)"
	[ -z "$stderr" ]
	run -0 --separate-stderr smolvm machine status --name bot-bottle-demo
	assert_output "Machine 'bot-bottle-demo': running (PID: $pid)"

	run -0 --separate-stderr smolvm machine stop --name bot-bottle-demo
	assert_output "$(printf '%s\n' "Stopping machine 'bot-bottle-demo'..." 'Stopped machine: bot-bottle-demo')"
	[ -z "$stderr" ]
	run -0 --separate-stderr smolvm machine stop --name bot-bottle-demo
	assert_output "Machine 'bot-bottle-demo' is not running (state: stopped)"
	run -0 --separate-stderr smolvm vm status -n bot-bottle-demo
	assert_output "Machine 'bot-bottle-demo': stopped"
	# a second start pulls nothing
	run -0 --separate-stderr smolvm machine start --name bot-bottle-demo
	[ "$stderr" = "Starting machine 'bot-bottle-demo' and 1 port mapping(s)..." ]
}

@test "unknown machines: vm not found, exit 1, nothing on stdout" {
	for verb in start stop status 'delete --force' data-dir; do
		# shellcheck disable=SC2086
		run -1 --separate-stderr smolvm machine $verb --name ghost
		assert_output ""
		[ "$stderr" = "Error: vm not found: ghost" ]
	done
	run -1 --separate-stderr smolvm machine exec --name ghost -- true
	[ "$stderr" = "Error: vm not found: ghost" ]
	run -1 --separate-stderr smolvm machine status --name ghost --json
	assert_output ""
	[ "$stderr" = "Error: config operation failed: machine status: machine 'ghost' not found" ]
	# no --name and no `default`
	run -0 --separate-stderr smolvm machine status
	assert_output "Machine 'default': not running"
}

@test "status --json: 2-space pretty, keys sorted, the contract's keys" {
	smolvm machine create --name web --image alpine --net --cpus 2 --mem 1024 --label bot-bottle.slug=web \
		-- sleep 1 >/dev/null
	run -0 --separate-stderr smolvm machine status --name web --json
	assert_line -n 0 "{"
	assert_line -n 1 '  "cmd": ['
	assert_line -n 2 '    "sleep",'
	assert_line '  "state": "created",'
	assert_line '  "storage_gb": null'
	assert_line '    "bot-bottle.slug": "web"'
	run -0 jq -r 'keys == (keys | sort)' <<<"$output"
	run -0 --separate-stderr smolvm machine status --name web --json
	run -0 jq -c '{cmd, cpus, entrypoint, ephemeral, gpu, image, labels, memory_mib, mounts, name,
		network, overlay_gb, pid, ports, restart_policy, state, storage_gb,
		created: (.created_at | type)}' <<<"$output"
	assert_output '{"cmd":["sleep","1"],"cpus":2,"entrypoint":[],"ephemeral":false,"gpu":false,"image":"alpine","labels":{"bot-bottle.slug":"web"},"memory_mib":1024,"mounts":0,"name":"web","network":true,"overlay_gb":null,"pid":null,"ports":0,"restart_policy":"never","state":"created","storage_gb":null,"created":"number"}'
	smolvm machine start --name web >/dev/null 2>&1
	run -0 jq -r '"\(.state) \(.pid | type)"' < <(smolvm machine status --name web --json)
	assert_output "running number"
}

@test "ls: empty, table, -v, --json; -q from 1.10.0 only" {
	run -0 --separate-stderr smolvm machine ls
	assert_output "No machines found"
	run -0 --separate-stderr smolvm machine list --json
	assert_output "[]"

	smolvm machine create --name zeta --image alpine --storage 30 >/dev/null
	smolvm machine create --name alpha --image alpine -e K=V --net >/dev/null
	smolvm machine start --name alpha >/dev/null 2>&1
	pid=$(pid_of alpha)
	run -0 --separate-stderr smolvm machine ls
	assert_line -n 0 "NAME                 STATE         CPUS     MEMORY  MOUNTS   PORTS  STORAGE  OVERLAY"
	assert_line -n 1 "$(printf -- '-%.0s' {1..88})"
	assert_line -n 2 "alpha                running          4   8192 MiB       0       0   20 GiB   10 GiB"
	assert_line -n 3 "zeta                 created          4   8192 MiB       0       0   30 GiB   10 GiB"
	[ "${#lines[@]}" -eq 4 ]
	run -0 --separate-stderr smolvm machine ls -v
	assert_line -n 3 "  PID: $pid"
	assert_line -n 4 "  Network: enabled"
	assert_line -n 5 "  Env: K=V"
	assert_line -n 6 --regexp '^  Created: [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\+00:00$'
	run -0 --separate-stderr smolvm machine ls --json
	assert_line -n 0 "["
	assert_line -n 1 "  {"
	run -0 jq -c 'map([.name, .state, .storage_gb])' <<<"$output"
	assert_output '[["alpha","running",null],["zeta","created",30]]'

	run -0 --separate-stderr smolvm machine ls -q
	assert_output "$(printf 'alpha\nzeta')"
	run -2 --separate-stderr smolvm machine ls -q -v
	[[ ${stderr_lines[0]} == "error: the argument '--quiet' cannot be used with '--verbose'" ]]
	FAKE_SMOLVM_VERSION=1.9.3 run -2 --separate-stderr smolvm machine ls -q
	assert_output ""
	[ "${stderr_lines[0]}" = "error: unexpected argument '-q' found" ]
}

@test "ls: names over 18 characters are cut before 1.10.0" {
	smolvm machine create --name bot-bottle-a-long-slug --image alpine >/dev/null
	FAKE_SMOLVM_VERSION=1.9.3 run -0 --separate-stderr smolvm machine ls
	assert_line -n 2 --regexp '^bot-bottle-a-lo\.\.\. +created '
	run -0 --separate-stderr smolvm machine ls
	assert_line -n 2 --regexp '^bot-bottle-a-long-slug created '
}

@test "create: taken names, name rules, usage errors, auto names" {
	smolvm machine create --name web --image alpine >/dev/null
	run -1 --separate-stderr smolvm machine create --name web --image alpine
	assert_output ""
	[ "$stderr" = "Error: config operation failed: create machine: machine 'web' already exists or is being created" ]
	run -1 --separate-stderr smolvm machine create --name 'a--b'
	[ "$stderr" = "Error: config operation failed: create machine: machine name cannot contain consecutive hyphens" ]
	run -1 --separate-stderr smolvm machine create --name 'web-'
	[ "$stderr" = 'Error: config operation failed: create machine: machine name cannot end with a hyphen (got: "web-")' ]
	run -1 --separate-stderr smolvm machine create --name=_web
	[ "$stderr" = 'Error: config operation failed: create machine: machine name must start with a letter or digit (got: "_web")' ]
	run -1 --separate-stderr smolvm machine create --name 'a.b'
	[ "$stderr" = "Error: config operation failed: create machine: machine name contains invalid character: '.'" ]
	run -1 --separate-stderr smolvm machine create --name 'a/b'
	[ "$stderr" = "Error: config operation failed: create machine: machine name cannot contain path separators" ]
	run -1 --separate-stderr smolvm machine create --name "$(printf 'a%.0s' {1..129})"
	[ "$stderr" = "Error: config operation failed: create machine: machine name too long: 129 characters (max 128)" ]

	# the name is a flag, never a positional
	run -2 --separate-stderr smolvm machine create myvm
	assert_output ""
	[ "$stderr" = "error: unexpected argument 'myvm' found

Usage: smolvm machine create [OPTIONS] [-- <COMMAND>...]

For more information, try '--help'." ]
	run -2 --separate-stderr smolvm machine create --name
	[ "${stderr_lines[0]}" = "error: a value is required for '--name <NAME>' but none was supplied" ]
	run -2 --separate-stderr smolvm machine create --image alpine --from x.smolmachine
	[ "${stderr_lines[0]}" = "error: the argument '--from <PATH>' cannot be used with '--image <IMAGE>'" ]
	run -2 --separate-stderr smolvm machine create --cpus many
	[ "${stderr_lines[0]}" = "error: invalid value 'many' for '--cpus <N>': invalid digit found in string" ]

	run -0 --separate-stderr smolvm machine create --image alpine
	assert_line -n 0 --regexp '^Created machine: vm-[0-9a-f]{8}$'
	run -0 smolvm machine ls -q
	assert_line --regexp '^vm-[0-9a-f]{8}$'
}

@test "create: a registry image without network is refused through 1.22.x" {
	FAKE_SMOLVM_VERSION=1.22.2 run -1 --separate-stderr smolvm machine create --name web --image alpine:3
	assert_output ""
	[ "$stderr" = "Error: config operation failed: create machine: image 'alpine:3' must be pulled from a registry, but this machine has no network, so the pull can never succeed. Add --net (or publish a port with -p, or set an egress policy with --allow-cidr/--allow-host). To keep the machine network-isolated, supply the image locally instead: \`docker save alpine:3 | smolvm machine create --image - ...\`" ]
	run -1 smolvm machine status --name web
	FAKE_SMOLVM_VERSION=1.22.2 run -0 smolvm machine create --name web --image alpine:3 --net
	FAKE_SMOLVM_VERSION=1.22.2 run -0 smolvm machine create --name web2 --image alpine:3 -p 8080:80
	FAKE_SMOLVM_VERSION=1.23.0 run -0 smolvm machine create --name web3 --image alpine:3
	# a local image needs no network; stdin is hashed
	FAKE_SMOLVM_VERSION=1.22.2 run -0 smolvm machine create --name loc --image - <<<"tarball"
	run -0 jq -r .image < <(smolvm machine status --name loc --json)
	assert_output "local:$(sha256sum <<<"tarball" | cut -d' ' -f1)"
}

@test "exec runs on the host in the rootfs, passing output and exit codes" {
	smolvm machine create --name web --image alpine -e FROM_MACHINE=1 >/dev/null
	run -1 --separate-stderr smolvm machine exec --name web -- true
	assert_output ""
	[ "$stderr" = "Error: agent operation failed: connect: machine 'web' is not running. Use 'smolvm machine start --name web' first." ]
	smolvm machine start --name web >/dev/null 2>&1
	rootfs=$(cd "$SMOLVM_DATA_DIR" && pwd -P)/machines/web/rootfs

	run -0 --separate-stderr smolvm machine exec --name web -e K=V -- sh -c 'pwd; echo "$K $FROM_MACHINE $FAKE_SMOLVM_MACHINE"; echo oops >&2'
	assert_output "$(printf '%s\n' "$rootfs" 'V 1 web')"
	[ "$stderr" = oops ]
	run -0 --separate-stderr smolvm machine exec --name web sh -c 'echo hi >"$FAKE_ROOTFS/root/f"'
	run -0 cat "$rootfs/root/f"
	assert_output hi
	run -7 smolvm machine exec --name web -- sh -c 'exit 7'
	# stdin reaches the command only with -i
	run -0 smolvm machine exec --name web -- cat <<<"typed"
	assert_output ""
	run -0 smolvm machine exec --name web -i -- cat <<<"typed"
	assert_output typed

	run -2 --separate-stderr smolvm machine exec --name web
	[ "${stderr_lines[0]}" = "error: the following required arguments were not provided:" ]
	[ "${stderr_lines[1]}" = "  <COMMAND>..." ]
	run -2 --separate-stderr smolvm machine exec -n web -- true
	[ "${stderr_lines[0]}" = "error: unexpected argument '-n' found" ]
}

@test "delete --force: stops, cleans up, deletes; without --force by version" {
	smolvm machine create --name web --image alpine >/dev/null
	run -0 --separate-stderr smolvm machine delete --name web --force
	assert_output "Deleted machine: web"
	[ -z "$stderr" ]
	smolvm machine create --name web --image alpine >/dev/null
	smolvm machine start --name web >/dev/null 2>&1
	dd=$(smolvm machine data-dir --name web)
	assert_dir_exist "$dd"
	run -0 --separate-stderr smolvm machine rm -f --name web
	assert_output "$(printf '%s\n' "Stopping machine 'web'..." 'Cleaning up data directory for vm: web' 'Deleted machine: web')"
	assert_not_exist "$dd"
	run -0 smolvm machine ls
	assert_output "No machines found"

	run -2 --separate-stderr smolvm machine delete --force
	[ "${stderr_lines[0]}" = "error: the following required arguments were not provided:" ]
	[ "${stderr_lines[1]}" = "  --name <NAME>" ]

	stopped_machine keep
	run -1 --separate-stderr smolvm machine delete --name keep </dev/null
	assert_output ""
	[ "$stderr" = "Delete machine 'keep'? [y/N] Error: agent operation failed: delete: machine 'keep' needs confirmation but stdin is not a terminal; pass --force to delete it, or --cascade to delete it with its branches" ]
	FAKE_SMOLVM_VERSION=1.16.1 run -0 --separate-stderr smolvm machine delete --name keep <<<"n"
	assert_output "Cancelled"
	[ "$stderr" = "Delete machine 'keep'? [y/N]" ]	# bats trims the trailing blank
	run -0 smolvm machine status --name keep
	FAKE_SMOLVM_VERSION=1.16.1 run -0 --separate-stderr smolvm machine delete --name keep <<<"yes"
	assert_output "$(printf '%s\n' 'Cleaning up data directory for vm: keep' 'Deleted machine: keep')"
}

@test "data-dir: <root>/.cache/smolvm/vms/<first 16 hex digits of sha256(name)>" {
	smolvm machine create --name myvm --image alpine >/dev/null
	run -0 --separate-stderr smolvm machine data-dir --name myvm
	assert_output "$(cd "$SMOLVM_DATA_DIR" && pwd -P)/.cache/smolvm/vms/c3ea52707db9769e"
}

@test "start and status without --name use the default machine; SMOLVM_MACHINE_NAME from 1.10.0" {
	run -0 --separate-stderr smolvm machine start
	[ "$stderr" = "Starting machine 'default'..." ]
	assert_output --regexp "^Machine 'default' running \(PID: [0-9]+\)$"
	run -0 --separate-stderr smolvm machine status
	assert_output --regexp "^Machine 'default': running \(PID: [0-9]+\)$"
	smolvm machine create --name envvm --image alpine >/dev/null
	SMOLVM_MACHINE_NAME=envvm run -0 --separate-stderr smolvm machine status
	assert_output "Machine 'envvm': created"
	SMOLVM_MACHINE_NAME=envvm FAKE_SMOLVM_VERSION=1.9.3 run -0 --separate-stderr smolvm machine status
	assert_output --regexp "^Machine 'default': running"
}

@test "init commands run at start; a failing one stops the start" {
	smolvm machine create --name web --image alpine --init 'echo ran >"$FAKE_ROOTFS/tmp/init"' >/dev/null
	smolvm machine start --name web >/dev/null 2>&1
	run -0 cat "$SMOLVM_DATA_DIR/machines/web/rootfs/tmp/init"
	assert_output ran
	smolvm machine create --name bad --image alpine --init 'echo nope >&2; exit 3' >/dev/null
	run -1 --separate-stderr smolvm machine start --name bad
	assert_output "Running 1 init command(s)..."
	[ "${stderr_lines[2]}" = "Error: agent operation failed: init: init[0] failed (exit 3): nope" ]
	run -0 smolvm machine status --name bad
	assert_output "Machine 'bad': stopped"
}

@test "pack create --from-vm writes OUT (0755) and OUT.smolmachine ending in the SMOLPACK footer" {
	stopped_machine bot-bottle-demo
	out=$BATS_TEST_TMPDIR/snaps/snap
	mkdir -p "${out%/*}"
	run -0 --separate-stderr smolvm pack create --from-vm bot-bottle-demo -o "$out"
	[ -z "$stderr" ]
	assert_line -n 0 "Packing VM 'bot-bottle-demo' snapshot..."
	assert_line -n 1 "Collecting runtime libraries..."
	assert_line -n 2 "Collecting agent rootfs..."
	assert_line -n 3 "Creating storage template..."
	assert_line -n 4 "Starting agent VM to export machine state..."
	assert_line -n 5 "Assembling packed binary done"
	assert_line -n 6 --regexp "^Packed: $out \(stub: [0-9]+KB, total: [0-9]+KB\)$"
	assert_line -n 7 --regexp "^Assets: $out\.smolmachine \([0-9]+KB compressed\)$"
	assert_line -n 8 "Run with: $out"
	assert_line -n 9 "Note: Keep the .smolmachine file alongside the binary"
	assert_line -n 10 "Options: --help for usage"
	[ "${#lines[@]}" -eq 11 ]
	[[ $output == *$'KB compressed)\n\nRun with: '* ]]

	assert_file_executable "$out"
	run -0 stat -c %a "$out" "$out.smolmachine"
	assert_output "$(printf '755\n644')"
	run -0 bash -c 'tail -c 64 "$1" | head -c 8' _ "$out.smolmachine"
	assert_output SMOLPACK
	size=$(stat -c %s "$out.smolmachine")
	run -0 od -An -j $((size - 56)) -N 4 -t u4 --endian=little "$out.smolmachine"
	[ "${output// /}" = 3 ]
	# the source is untouched and stays stopped
	run -0 smolvm machine status --name bot-bottle-demo
	assert_output "Machine 'bot-bottle-demo': stopped"

	run -0 --separate-stderr smolvm pack run --sidecar "$out.smolmachine" --info
	assert_line -n 0 "Mode:       container"
	assert_line -n 1 "Image:      alpine"
	assert_line -n 2 "Digest:     none"
	assert_line -n 3 --regexp '^Platform:   linux/(amd64|arm64)$'
	assert_line -n 4 "CPUs:       4"
	assert_line -n 5 "Memory:     8192 MiB"
	assert_line --regexp '^Checksum:   [0-9a-f]{8}$'
}

@test "pack create refuses: a .smolmachine output, a running VM, a never-started VM, an unknown VM" {
	smolvm machine create --name web --image alpine >/dev/null
	cd "$BATS_TEST_TMPDIR"
	run -1 --separate-stderr smolvm pack create --from-vm web --output snap.smolmachine
	assert_output ""
	[ "$stderr" = "Error: config operation failed: pack create: --output names the executable stub, not the .smolmachine sidecar (which is created automatically as '<output>.smolmachine'). Use --output snap instead." ]
	run -1 --separate-stderr smolvm pack create --from-vm web -o snap.SMOLMACHINE
	[[ $stderr == *"Use --output snap instead." ]]

	run -1 --separate-stderr smolvm pack create --from-vm web -o snap
	assert_output ""
	[ "$stderr" = "Error: agent operation failed: pack from VM: machine 'web' has no storage disk yet ($(smolvm machine data-dir --name web)/storage.raw) — it has never been started. Start it once so its state exists, or pack the image directly with \`pack create -I <image>\`." ]

	smolvm machine start --name web >/dev/null 2>&1
	run -1 --separate-stderr smolvm pack create --from-vm web -o snap
	assert_output ""
	[ "$stderr" = "Error: agent operation failed: pack from VM: VM 'web' is running. Stop it first with: smolvm machine stop --name web" ]
	run -0 smolvm machine status --name web --json
	run -0 jq -r .state <<<"$output"
	assert_output running

	run -1 --separate-stderr smolvm pack create --from-vm ghost -o snap
	[ "$stderr" = "Error: agent operation failed: pack from VM: VM 'ghost' not found" ]
	assert_not_exist snap
	assert_not_exist snap.smolmachine
}

@test "pack create: missing -o, both or neither of --image/--from-vm are usage errors (exit 2)" {
	run -2 --separate-stderr smolvm pack create --from-vm web
	assert_output ""
	[ "$stderr" = "error: the following required arguments were not provided:
  --output <PATH>

Usage: smolvm pack create [OPTIONS] --output <PATH> <--image <IMAGE>|--from-vm <VM_NAME>|--smolfile <PATH>>

For more information, try '--help'." ]
	run -2 --separate-stderr smolvm pack create --image alpine --from-vm web -o snap
	[ "${stderr_lines[0]}" = "error: the argument '--image <IMAGE>' cannot be used with '--from-vm <VM_NAME>'" ]
	run -2 --separate-stderr smolvm pack create -o snap
	[ "${stderr_lines[1]}" = "  --image <IMAGE>" ]
	run -2 --separate-stderr smolvm pack create alpine -o snap
	[ "${stderr_lines[0]}" = "error: unexpected argument 'alpine' found" ]
}

@test "create --from the artifact restores the disk as it was at pack time" {
	stopped_machine src before
	smolvm machine start --name src >/dev/null 2>&1
	smolvm machine exec --name src -- sh -c 'mkdir -p "$FAKE_ROOTFS/workspace" && echo ws >"$FAKE_ROOTFS/workspace/w"'
	smolvm machine stop --name src >/dev/null
	out=$BATS_TEST_TMPDIR/snap
	smolvm pack create --from-vm src -o "$out" --cpus 2 >/dev/null
	smolvm machine start --name src >/dev/null 2>&1
	smolvm machine exec --name src -- sh -c 'echo after >"$FAKE_ROOTFS/root/file"'

	run -0 --separate-stderr smolvm machine create --name copy --from "$out.smolmachine"
	assert_line -n 0 "Extracting .smolmachine assets..."
	assert_line -n 1 "Created machine: copy"
	assert_line -n 2 "  CPUs: 2, Memory: 8192 MiB"
	run -0 jq -c '{image, cpus, entrypoint, state}' < <(smolvm machine status --name copy --json)
	assert_output '{"image":"alpine","cpus":2,"entrypoint":["/bin/sh"],"state":"created"}'
	run -0 jq -r .from "$SMOLVM_DATA_DIR/machines/copy/record.json"
	assert_output "$out.smolmachine"
	smolvm machine start --name copy >/dev/null 2>&1
	run -0 --separate-stderr smolvm machine exec --name copy -- cat root/file
	assert_output before
	# /workspace lives on the storage disk: packed only with --include-workspace
	run -1 smolvm machine exec --name copy -- test -e workspace/w
	smolvm machine stop --name src >/dev/null
	smolvm pack create --from-vm src -o "$out-ws" --include-workspace >/dev/null
	smolvm machine create --name copy2 --from "$out-ws.smolmachine" >/dev/null
	run -0 cat "$SMOLVM_DATA_DIR/machines/copy2/rootfs/workspace/w"
	assert_output ws

	run -1 --separate-stderr smolvm machine create --name nope --from "$BATS_TEST_TMPDIR/missing.smolmachine"
	assert_output ""
	[ "$stderr" = "Error: config operation failed: create from .smolmachine: file not found: $BATS_TEST_TMPDIR/missing.smolmachine" ]
	# a machine whose artifact went away cannot start
	rm "$out.smolmachine"
	smolvm machine stop --name copy >/dev/null
	run -1 --separate-stderr smolvm machine start --name copy
	[ "${stderr_lines[0]}" = "Error: agent operation failed: start machine: source .smolmachine not found: $out.smolmachine" ]
}

@test "pack create --image, pack run, --single-file and the stub" {
	mkdir -p "$BATS_TEST_TMPDIR/base/bin"
	echo base >"$BATS_TEST_TMPDIR/base/bin/marker"
	export FAKE_SMOLVM_BASE_ROOTFS=$BATS_TEST_TMPDIR/base
	out=$BATS_TEST_TMPDIR/img
	run -0 --separate-stderr smolvm pack create --image alpine:3 -o "$out" --mem 1024
	assert_line -n 0 "Starting agent VM..."
	assert_line "Assembling packed binary done"
	run -0 --separate-stderr smolvm pack run --sidecar "$out.smolmachine" -- cat bin/marker
	assert_output base
	run -3 smolvm pack run --sidecar "$out.smolmachine" -- sh -c 'exit 3'
	run -1 --separate-stderr smolvm pack run --sidecar "$BATS_TEST_TMPDIR/nope.smolmachine" --info
	[ "${stderr_lines[0]}" = "Error: agent operation failed: find sidecar: sidecar file not found: $BATS_TEST_TMPDIR/nope.smolmachine" ]
	[ "${stderr_lines[1]}" = "Specify with --sidecar PATH" ]

	# the stub runs the artifact
	run -0 --separate-stderr "$out" info
	assert_line "Memory:     1024 MiB"
	run -0 --separate-stderr "$out" run -- cat bin/marker
	assert_output base
	run -0 --separate-stderr "$out" status
	assert_output "Status: not running"
	run -1 --separate-stderr "$out" exec -- true
	[ "$stderr" = "error: agent operation failed: daemon exec: daemon is not running. Start it with: <binary> start" ]
	run -0 "$out" start
	run -0 "$out" exec -- cat bin/marker
	assert_output base
	run -0 --separate-stderr "$out" status
	assert_output --regexp '^Status: running \(PID: [0-9]+\)$'
	run -0 "$out" stop
	assert_output "Daemon stopped"
	run -2 "$out" -- true

	run -0 --separate-stderr smolvm pack create --image alpine:3 -o "$out-one" --single-file
	assert_line "Mode: single-file (no sidecar)"
	refute_line --partial "Note:"
	assert_not_exist "$out-one.smolmachine"
	run -0 bash -c 'tail -c 64 "$1" | head -c 8' _ "$out-one"
	assert_output SMOLPACK
	run -0 --separate-stderr "$out-one" run -- cat bin/marker
	assert_output base
}

@test "machine run: ephemeral runs leave no machine; -d leaves a running one" {
	run -0 --separate-stderr smolvm machine run --image alpine -- sh -c 'echo out; exit 0'
	assert_output out
	[[ $stderr =~ ^Starting\ ephemeral\ machine\ \(vm-[0-9a-f]{8}\)\.\.\.$ ]]
	run -4 smolvm machine run --image alpine -- sh -c 'exit 4'
	run -0 smolvm machine ls
	assert_output "No machines found"
	run -1 --separate-stderr smolvm machine run --image alpine
	[ "${stderr_lines[0]}" = "Error: config operation failed: machine run: no command specified." ]
	run -0 --separate-stderr smolvm machine run -d --name bg --image alpine
	[ "$stderr" = "Starting persistent machine..." ]
	assert_output "$(printf '%s\n' "Machine 'bg' running in background" '' 'To interact:' \
		'  smolvm machine exec --name bg -- <command>' '' 'To stop:' '  smolvm machine stop --name bg')"
	run -0 smolvm machine status --name bg
	assert_output --regexp "^Machine 'bg': running"
	run -2 --separate-stderr smolvm machine run --name bg --image alpine -- true
}

@test "FAKE_SMOLVM_FAIL fails the chosen subcommand with exit 1 and changes nothing" {
	stopped_machine web
	out=$BATS_TEST_TMPDIR/snap
	FAKE_SMOLVM_FAIL='pack create' run -1 --separate-stderr smolvm pack create --from-vm web -o "$out"
	assert_output ""
	[ "$stderr" = "Error: agent operation failed: pack from VM: agent did not become ready within 30 seconds" ]
	assert_not_exist "$out"
	assert_not_exist "$out.smolmachine"

	FAKE_SMOLVM_FAIL='machine stop, machine start' run -1 --separate-stderr smolvm machine start --name web
	assert_output ""
	[[ $stderr == "Error: "* ]]
	run -0 smolvm machine status --name web
	assert_output "Machine 'web': stopped"
	FAKE_SMOLVM_FAIL='vm create' run -1 --separate-stderr smolvm machine create --name other --image alpine
	run -1 smolvm machine status --name other
	FAKE_SMOLVM_FAIL='machine rm' FAKE_SMOLVM_FAIL_MESSAGE='boom' run -1 --separate-stderr smolvm machine delete --name web -f
	[ "$stderr" = "Error: boom" ]
	# usage errors still come first, other subcommands still work
	FAKE_SMOLVM_FAIL='pack create' run -2 smolvm pack create --from-vm web
	FAKE_SMOLVM_FAIL='pack create' run -0 smolvm machine status --name web

	# FAKE_SMOLVM_PARTIAL: the failure comes while writing, and leaves files behind
	FAKE_SMOLVM_FAIL='pack create' FAKE_SMOLVM_PARTIAL=1 run -1 --separate-stderr smolvm pack create --from-vm web -o "$out"
	assert_line -n 0 "Packing VM 'web' snapshot..."
	[ "$stderr" = "Error: agent operation failed: pack binary: No space left on device (os error 28)" ]
	assert_file_exist "$out"
	assert_file_exist "$out.smolmachine"
	run -0 bash -c 'tail -c 64 "$1" | head -c 8' _ "$out.smolmachine"
	refute_output SMOLPACK
	run -1 --separate-stderr smolvm machine create --name broken --from "$out.smolmachine"
	[[ $stderr == "Error: agent operation failed: read .smolmachine: "* ]]
}

@test "pack create --from-vm of a local-image machine: refused before 1.17.0" {
	smolvm machine create --name loc --image - </dev/null >/dev/null
	smolvm machine start --name loc >/dev/null 2>&1
	smolvm machine stop --name loc >/dev/null
	image=$(smolvm machine status --name loc --json | jq -r .image)
	FAKE_SMOLVM_VERSION=1.16.1 run -1 --separate-stderr smolvm pack create --from-vm loc -o "$BATS_TEST_TMPDIR/x"
	[[ $stderr == "Error: agent operation failed: pack from VM: VM 'loc' was created from a local image ($image). "* ]]
	run -0 smolvm pack create --from-vm loc -o "$BATS_TEST_TMPDIR/x"
}

@test "usage errors exit 2 with clap's error:, runtime errors exit 1 with Error:" {
	run -2 --separate-stderr smolvm machine frobnicate
	assert_output ""
	[ "${stderr_lines[0]}" = "error: unrecognized subcommand 'frobnicate'" ]
	run -2 --separate-stderr smolvm machine ls --bogus
	[ "${stderr_lines[0]}" = "error: unexpected argument '--bogus' found" ]
	run -2 --separate-stderr smolvm machine start --name a --name b
	[ "${stderr_lines[0]}" = "error: the argument '--name <NAME>' cannot be used multiple times" ]
	run -2 --separate-stderr smolvm
	run -0 --separate-stderr smolvm machine create --help
	assert_output "Usage: smolvm machine create [OPTIONS] [-- <COMMAND>...]"
	run -1 --separate-stderr smolvm machine shell --name x
	[[ $stderr == "Error: "* ]]
}

@test "the calls log records every argv as a JSON array" {
	smolvm machine create --name web --image alpine -- sh -c 'echo "a b"' >/dev/null
	smolvm --version >/dev/null
	run -2 smolvm machine ls --bogus
	run -1 smolvm machine stop --name ghost
	run -0 cat "$SMOLVM_DATA_DIR/calls"
	assert_line -n 0 '["machine","create","--name","web","--image","alpine","--","sh","-c","echo \"a b\""]'
	assert_line -n 1 '["--version"]'
	assert_line -n 2 '["machine","ls","--bogus"]'
	assert_line -n 3 '["machine","stop","--name","ghost"]'
	[ "${#lines[@]}" -eq 4 ]
}
