# Shared by run.sh and test.sh: installs Debian packages the project needs when missing.
# Usage: source infra/scripts/prereqs.sh; need espeak-ng espeak-ng   (command, package)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=""
apt_install() {
  printf '\n==> installing %s\n' "$*"
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

# need COMMAND PACKAGE: installs PACKAGE unless COMMAND is on PATH.
need() { command -v "$1" >/dev/null || apt_install "$2"; }
