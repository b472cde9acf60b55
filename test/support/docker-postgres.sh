#!/usr/bin/env bash
# A real Docker engine and a local postgres:15 image for the container suite (see shared/docs/DOCKER.md).
#   up      install docker.io/iptables/debootstrap if missing, start dockerd unless one answers, and build the image
#           postgres:15 unless present (Debian's postgresql-15 in a debootstrap rootfs, cached in $MG_CACHE).
#   down    stop the dockerd that `up` started (and only that one) and undo its network changes.
#   status  print whether an engine answers and whether the image exists.
# Idempotent: `up` twice is a no-op the second time; `down` without a prior `up` leaves everything alone.
set -euo pipefail

PG=15
IMAGE="postgres:$PG"
CACHE="${MG_CACHE:-$HOME/.cache/migration-guard}"
STATE="$CACHE/docker"
EXEC_ROOT=/var/run/mg-docker
PIDFILE="$STATE/dockerd.pid"
OURS="$STATE/started-by-script"
ROOTFS_TAR="$CACHE/postgres-$PG-rootfs.tar"

log() { echo "docker-postgres: $*" >&2; }
engine_up() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

install_packages() {
  local need=()
  command -v dockerd >/dev/null || need+=(docker.io)
  command -v iptables >/dev/null || need+=(iptables)
  command -v debootstrap >/dev/null || need+=(debootstrap)
  [ ${#need[@]} -eq 0 ] && return 0
  log "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

wait_engine() {
  local i
  for i in $(seq 1 300); do
    engine_up && return 0
    [ -f "$OURS" ] && ! kill -0 "$(cat "$OURS")" 2>/dev/null && return 1
    sleep 0.1
  done
  return 1
}

start_dockerd() {
  mkdir -p "$STATE" "$EXEC_ROOT"
  [ -f "$STATE/ip_forward.before" ] || cat /proc/sys/net/ipv4/ip_forward >"$STATE/ip_forward.before"
  local root="$STATE/data" extra=()
  if [ "${1:-}" = fallback ]; then
    root="$STATE/data-vfs"
    extra=(--iptables=false --storage-driver=vfs)
  fi
  setsid dockerd --data-root "$root" --exec-root "$EXEC_ROOT" --pidfile "$PIDFILE" \
    -H unix:///var/run/docker.sock "${extra[@]}" >>"$STATE/dockerd.log" 2>&1 </dev/null &
  echo $! >"$OURS"
  wait_engine
}

stop_dockerd() {
  local pid
  pid="$(cat "$PIDFILE" 2>/dev/null || cat "$OURS" 2>/dev/null || true)"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$PIDFILE"
}

debian_mirror() {
  local m
  m="$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | grep -v security | head -n1 | awk '{print $2}')"
  [ -n "$m" ] || m="$(grep -hsE '^deb ' /etc/apt/sources.list | grep -v security | head -n1 | awk '{print $2}')"
  echo "${m:-http://deb.debian.org/debian}"
}

build_rootfs() {
  local root
  root="$(mktemp -d /var/tmp/mg-rootfs.XXXXXX)"
  # shellcheck disable=SC2064
  trap "umount -l '$root/proc' 2>/dev/null || true; rm -rf '$root'" EXIT
  log "debootstrap bookworm (minbase) from $(debian_mirror)"
  debootstrap --variant=minbase bookworm "$root" "$(debian_mirror)" >"$STATE/debootstrap.log" 2>&1
  mount -t proc proc "$root/proc"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod +x "$root/usr/sbin/policy-rc.d"
  mkdir -p "$root/etc/postgresql-common"
  echo 'create_main_cluster = false' >"$root/etc/postgresql-common/createcluster.conf"
  log "installing postgresql-$PG in the rootfs"
  chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "postgresql-$PG" \
    >>"$STATE/debootstrap.log" 2>&1
  chroot "$root" apt-get clean
  rm -rf "$root/var/lib/apt/lists/"* "$root/usr/sbin/policy-rc.d"
  umount -l "$root/proc"
  tar -C "$root" -cf "$ROOTFS_TAR.tmp" .
  mv "$ROOTFS_TAR.tmp" "$ROOTFS_TAR"
  rm -rf "$root"
  trap - EXIT
}

write_context() {
  local ctx="$1"
  mkdir -p "$ctx/initdb.d"
  cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM local/postgres:$PG-base
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
COPY initdb.d /docker-entrypoint-initdb.d/
ENV PGDATA=/var/lib/postgresql/data PATH=/usr/lib/postgresql/$PG/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
DOCKERFILE
  # The official image's contract: POSTGRES_HOST_AUTH_METHOD, POSTGRES_PASSWORD, POSTGRES_USER, POSTGRES_DB, PGDATA,
  # /docker-entrypoint-initdb.d, extra arguments passed to postgres; initdb and the server run as postgres.
  cat >"$ctx/docker-entrypoint.sh" <<'ENTRYPOINT'
#!/bin/bash
set -e
export PGDATA="${PGDATA:-/var/lib/postgresql/data}"
if [ "${1:0:1}" = '-' ]; then set -- postgres "$@"; fi
if [ "$1" = postgres ] && [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi
if [ "$1" = postgres ]; then
  shift
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    user="${POSTGRES_USER:-postgres}"
    auth="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
    if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$auth" != trust ]; then
      echo 'error: set POSTGRES_PASSWORD, or POSTGRES_HOST_AUTH_METHOD=trust' >&2
      exit 1
    fi
    pw="$(mktemp)"
    printf '%s' "${POSTGRES_PASSWORD:-}" >"$pw"
    initdb -D "$PGDATA" -U "$user" -E UTF8 --no-locale --auth-local=trust --auth-host="$auth" \
      ${POSTGRES_PASSWORD:+--pwfile="$pw"} >/dev/null
    rm -f "$pw"
    echo "host all all all $auth" >>"$PGDATA/pg_hba.conf"
    db="${POSTGRES_DB:-$user}"
    pg_ctl -D "$PGDATA" -w -o "-c listen_addresses='' -k /var/run/postgresql" start >/dev/null
    if [ "$db" != postgres ]; then psql -q -h /var/run/postgresql -U "$user" -d postgres -c "CREATE DATABASE \"$db\""; fi
    for f in /docker-entrypoint-initdb.d/*; do
      case "$f" in
        *.sh) . "$f" ;;
        *.sql) psql -q -v ON_ERROR_STOP=1 -h /var/run/postgresql -U "$user" -d "$db" -f "$f" ;;
      esac
    done
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  fi
  exec postgres -D "$PGDATA" -c listen_addresses='*' -k /var/run/postgresql "$@"
fi
exec "$@"
ENTRYPOINT
  chmod +x "$ctx/docker-entrypoint.sh"
}

build_image() {
  docker image inspect "$IMAGE" >/dev/null 2>&1 && return 0
  if ! docker image inspect "local/postgres:$PG-base" >/dev/null 2>&1; then
    [ -s "$ROOTFS_TAR" ] || build_rootfs
    log "importing the rootfs ($ROOTFS_TAR)"
    docker import "$ROOTFS_TAR" "local/postgres:$PG-base" >/dev/null
  fi
  local ctx
  ctx="$(mktemp -d)"
  write_context "$ctx"
  DOCKER_BUILDKIT=0 docker build -q -t "local/postgres:$PG" "$ctx" >/dev/null
  rm -rf "$ctx"
  docker tag "local/postgres:$PG" "$IMAGE"
  log "image $IMAGE ready"
}

up() {
  mkdir -p "$STATE"
  if ! engine_up; then
    install_packages
    log "starting dockerd (data root in $STATE)"
    if ! start_dockerd; then
      log "dockerd did not come up with overlay2/iptables; retrying with --iptables=false --storage-driver=vfs"
      stop_dockerd
      start_dockerd fallback || { tail -n 20 "$STATE/dockerd.log" >&2; exit 1; }
    fi
  fi
  command -v debootstrap >/dev/null || docker image inspect "$IMAGE" >/dev/null 2>&1 || install_packages
  build_image
}

down() {
  if [ ! -f "$OURS" ]; then
    log "no dockerd started by this script: nothing to stop"
    return 0
  fi
  local ids
  ids="$(docker ps -aq --filter label=migration-guard.owner 2>/dev/null || true)"
  [ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1 || true
  stop_dockerd
  ip link delete docker0 2>/dev/null || true
  if command -v iptables-save >/dev/null; then
    iptables-save | grep -v -e DOCKER -e docker0 | iptables-restore 2>/dev/null || true
  fi
  [ -f "$STATE/ip_forward.before" ] && cat "$STATE/ip_forward.before" >/proc/sys/net/ipv4/ip_forward 2>/dev/null || true
  rm -f "$STATE/ip_forward.before"
  grep -s " $EXEC_ROOT" /proc/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -f "$OURS"
  log "dockerd stopped"
}

status() {
  if engine_up; then echo "engine: $(docker version --format '{{.Server.Version}}')"; else echo 'engine: none'; fi
  if engine_up && docker image inspect "$IMAGE" >/dev/null 2>&1; then echo "image: $IMAGE"; else echo 'image: none'; fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *)
    echo "usage: $0 up|down|status" >&2
    exit 2
    ;;
esac
