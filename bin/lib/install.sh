# Sourced by the scripts in bin/: installs what they need that Maven does not bring, with apt-get on Debian.
# ensure_fashion_mnist: a fresh machine has no data set; Debian's dataset-fashion-mnist package puts the four IDX
# files under /usr/share/datasets/fashion-mnist. A machine without apt-get, or one that points GUIDESTREAM_DATA
# elsewhere, is left alone: the Java side names the missing file and how to get it.

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  as_root apt-get install -y -q "$@" >/dev/null 2>&1 \
    || { as_root apt-get update -q >/dev/null 2>&1 && as_root apt-get install -y -q "$@" >/dev/null 2>&1; }
}

ensure_fashion_mnist() {
  [ -z "${GUIDESTREAM_DATA:-}" ] || return 0
  [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || return 0
  command -v apt-get >/dev/null || return 0
  echo "installing Fashion-MNIST (Debian's dataset-fashion-mnist)" >&2
  apt_install dataset-fashion-mnist || echo "could not install dataset-fashion-mnist" >&2
}
