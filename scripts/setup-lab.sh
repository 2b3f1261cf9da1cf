#!/bin/sh
# Installs what the tunnel lab (test/lab/) runs: Debian's strongSwan (charon with the
# kernel-libipsec plugin, swanctl, pki), nginx with the dynamic stream module, and ping for the
# traffic through the tunnels. Idempotent:
# installs only the packages that are missing, runs `apt-get update` only when apt does not know
# them yet, and never lets a package start its service in the root namespace (policy-rc.d).
set -eu

# libstrongswan-standard-plugins (openssl, gcm, curve25519 via openssl) is only a Recommends of
# libstrongswan, and --no-install-recommends would leave charon without RSA and ECDH.
PACKAGES="strongswan-charon strongswan-swanctl strongswan-pki libcharon-extra-plugins libstrongswan-standard-plugins nginx libnginx-mod-stream iputils-ping"

missing=""
for package in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing="$missing $package"
  fi
done

if [ -z "$missing" ]; then
  echo "lab packages are already installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "setup-lab.sh must run as root (apt-get install:$missing)" >&2
  exit 1
fi

# A package's post-install script would start nginx (binding :80) or charon in the root
# namespace. Containers usually have a policy-rc.d that refuses; provide one for the install
# when there is none, and remove only the one made here.
made_policy=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  made_policy=yes
fi
cleanup() { if [ -n "$made_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086 # the package list is meant to split
if ! apt-cache show $missing >/dev/null 2>&1; then
  apt-get update -q
fi
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing

test -x /usr/lib/ipsec/charon
test -f /usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so
test -f /usr/lib/ipsec/plugins/libstrongswan-openssl.so
test -f /usr/lib/nginx/modules/ngx_stream_module.so
echo "lab packages installed:$missing"
