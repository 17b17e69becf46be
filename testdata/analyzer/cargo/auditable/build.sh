#!/bin/sh
# Rebuilds demo, a real (if minimal) Rust executable whose .dep-v0 section
# holds dep-v0.json zlib-compressed, as cargo-auditable writes it. Needs
# rustc, a C linker and python3; the output is committed and tests need
# none of them.
set -eu
cd "$(dirname "$0")"
python3 -c 'import zlib; open("dep-v0.z", "wb").write(zlib.compress(open("dep-v0.json", "rb").read().strip(), 9))'
rustc --edition 2021 -C panic=abort -C opt-level=s -C strip=symbols \
	-C link-arg=-nostartfiles -C link-arg=-static -C relocation-model=static \
	-o demo main.rs
rm dep-v0.z
