#!/usr/bin/env bats
# t/fakes/container, the test double of Apple's `container` CLI: it must honour
# the contract in shared/reference/apple-container.md, since the
# macos-container tests trust it.

load test_helper

setup() {
	bb_setup
	unset FAKE_CONTAINER_VERSION FAKE_CONTAINER_COMMIT FAKE_CONTAINER_FAIL \
		FAKE_CONTAINER_FAIL_MESSAGE FAKE_CONTAINER_BASE_ROOTFS FAKE_CONTAINER_NO_BUILDER
	export FAKE_CONTAINER_STATE=$BATS_TEST_TMPDIR/fake
	mkdir -p "$FAKE_CONTAINER_STATE"
	PATH="$BATS_TEST_DIRNAME/fakes:$PATH"
}

# A build context whose rootfs.tar holds /etc/motd and /root/note.
make_context() {
	local ctx=$BATS_TEST_TMPDIR/ctx
	mkdir -p "$BATS_TEST_TMPDIR/tree/etc" "$BATS_TEST_TMPDIR/tree/root" "$ctx"
	echo hello >"$BATS_TEST_TMPDIR/tree/etc/motd"
	echo note >"$BATS_TEST_TMPDIR/tree/root/note"
	tar -C "$BATS_TEST_TMPDIR/tree" -cf "$ctx/rootfs.tar" .
}

@test "--version prints the version the test chooses" {
	run -0 --separate-stderr container --version
	assert_output "container CLI version 1.2.2 (build: release, commit: 0190097)"
	[ -z "$stderr" ]
	FAKE_CONTAINER_VERSION=0.12.3 run -0 --separate-stderr container --version
	assert_output "container CLI version 0.12.3 (build: release, commit: 0190097)"
}

@test "run -d prints the id; list shows running containers, -a the stopped ones too" {
	run -0 --separate-stderr container run -d --name bot-bottle-demo -l bot-bottle.slug=demo alpine sh -c 'sleep 1'
	assert_output bot-bottle-demo
	[ -z "$stderr" ]
	run -0 --separate-stderr container create --name idle alpine
	assert_output idle
	run -0 --separate-stderr container run -d alpine
	[[ $output =~ ^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$ ]]
	uuid=$output

	run -0 --separate-stderr container list --quiet
	assert_output "$(printf '%s\n' bot-bottle-demo "$uuid" | LC_ALL=C sort)"
	run -0 --separate-stderr container ls -a -q
	assert_output "$(printf '%s\n' bot-bottle-demo idle "$uuid" | LC_ALL=C sort)"

	container stop bot-bottle-demo "$uuid" >/dev/null
	run -0 --separate-stderr container ls -q
	assert_output ""
	run -0 --separate-stderr container ls
	assert_output "ID  IMAGE  OS  ARCH  STATE  IP  CPUS  MEMORY  STARTED"
	run -0 --separate-stderr container ls --all
	assert_line -n 0 --regexp '^ID +IMAGE +OS +ARCH +STATE +IP +CPUS +MEMORY +STARTED$'
	assert_line --regexp '^bot-bottle-demo +docker.io/library/alpine:latest +linux +arm64 +stopped +4 +1024 MB +[0-9T:Z-]+$'
	assert_line --regexp '^idle +docker.io/library/alpine:latest +linux +arm64 +stopped +4 +1024 MB +$'
	[ "${#lines[@]}" -eq 4 ]
}

