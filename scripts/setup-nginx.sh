#!/bin/sh
# Installs Debian's nginx plus the dynamic stream module, the oracle of the nginx parser tests
# (docs: nginx-stream-proxy.md §6.1). Idempotent: does nothing when both are already present,
# and runs `apt-get update` only when the package lists do not know the packages yet.
set -eu

MODULE=/usr/lib/nginx/modules/ngx_stream_module.so

if command -v nginx >/dev/null 2>&1 && [ -f "$MODULE" ]; then
  echo "nginx and the stream module are already installed: $(nginx -v 2>&1)"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "setup-nginx.sh must run as root (apt-get install)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if ! apt-cache show nginx libnginx-mod-stream >/dev/null 2>&1; then
  apt-get update -q
fi
# The package's post-install start is normally refused by policy-rc.d in containers; even if it
# is not, `nginx -t` in the tests never needs a running server.
apt-get install -y -q --no-install-recommends nginx libnginx-mod-stream

nginx -v
test -f "$MODULE"
