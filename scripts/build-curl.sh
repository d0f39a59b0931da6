#!/bin/sh
# Builds a minimal static libcurl from Debian's own curl source package.
#
# Debian's libcurl.a links against Kerberos, LDAP, SASL, libpsl and more, none of
# which a scratch image can carry. This build keeps only what llm needs: HTTP(S)
# and HTTP/2 through OpenSSL, nghttp2 and zlib, the threaded resolver, Unix
# sockets and proxies. Output: $PREFIX/lib/libcurl.a and $PREFIX/include.
set -eu

PREFIX=${1:?usage: build-curl.sh PREFIX}
case "$PREFIX" in /*) ;; *) PREFIX="$(pwd)/$PREFIX" ;; esac
if [ -f "$PREFIX/lib/libcurl.a" ]; then
  exit 0
fi

work="$PREFIX.src"
rm -rf "$work"
mkdir -p "$work"
cd "$work"
# Needs a deb-src entry; scripts/install-deps.sh adds one.
apt-get source --download-only curl >/dev/null
dpkg-source --no-check -x curl_*.dsc src >/dev/null
cd src
./configure --prefix="$PREFIX" --disable-shared --enable-static \
  --with-openssl --with-nghttp2 --with-zlib --enable-threaded-resolver \
  --disable-ldap --disable-ldaps --disable-rtsp --disable-dict --disable-telnet \
  --disable-tftp --disable-pop3 --disable-imap --disable-smb --disable-smtp \
  --disable-gopher --disable-mqtt --disable-ftp --disable-file --disable-ntlm \
  --disable-manual --disable-docs --disable-alt-svc --disable-hsts \
  --without-libpsl --without-libidn2 --without-brotli --without-zstd \
  --without-librtmp --without-libssh --without-libssh2 --without-gssapi \
  --without-ca-bundle --without-ca-path --without-ca-fallback \
  CFLAGS="-O2 -fPIE -fstack-protector-strong" >/dev/null
make -j"$(nproc)" -C lib >/dev/null
make -C lib install >/dev/null
make -C include install >/dev/null
cd /
rm -rf "$work"