@test "list --format json: the 1.x shape, compact, sorted, slashes escaped" {
	run -0 --separate-stderr container ls --format json
	assert_output "[]"
	container run -d --name web -l k=v -e FOO=bar alpine sh -c 'sleep 1' >/dev/null
	container create --name idle alpine >/dev/null

	run -0 --separate-stderr container ls --format json -q
	[ "${#lines[@]}" -eq 1 ]
	[[ $output == '[{"configuration":{'* ]]
	[[ $output == *'"reference":"docker.io\/library\/alpine:latest"'* ]]
	run -0 jq -r '.[] | [.id, .status.state, .configuration.labels.k, (.status.networks | length),
		(.status.startedDate | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$"))] | @tsv' <<<"$output"
	assert_output "$(printf 'web\trunning\tv\t1\ttrue')"
	run -0 --separate-stderr container ls -a --format json
	run -0 jq -c '[.[] | {id, state: .status.state, keys: keys}]' <<<"$output"
	assert_output '[{"id":"idle","state":"stopped","keys":["configuration","id","status"]},{"id":"web","state":"running","keys":["configuration","id","status"]}]'
	run -0 --separate-stderr container ls --format json
	run -0 jq -c '.[0].configuration.initProcess | {executable, arguments, environment, workingDirectory, user}' <<<"$output"
	assert_output '{"executable":"sh","arguments":["-c","sleep 1"],"environment":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","FOO=bar"],"workingDirectory":"/","user":{"id":{"gid":0,"uid":0}}}'

	container stop web >/dev/null
	run -0 --separate-stderr container ls -a --format json
	run -0 jq -c '.[] | select(.id == "web") | .status | {state, networks, started: has("startedDate")}' <<<"$output"
	assert_output '{"state":"stopped","networks":[],"started":true}'
}

@test "list --format json before 1.0.0: the flat status string" {
	container run -d --name web alpine >/dev/null
	FAKE_CONTAINER_VERSION=0.12.3 run -0 --separate-stderr container ls --format json
	[[ $output == '[{"status":"running",'* ]]
	run -0 jq -r '.[0] | [.status, (.startedDate | type), (.networks[0].ipv4Address | test("^192\\.168\\.64\\.[0-9]+/24$")), has("id")] | @tsv' <<<"$output"
	assert_output "$(printf 'running\tnumber\ttrue\tfalse')"
	FAKE_CONTAINER_VERSION=0.12.3 run -0 --separate-stderr container ls
	assert_line -n 0 --regexp '^ID +IMAGE +OS +ARCH +STATE +ADDR +CPUS'
	# before 0.10.0, json ignored the missing --all
	container stop web >/dev/null
	FAKE_CONTAINER_VERSION=0.9.0 run -0 --separate-stderr container ls --format json
	run -0 jq -r '.[].status' <<<"$output"
	assert_output stopped
	FAKE_CONTAINER_VERSION=0.10.0 run -0 --separate-stderr container ls --format json
	assert_output "[]"
}

@test "inspect: a pretty array; any missing id fails the whole command" {
	container run -d --name web alpine >/dev/null
	run -0 --separate-stderr container inspect web
	assert_line -n 0 "["
	assert_line -n 1 "  {"
	assert_line '    "id" : "web",'
	assert_line '      "capAdd" : ['
	assert_line '        "reference" : "docker.io\/library\/alpine:latest"'
	assert_line '      "state" : "running"'
	run -0 jq -r '.[0].status.state' <<<"$output"
	assert_output running

	run -1 --separate-stderr container inspect zeta web alpha
	assert_output ""
	[ "$stderr" = "Error: container not found: alpha, zeta" ]
	run -64 --separate-stderr container inspect --format json web
	[ "$stderr" = "Error: Unknown option '--format'" ]

	FAKE_CONTAINER_VERSION=0.12.3 run -0 --separate-stderr container inspect zeta
	assert_output "$(printf '[\n\n]')"
	FAKE_CONTAINER_VERSION=0.12.3 run -0 --separate-stderr container inspect zeta web
	run -0 jq -r '.[] | .status' <<<"$output"
	assert_output running
}

@test "stop: idempotent, prints each id, missing ids fail with exit 1" {
	container run -d --name web alpine >/dev/null
	container create --name idle alpine >/dev/null
	run -0 --separate-stderr container stop web idle
	assert_output "$(printf 'web\nidle')"
	[ -z "$stderr" ]
	run -0 --separate-stderr container stop web
	assert_output web

	run -1 --separate-stderr container stop ghost web spook
	assert_output web
	[ "${stderr_lines[0]}" = 'Error: internalError: "failed to stop container" (cause: "notFound: "container with ID ghost not found"")' ]
	[ "${stderr_lines[1]}" = 'internalError: "failed to stop container" (cause: "notFound: "container with ID spook not found"")' ]
	FAKE_CONTAINER_VERSION=0.10.0 run -0 --separate-stderr container stop ghost web
	assert_output web
	[ -z "$stderr" ]

	run -1 --separate-stderr container stop
	[ "$stderr" = "Error: no containers specified and --all not supplied" ]
	run -1 --separate-stderr container stop --all web
	[ "$stderr" = "Error: explicitly supplied container IDs conflict with the --all flag" ]
	container start web >/dev/null
	run -0 --separate-stderr container stop --all
	assert_output "$(printf 'idle\nweb')"
	run -0 container ls -q
	assert_output ""
}

@test "start: stopped to running, idempotent, errors" {
	container create --name idle alpine >/dev/null
	run -0 --separate-stderr container start idle
	assert_output idle
	run -0 container ls -q
	assert_output idle
	run -0 --separate-stderr container start idle
	assert_output idle
	run -1 --separate-stderr container start -a idle
	[ "$stderr" = "Error: attach is currently unsupported on already running containers" ]
	run -1 --separate-stderr container start ghost
	[ "$stderr" = "Error: get failed: container ghost not found" ]
	run -64 --separate-stderr container start
	[ "$stderr" = "Error: Missing expected argument '<container-id>'" ]
}

@test "delete: a running container needs -f; --rm containers go on stop" {
	container run -d --name web alpine >/dev/null
	run -1 --separate-stderr container delete web
	assert_output ""
	[ "$stderr" = 'Error: internalError: "failed to delete container" (cause: "invalidState: "container web is running and can not be deleted"")' ]
	run -0 container ls -q
	assert_output web
	run -0 --separate-stderr container rm -f web web
	assert_output web
	run -0 container ls -aq
	assert_output ""
	run -1 --separate-stderr container delete ghost
	[ "$stderr" = 'Error: internalError: "failed to delete container" (cause: "notFound: "container with ID ghost not found"")' ]

	container run -d --rm --name tmp alpine >/dev/null
	run -0 --separate-stderr container stop tmp
	assert_output tmp
	run -0 container ls -aq
	assert_output ""

	container run -d --name up alpine >/dev/null
	container create --name down alpine >/dev/null
	run -0 --separate-stderr container delete --all
	assert_output down
	run -0 container ls -aq
	assert_output up
}

@test "run and create: name rules and taken names" {
	container run -d --name web alpine >/dev/null
	run -1 --separate-stderr container run -d --name web alpine
	[ "$stderr" = "Error: container with id web already exists" ]
	run -1 --separate-stderr container create --name web alpine
	[ "$stderr" = "Error: container already exists: web" ]
	run -1 --separate-stderr container run -d --name -bad alpine
	[ "$stderr" = "Error: container ID -bad is not a valid container ID" ]
	run -1 --separate-stderr container run -d --name x alpine
	[ "$stderr" = "Error: container ID x is not a valid container ID" ]
	FAKE_CONTAINER_VERSION=1.1.0 run -0 --separate-stderr container run -d --name x alpine
	assert_output x
	run -64 --separate-stderr container run -d
	[ "$stderr" = "Error: Missing expected argument '<image>'" ]
	# a foreground run "runs" and leaves the container stopped
	run -0 --separate-stderr container run --name fg alpine true
	assert_output ""
	run -0 jq -r '.[0].status.state' < <(container inspect fg)
	assert_output stopped
}

@test "exec runs on the host in the rootfs, only while the container runs" {
	container run -d --name bot-bottle-demo alpine >/dev/null
	run -0 --separate-stderr container exec bot-bottle-demo sh -c 'echo hi >"$FAKE_ROOTFS/root/file" && pwd'
	assert_output "$(cd "$FAKE_CONTAINER_STATE/containers/bot-bottle-demo/rootfs" && pwd -P)"
	[ -z "$stderr" ]
	run -0 cat "$FAKE_CONTAINER_STATE/containers/bot-bottle-demo/rootfs/root/file"
	assert_output hi
	run -7 container exec bot-bottle-demo sh -c 'exit 7'
	container stop bot-bottle-demo >/dev/null
	run -1 --separate-stderr container exec bot-bottle-demo true
	[ "$stderr" = "Error: container bot-bottle-demo is not running" ]
	run -1 --separate-stderr container exec ghost true
	[ "$stderr" = "Error: get failed: container ghost not found" ]
}

@test "export: refused on a running container before 1.2.1, live from 1.2.1" {
	container run -d --name bot-bottle-demo alpine >/dev/null
	container exec bot-bottle-demo sh -c 'echo hi >"$FAKE_ROOTFS/root/file"'
	out=$BATS_TEST_TMPDIR/rootfs.tar

	FAKE_CONTAINER_VERSION=1.2.0 run -1 --separate-stderr container export -o "$out" bot-bottle-demo
	assert_output ""
	[ "$stderr" = 'Error: failed to export container (cause: "invalidState: "container is not stopped"")' ]
	assert_not_exist "$out"

	run -0 --separate-stderr container export -o "$out" bot-bottle-demo
	assert_output ""
	[ -z "$stderr" ]
	run -0 tar -xOf "$out" ./root/file
	assert_output hi
	run -0 container ls -q
	assert_output bot-bottle-demo

	# without -o the tar goes to stdout
	container export bot-bottle-demo >"$BATS_TEST_TMPDIR/stdout.tar"
	run -0 tar -tf "$BATS_TEST_TMPDIR/stdout.tar"
	assert_line ./root/file

	container stop bot-bottle-demo >/dev/null
	FAKE_CONTAINER_VERSION=1.2.0 run -0 --separate-stderr container export -o "$BATS_TEST_TMPDIR/b.tar" bot-bottle-demo
	run -1 --separate-stderr container export -o "$out" ghost
	[ "$stderr" = 'Error: failed to export container (cause: "notFound: "container with ID ghost not found"")' ]
}

@test "build: FROM scratch, ADD, ENV, WORKDIR, USER, CMD into the image; run gets them" {
	make_context
	cat >"$BATS_TEST_TMPDIR/ctx/Dockerfile" <<-'EOF'
		FROM scratch
		ADD rootfs.tar /
		ENV PATH="/usr/local/bin:/usr/bin:/bin"
		ENV GREETING="say \"hi\" to \$USER" HOME=/root
		WORKDIR /root
		USER 1000:1000
		CMD ["sh", "-c", "echo hi"]
	EOF
	run -0 --separate-stderr container build -t bot-bottle/demo:20261128T150000Z -t demo --progress plain "$BATS_TEST_TMPDIR/ctx"
	assert_output "$(printf 'bot-bottle/demo:20261128T150000Z\ndemo:latest')"
	[ -z "$stderr" ]

	run -0 --separate-stderr container image inspect bot-bottle/demo:20261128T150000Z
	assert_line '    "name" : "bot-bottle\/demo:20261128T150000Z",'
	run -0 jq -c '.[0].variants[0].config.config | {Env, WorkingDir, User, Cmd}' <<<"$output"
	assert_output '{"Env":["PATH=/usr/local/bin:/usr/bin:/bin","GREETING=say \"hi\" to $USER","HOME=/root"],"WorkingDir":"/root","User":"1000:1000","Cmd":["sh","-c","echo hi"]}'

	run -0 --separate-stderr container run -d --name again demo
	assert_output again
	assert_file_exist "$FAKE_CONTAINER_STATE/containers/again/rootfs/etc/motd"
	run -0 cat "$FAKE_CONTAINER_STATE/containers/again/rootfs/root/note"
	assert_output note
	run -0 jq -c '.[0].configuration.initProcess | {executable, arguments, workingDirectory, user, environment}' < <(container inspect again)
	assert_output '{"executable":"sh","arguments":["-c","echo hi"],"workingDirectory":"/root","user":{"raw":{"userString":"1000:1000"}},"environment":["PATH=/usr/local/bin:/usr/bin:/bin","GREETING=say \"hi\" to $USER","HOME=/root"]}'
	# the builder container stays behind, as with the real CLI
	run -0 container ls -q
	assert_output "$(printf 'again\nbuildkit')"
}

@test "build: errors" {
	run -64 --separate-stderr container build -t x "$BATS_TEST_TMPDIR/nope"
	assert_output ""
	[ "$stderr" = "Error: context dir does not exist $BATS_TEST_TMPDIR/nope" ]
	make_context
	run -64 --separate-stderr container build "$BATS_TEST_TMPDIR/ctx"
	[ "$stderr" = "Error: dockerfile not found in context dir" ]
	printf 'FROM alpine\n' >"$BATS_TEST_TMPDIR/ctx/Dockerfile"
	run -1 --separate-stderr container build -t x "$BATS_TEST_TMPDIR/ctx"
	[[ $stderr == "Error: failed to solve: "* ]]
	printf 'FROM scratch\nRUN true\n' >"$BATS_TEST_TMPDIR/ctx/Dockerfile"
	run -1 --separate-stderr container build -t x "$BATS_TEST_TMPDIR/ctx"
	printf 'FROM scratch\nADD missing.tar /\n' >"$BATS_TEST_TMPDIR/ctx/Dockerfile"
	run -1 --separate-stderr container build -t x "$BATS_TEST_TMPDIR/ctx"
	[[ $stderr == *'"/missing.tar": not found'* ]]
	run -0 container image ls -q
	assert_output ""
}

@test "image inspect of unknown references: exit 1, sorted, :latest appended" {
	run -1 --separate-stderr container image inspect zeta nosuch:1
	assert_output ""
	[ "$stderr" = "Error: image not found: nosuch:1, zeta:latest" ]
	run -64 --separate-stderr container image inspect
	[ "$stderr" = "Error: Missing expected argument '<images> ...'" ]
}

@test "image tag, save, delete and load round-trip an image" {
	make_context
	printf 'FROM scratch\nADD rootfs.tar /\nCMD ["true"]\n' >"$BATS_TEST_TMPDIR/ctx/Dockerfile"
	container build -t snap:1 "$BATS_TEST_TMPDIR/ctx" >/dev/null
	run -0 --separate-stderr container image tag snap:1 snap:2
	assert_output snap:2
	run -1 --separate-stderr container image tag nosuch x
	[ "$stderr" = "Error: image with reference nosuch" ]
	run -0 --separate-stderr container image save -o "$BATS_TEST_TMPDIR/snap.tar" snap:1
	assert_output snap:1
	[ -z "$stderr" ]
	run -0 --separate-stderr container image delete snap:1 snap:2
	assert_output "$(printf 'snap:1\nsnap:2')"
	run -1 --separate-stderr container image rm snap:1
	[ "$stderr" = 'Error: internalError: "failed to delete one or more images: ["snap:1"]"' ]
	run -0 --separate-stderr container image rm -f snap:1
	assert_output ""
	run -1 --separate-stderr container image delete
	[ "$stderr" = "Error: no images specified and --all not supplied" ]
	run -0 --separate-stderr container image load -i "$BATS_TEST_TMPDIR/snap.tar"
	assert_output snap:1
	run -0 jq -r '.[0].variants[0].config.config.Cmd[0]' < <(container image inspect snap:1)
	assert_output true
}

@test "image delete: the ones found go first, then the missing ones fail; --all; -f" {
	make_context
	printf 'FROM scratch\nADD rootfs.tar /\n' >"$BATS_TEST_TMPDIR/ctx/Dockerfile"
	container build -t snap:1 "$BATS_TEST_TMPDIR/ctx" >/dev/null
	container image tag snap:1 snap:2 >/dev/null
	container image tag snap:1 snap:3 >/dev/null
	run -1 --separate-stderr container image delete nosuch:1 snap:1 ghost:2
	assert_output snap:1
	[ "$stderr" = 'Error: internalError: "failed to delete one or more images: ["nosuch:1", "ghost:2"]"' ]
	run -1 container image inspect snap:1
	run -0 --separate-stderr container image rm -f nosuch:1 snap:2
	assert_output snap:2
	[ -z "$stderr" ]
	run -1 --separate-stderr container image delete --all snap:3
	[ "$stderr" = "Error: explicitly supplied images conflict with the --all flag" ]
	run -0 container image inspect snap:3
	FAKE_CONTAINER_FAIL="image delete" run -1 --separate-stderr container image rm snap:3
	run -0 container image inspect snap:3
	run -0 --separate-stderr container image delete --all
	assert_output snap:3
	run -0 --separate-stderr container image list --quiet
	assert_output ""
}

@test "pulled images: a skeleton, or a copy of FAKE_CONTAINER_BASE_ROOTFS" {
	container run -d --name plain alpine >/dev/null
	run -0 ls "$FAKE_CONTAINER_STATE/containers/plain/rootfs"
	assert_output "$(printf 'etc\nroot\ntmp')"
	mkdir -p "$BATS_TEST_TMPDIR/base/bin"
	echo base >"$BATS_TEST_TMPDIR/base/bin/marker"
	FAKE_CONTAINER_BASE_ROOTFS=$BATS_TEST_TMPDIR/base run -0 container run -d --name based busybox
	run -0 cat "$FAKE_CONTAINER_STATE/containers/based/rootfs/bin/marker"
	assert_output base
	run -0 container image ls -q
	assert_output "$(printf 'docker.io/library/alpine:latest\ndocker.io/library/busybox:latest')"
	# a relative state folder works too
	cd "$BATS_TEST_TMPDIR"
	FAKE_CONTAINER_STATE=fake run -0 --separate-stderr container export -o rel.tar based
	run -0 tar -tf rel.tar
	assert_line ./bin/marker
}

@test "usage errors exit 64: unknown subcommand, unknown option, missing value" {
	container run -d --name web alpine >/dev/null
	run -64 --separate-stderr container commit web snap:1
	assert_output ""
	[ "${stderr_lines[0]}" = "Error: Plugin 'container-commit' not found." ]
	run -64 --separate-stderr container list --bogus
	[ "$stderr" = "Error: Unknown option '--bogus'" ]
	run -64 --separate-stderr container run --name
	[ "$stderr" = "Error: Missing value for '--name <name>'" ]
	run -64 --separate-stderr container list --format xml
	run -0 --separate-stderr container --debug list --debug -q
	assert_output web
	[ -z "$stderr" ]
}

@test "FAKE_CONTAINER_FAIL fails the chosen subcommand with exit 1 and changes nothing" {
	container run -d --name web alpine >/dev/null
	out=$BATS_TEST_TMPDIR/rootfs.tar
	FAKE_CONTAINER_FAIL='export' run -1 --separate-stderr container export -o "$out" web
	assert_output ""
	[[ $stderr == "Error: "* ]]
	assert_not_exist "$out"
	FAKE_CONTAINER_FAIL='build,stop' run -1 --separate-stderr container stop web
	assert_output ""
	run -0 container ls -q
	assert_output web
	FAKE_CONTAINER_FAIL='image inspect' run -1 --separate-stderr container image inspect docker.io/library/alpine:latest
	FAKE_CONTAINER_FAIL=stop FAKE_CONTAINER_FAIL_MESSAGE='internalError: "boom"' run -1 --separate-stderr container stop web
	[ "$stderr" = 'Error: internalError: "boom"' ]
	# other subcommands still work
	FAKE_CONTAINER_FAIL='export' run -0 --separate-stderr container stop web
	assert_output web
}

@test "the calls log records every argv as a JSON array" {
	container run -d --name web alpine sh -c 'echo "a b"' >/dev/null
	container --version >/dev/null
	run -1 container stop ghost
	run -0 cat "$FAKE_CONTAINER_STATE/calls"
	assert_line -n 0 '["run","-d","--name","web","alpine","sh","-c","echo \"a b\""]'
	assert_line -n 1 '["--version"]'
	assert_line -n 2 '["stop","ghost"]'
	[ "${#lines[@]}" -eq 3 ]
}
