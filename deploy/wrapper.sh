# shellcheck shell=sh
# Variables named in `llmbox_setting VAR ...` are assigned through eval:
# shellcheck disable=SC2154
# Shared by bin/llm and bin/llm-interactive (sourced, POSIX sh): builds the
# `docker run` command that starts the client in the hardened container.
#
# The hardening is the same as the `llm` service in compose.yaml (and
# tests/container/verify.sh checks that a wrapper container and a compose
# container get identical settings). The wrappers call `docker run` directly
# by default because Compose v1 alone takes about a second to start; set
# LLMBOX_USE_COMPOSE=1 to go through `docker compose run` instead.
#
# What the container gets from the host: the current directory at /workspace,
# ./prompts (in this checkout) read-only at /prompts, a per-uid config volume,
# the llm-gate socket volume and the stack's caller token, and from .env only
# LLM_DISABLE_CUSTOM_TOOLS and LLM_MODEL. No network, no API key: the keys in
# .env go to the gate, which llmbox_ensure_gate starts through Compose.

# Reads .env once, with shell builtins only (no process per setting): every
# `KEY=value` line for a setting of the wrappers is kept as llmbox_env_KEY.
# .env is parsed, never sourced: it is data, not a script.
llmbox_read_env_file() {
  [ -f "$1" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    key=${line%%=*}
    [ "$key" != "$line" ] || continue
    value=${line#*=}
    case $key in
      LLMBOX_IMAGE | LLMBOX_DEBUG_IMAGE | LLMBOX_CONFIG_VOLUME | LLMBOX_NETWORK | \
        LLMBOX_PROMPTS | LLMBOX_SECCOMP_PROFILE | LLMBOX_RUN_LABEL | LLM_MEM_LIMIT | \
        LLM_CPUS | LLM_PIDS_LIMIT | LLM_NOFILE | LLM_FSIZE_BYTES | LLM_TMP_SIZE | \
        LLMBOX_GATE_IMAGE | LLMBOX_GATE_CONTAINER | LLMBOX_GATE_SOCKET_VOLUME | \
        LLM_GATEWAY_TOKEN_HOST_FILE | LLM_DISABLE_CUSTOM_TOOLS | LLM_MODEL | COMPOSE_FILE) ;;
      *) continue ;;
    esac
    case $value in
      \"*\") value=${value#\"} value=${value%\"} ;;
      \'*\') value=${value#\'} value=${value%\'} ;;
    esac
    eval "llmbox_env_$key=\$value"
  done <"$1"
}

# llmbox_setting VAR KEY DEFAULT sets VAR: the environment wins, then .env,
# then the default (as Compose does).
llmbox_setting() {
  eval "llmbox_set=\${$2+x}"
  if [ -n "$llmbox_set" ]; then
    eval "$1=\$$2"
    return
  fi
  eval "llmbox_set=\${llmbox_env_$2-}"
  if [ -n "$llmbox_set" ]; then
    eval "$1=\$llmbox_set"
  else
    eval "$1=\$3"
  fi
}

# Quotes one field of docker's --mount CSV syntax.
llmbox_csv_field() {
  case $1 in
    *'"'*) printf '"%s"' "$(printf '%s' "$1" | sed 's/"/""/g')" ;;
    *) printf '"%s"' "$1" ;;
  esac
}

llmbox_warn() {
  printf 'llm: warning: %s\n' "$*" >&2
}

llmbox_die() {
  printf 'llm: error: %s\n' "$*" >&2
  exit 125
}

