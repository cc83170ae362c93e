#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A client not built on FreeRDP: node-rdpjs (pure JavaScript, from npm,
# installed into tests/rdp/node by .ci/deps) against keep-rdp-test.  Fails
# when node or the package is missing.  TAP output from the script.
: "${srcdir:=.}" "${top_builddir:=.}"
if ! command -v node >/dev/null 2>&1; then
    echo "not ok 1 - node is installed (see .ci/deps)"
    echo "1..1"
    exit 1
fi
# The package: where configure's KEEP_NODE_MODULES says (make distcheck),
# else beside the script.
if [ -n "${KEEP_NODE_MODULES:-}" ]; then
    NODE_PATH=$KEEP_NODE_MODULES
    export NODE_PATH
fi
exec node "$srcdir/tests/rdp/node/test_rdpjs.js" "$top_builddir/rdp/keep-rdp-test" tests/rdp/rdpjs-screenshot.ppm