# Sets llmbox_* variables shared by every mode. $1 is the checkout directory.
llmbox_init() {
  llmbox_home=$1
  [ -f "$llmbox_home/compose.yaml" ] ||
    llmbox_die "$llmbox_home: not an llmbox checkout (no compose.yaml); set LLMBOX_HOME"
  command -v docker >/dev/null 2>&1 || llmbox_die "docker: command not found"
  llmbox_workspace=$(pwd -P)
  case $llmbox_workspace in
    *"
"*) llmbox_die "the current directory's name contains a newline; cannot mount it" ;;
  esac
  # The client may read and change everything under /workspace.
  if [ "$llmbox_workspace" = / ] || [ "$llmbox_workspace" = "${HOME:-/nonexistent}" ]; then
    llmbox_warn "the whole of $llmbox_workspace is mounted read-write at /workspace; run llm from a project directory"
  fi
  llmbox_env_file=${LLMBOX_ENV_FILE:-$llmbox_home/.env}
  llmbox_read_env_file "$llmbox_env_file"
  if [ -f "$llmbox_env_file" ] &&
    [ -n "$(find "$llmbox_env_file" \( -perm -g=r -o -perm -o=r \) -print)" ]; then
    llmbox_warn "$llmbox_env_file is readable by group or others; it holds API keys: chmod 600 '$llmbox_env_file'"
  fi
  # Never root inside: root on the host maps to llmuser (1000). Anyone else
  # runs as themselves, so files written to /workspace are theirs.
  uid=$(id -u)
  if [ "$uid" -eq 0 ]; then
    llmbox_user=1000:1000
    llmbox_uid=1000
  else
    llmbox_user=$uid:$(id -g)
    llmbox_uid=$uid
  fi
  # One config volume per uid: two host users never share keys or logs.
  llmbox_setting llmbox_config_volume LLMBOX_CONFIG_VOLUME "llmbox-config-$llmbox_uid"
  llmbox_setting llmbox_image LLMBOX_IMAGE llmbox:latest
  llmbox_setting llmbox_debug_image LLMBOX_DEBUG_IMAGE llmbox:debug
  # No network: the gate is the way out. Another network (`container:NAME`
  # in tests) is a setting too.
  llmbox_setting llmbox_network LLMBOX_NETWORK none
  llmbox_project=${COMPOSE_PROJECT_NAME:-llmbox}
  llmbox_setting llmbox_gate_container LLMBOX_GATE_CONTAINER llmbox-gate
  llmbox_setting llmbox_gate_volume LLMBOX_GATE_SOCKET_VOLUME llmbox-gate-socket
  llmbox_setting llmbox_token_file LLM_GATEWAY_TOKEN_HOST_FILE ./secrets/llm_gateway_token
  case $llmbox_token_file in /*) ;; *) llmbox_token_file=$llmbox_home/${llmbox_token_file#./} ;; esac
}

# docker compose (v2 plugin) when present, else docker-compose (v1).
llmbox_compose() {
  if docker compose version >/dev/null 2>&1; then
    docker compose "$@"
  else
    docker-compose "$@"
  fi
}

# The per-stack caller token the gate asks of its callers: 32 random bytes,
# made once. As root: owner root, group 1001 (the gate's group, which the
# client joins), mode 0640. Anyone else who can run docker could read it
# anyway; it is made readable (0644) so the gate's uid can read it.
llmbox_ensure_token() {
  [ -s "$llmbox_token_file" ] && return 0
  (
    umask 077
    mkdir -p "$(dirname "$llmbox_token_file")" &&
      od -An -N32 -tx1 /dev/urandom | tr -d ' \n' >"$llmbox_token_file.tmp" &&
      if [ "$(id -u)" -eq 0 ]; then
        chown 0:1001 "$llmbox_token_file.tmp" && chmod 0640 "$llmbox_token_file.tmp"
      else
        chmod 0644 "$llmbox_token_file.tmp"
      fi &&
      mv "$llmbox_token_file.tmp" "$llmbox_token_file"
  ) || llmbox_die "cannot create the gateway token $llmbox_token_file"
}

# Starts the gate (compose.yaml's `gate` service) unless it runs already:
# one `docker container inspect` when it does.
llmbox_ensure_gate() {
  running=$(docker container inspect -f '{{.State.Running}}' "$llmbox_gate_container" 2>/dev/null) || running=
  [ "$running" = true ] && return 0
  llmbox_ensure_token
  llmbox_setting gate_image LLMBOX_GATE_IMAGE llmbox-gate:latest
  docker image inspect "$gate_image" >/dev/null 2>&1 ||
    llmbox_die "no image $gate_image: build it with 'make build' in $llmbox_home"
  env_file=$llmbox_env_file
  [ -f "$env_file" ] || env_file=$llmbox_home/deploy/empty.env
  llmbox_setting compose_file COMPOSE_FILE ""
  if ! err=$(
    cd "$llmbox_home" || exit 1
    LLMBOX_GATE_CONTAINER=$llmbox_gate_container
    LLMBOX_GATE_SOCKET_VOLUME=$llmbox_gate_volume
    LLM_GATEWAY_TOKEN_HOST_FILE=$llmbox_token_file
    COMPOSE_PROJECT_NAME=$llmbox_project
    export LLMBOX_GATE_CONTAINER LLMBOX_GATE_SOCKET_VOLUME LLM_GATEWAY_TOKEN_HOST_FILE COMPOSE_PROJECT_NAME
    if [ -n "$compose_file" ]; then
      COMPOSE_FILE=$compose_file
      export COMPOSE_FILE
    fi
    llmbox_compose --env-file "$env_file" up -d --no-build gate 2>&1 >/dev/null
  ); then
    llmbox_die "cannot start the gate: $(printf '%s\n' "$err" | tail -n 1)"
  fi
  # The gate creates its socket at start; wait for it to run (a few ms).
  i=0
  while [ $i -lt 50 ]; do
    running=$(docker container inspect -f '{{.State.Running}}' "$llmbox_gate_container" 2>/dev/null) || running=
    [ "$running" = true ] && return 0
    i=$((i + 1))
    sleep 0.1
  done
  llmbox_die "the gate did not start: docker logs $llmbox_gate_container"
}

# Runs the client (mode prompt or chat) or the debug shell (mode shell) with
# the remaining arguments, unchanged, and replaces this process: the exit
# status and signals (Ctrl-C) are docker's, which are the client's.
llmbox_exec() {
  mode=$1 # prompt | chat | shell
  shift
  if [ "${LLMBOX_USE_COMPOSE:-0}" = 1 ]; then
    llmbox_exec_compose "$mode" "$@"
  fi
  # A TTY only when stdin and stdout both are terminals: a TTY would merge
  # stderr into stdout and turn \n into \r\n in a redirected answer. Stdin is
  # passed when it is piped, and always for chat and shell; a prompt typed
  # on a terminal with its answer redirected gets no stdin, so the client
  # does not wait for input nobody will type.
  tty_flags=
  tty_term=
  if [ -t 0 ] && [ -t 1 ]; then
    tty_flags=-it
    # The terminal's own name, so that chat's line editor reads the keys it
    # sends (Docker would say xterm); unknown names fall back to xterm inside.
    tty_term=${TERM:-}
  elif [ ! -t 0 ] || [ "$mode" != prompt ]; then
    tty_flags=-i
  fi
  image=$llmbox_image
  entrypoint=
  if [ "$mode" = shell ]; then
    image=$llmbox_debug_image
    entrypoint=/bin/sh
  fi
  if [ "$llmbox_network" = llm-network ] &&
    ! docker network inspect "$llmbox_network" >/dev/null 2>&1; then
    # Labelled the way Compose labels its own networks, so both share it.
    docker network create --driver bridge \
      --label com.docker.compose.project="$llmbox_project" \
      --label com.docker.compose.network="$llmbox_network" \
      "$llmbox_network" >/dev/null ||
      llmbox_die "cannot create docker network $llmbox_network"
  fi
  llmbox_setting prompts LLMBOX_PROMPTS ./prompts
  case $prompts in /*) ;; *) prompts=$llmbox_home/$prompts ;; esac
  # The prompt library is optional: without the directory, /prompts is the
  # image's empty directory.
  prompts_mount=
  if [ -d "$prompts" ]; then
    prompts_mount="type=bind,$(llmbox_csv_field "source=$prompts"),target=/prompts,readonly"
  fi
  llmbox_setting mem LLM_MEM_LIMIT 1g
  llmbox_setting fsize LLM_FSIZE_BYTES 1073741824
  llmbox_setting nofile LLM_NOFILE 1024
  llmbox_setting cpus LLM_CPUS 0.5
  llmbox_setting pids LLM_PIDS_LIMIT 64
  llmbox_setting tmp_size LLM_TMP_SIZE 64m
  llmbox_setting tools LLM_DISABLE_CUSTOM_TOOLS true
  llmbox_setting model LLM_MODEL ""
  llmbox_setting seccomp LLMBOX_SECCOMP_PROFILE deploy/seccomp.json
  case $seccomp in /*) ;; *) seccomp=$llmbox_home/$seccomp ;; esac
  # LLMBOX_RUN_LABEL (key=value) tags the container, for tests and scripts.
  llmbox_setting run_label LLMBOX_RUN_LABEL ""
  set -- docker run --rm --init --label "io.llmbox.mode=$mode" \
    ${run_label:+--label "$run_label"} \
    --user "$llmbox_user" \
    --read-only \
    --cap-drop ALL \
    --security-opt no-new-privileges:true \
    --security-opt "seccomp=$seccomp" \
    --memory "$mem" --memory-swap "$mem" \
    --cpus "$cpus" \
    --pids-limit "$pids" \
    --ulimit "nofile=$nofile:$nofile" \
    --ulimit "fsize=$fsize:$fsize" \
    --ulimit core=0:0 \
    --tmpfs "/tmp:rw,noexec,nosuid,nodev,size=$tmp_size,mode=1777" \
    --network "$llmbox_network" \
    --group-add 1001 \
    --env LLM_GATEWAY=/run/llm-gate/gate.sock \
    --env LLM_GATEWAY_TOKEN_FILE=/run/secrets/llm_gateway_token \
    --env "LLM_DISABLE_CUSTOM_TOOLS=$tools" \
    ${model:+--env "LLM_MODEL=$model"} \
    --mount "type=volume,source=$llmbox_gate_volume,target=/run/llm-gate" \
    --mount "type=bind,$(llmbox_csv_field "source=$llmbox_token_file"),target=/run/secrets/llm_gateway_token,readonly" \
    --mount "type=bind,$(llmbox_csv_field "source=$llmbox_workspace"),target=/workspace" \
    ${prompts_mount:+--mount "$prompts_mount"} \
    --mount "type=volume,source=$llmbox_config_volume,target=/home/llmuser/.config/llm" \
    -w /workspace \
    ${tty_flags:+"$tty_flags"} \
    ${tty_term:+--env "TERM=$tty_term"} \
    ${entrypoint:+--entrypoint "$entrypoint"} \
    "$image" "$@"
  # LLMBOX_DRY_RUN=1 prints the command, one argument per line, instead.
  if [ "${LLMBOX_DRY_RUN:-0}" = 1 ]; then
    printf '%s\n' "$@"
    exit 0
  fi
  llmbox_ensure_gate
  exec "$@"
}

# The same through Compose (v2 plugin when present, else docker-compose v1),
# from the checkout so that compose.yaml's relative paths and .env resolve.
# Compose v1 passes an interpolated pids_limit to the engine as a string, which
# it refuses, so compose.yaml holds a literal; a different LLM_PIDS_LIMIT from
# .env reaches the `llm` service through a generated override file.
llmbox_compose_limits() {
  llmbox_setting pids LLM_PIDS_LIMIT 64
  case $pids in
    '' | *[!0-9]*) llmbox_die "LLM_PIDS_LIMIT must be a whole number, not '$pids'; fix it in .env" ;;
  esac
  [ "$pids" = 64 ] && return 0
  printf 'services:\n  llm:\n    pids_limit: %s\n' "$pids" >"$llmbox_home/.llmbox-limits.yaml" ||
    llmbox_die "cannot write $llmbox_home/.llmbox-limits.yaml"
  llmbox_setting compose_file COMPOSE_FILE compose.yaml
  COMPOSE_FILE=$compose_file:.llmbox-limits.yaml
  export COMPOSE_FILE
}

llmbox_exec_compose() {
  mode=$1
  shift
  cd "$llmbox_home" || llmbox_die "cannot enter $llmbox_home"
  LLMBOX_WORKSPACE=$llmbox_workspace
  LLMBOX_CONFIG_VOLUME=$llmbox_config_volume
  COMPOSE_PROJECT_NAME=$llmbox_project
  export LLMBOX_WORKSPACE LLMBOX_CONFIG_VOLUME COMPOSE_PROJECT_NAME
  llmbox_ensure_token
  LLMBOX_GATE_CONTAINER=$llmbox_gate_container
  LLMBOX_GATE_SOCKET_VOLUME=$llmbox_gate_volume
  LLM_GATEWAY_TOKEN_HOST_FILE=$llmbox_token_file
  export LLMBOX_GATE_CONTAINER LLMBOX_GATE_SOCKET_VOLUME LLM_GATEWAY_TOKEN_HOST_FILE
  env_file=$llmbox_env_file
  [ -f "$env_file" ] || env_file=$llmbox_home/deploy/empty.env
  llmbox_compose_limits
  if [ "$mode" = shell ]; then
    LLMBOX_IMAGE=$llmbox_debug_image
    export LLMBOX_IMAGE
    set -- --entrypoint /bin/sh -- llm "$@"
  else
    set -- -- llm "$@"
  fi
  if [ ! -t 0 ] || [ ! -t 1 ]; then
    set -- -T "$@"
  elif [ -n "${TERM:-}" ]; then
    set -- -e "TERM=$TERM" "$@"
  fi
  llmbox_setting run_label LLMBOX_RUN_LABEL ""
  if [ -n "$run_label" ]; then
    set -- --label "$run_label" "$@"
  fi
  if docker compose version >/dev/null 2>&1; then
    exec docker compose --env-file "$env_file" run --rm --user "$llmbox_user" "$@"
  fi
  exec docker-compose --env-file "$env_file" run --rm --user "$llmbox_user" "$@"
}
