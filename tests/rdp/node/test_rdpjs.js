// SPDX-License-Identifier: LGPL-2.1-or-later
// test_rdpjs.js - a client not built on FreeRDP against keep-rdp-test on
// loopback: node-rdpjs (a pure JavaScript RDP client from npm) connects
// over TLS, paints the bitmap updates it receives into its own
// framebuffer, which must show the exact colour bars and a frame counter;
// it saves that picture (PPM), sends a key that must arrive in the
// display's input queue and show on the picture.  TAP output.
//
//   node test_rdpjs.js KEEP_RDP_TEST_PROGRAM SCREENSHOT.ppm
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const W = 640, H = 480, CELL = 16;
const BARS = [0xffffff, 0xffff00, 0x00ffff, 0x00ff00, 0xff00ff, 0xff0000, 0x0000ff, 0x000000];
const GREY = 0x202020, WHITE = 0xffffff;

let count = 0, failed = 0;
function ok(cond, what) {
    count++;
    if (!cond) failed++;
    console.log(`${cond ? '' : 'not '}ok ${count} - ${what}`);
    return cond;
}
function done() {
    console.log(`1..${count}`);
    process.exit(failed ? 1 : 0);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.on('error', reject);
        s.listen(0, '127.0.0.1', () => {
            const port = s.address().port;
            s.close(() => resolve(port));
        });
    });
}

// The server's stdout, line by line.
function lineReader(stream) {
    const lines = [];
    let buf = '';
    stream.on('data', (d) => {
        buf += d.toString();
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
            lines.push(buf.slice(0, i));
            buf = buf.slice(i + 1);
        }
    });
    return async (match, ms) => {
        for (let t = 0; t < ms; t += 50) {
            const i = lines.findIndex((l) => l.includes(match));
            if (i >= 0) return lines.splice(0, i + 1).pop();
            await sleep(50);
        }
        return null;
    };
}

// Paints one bitmap update: uncompressed data is bottom-up, rows padded to
// 4 bytes, B G R (X); decompressed data (node-rdpjs's RLE decoder) is
// top-down R G B A.
function paint(fb, b) {
    const w = b.width, h = b.height, bpp = b.bitsPerPixel;
    const dw = b.destRight - b.destLeft + 1, dh = b.destBottom - b.destTop + 1;
    const data = Buffer.from(b.data.buffer ? b.data.buffer : b.data, b.data.byteOffset || 0, b.data.length);
    if (bpp !== 24 && bpp !== 32) return false;
    const bytes = bpp / 8, stride = b.isCompress ? w * 4 : (w * bytes + 3) & ~3;
    for (let y = 0; y < dh && y < h; y++) {
        const row = b.isCompress ? y : h - 1 - y;
        for (let x = 0; x < dw && x < w; x++) {
            const o = row * stride + x * (b.isCompress ? 4 : bytes);
            const X = b.destLeft + x, Y = b.destTop + y;
            if (X >= W || Y >= H) continue;
            fb[Y * W + X] = b.isCompress ? (data[o] << 16) | (data[o + 1] << 8) | data[o + 2]
                                          : (data[o + 2] << 16) | (data[o + 1] << 8) | data[o];
        }
    }
    return true;
}

function barsExact(fb) {
    for (let y = 0; y < H / 2; y++)
        for (let x = 0; x < W; x++)
            if (fb[y * W + x] !== BARS[Math.min(7, Math.floor(x / (W / 8)))]) return false;
    for (let x = 0; x < W; x++)
        if (fb[(H / 2 + 8) * W + x] !== GREY) return false;
    return true;
}

function bits(fb, y, n) {
    let v = 0;
    for (let b = 0; b < n; b++)
        if (fb[(y + CELL / 2) * W + b * CELL + CELL / 2] === WHITE) v |= 1 << b;
    return v >>> 0;
}

function savePpm(fb, file) {
    const head = Buffer.from(`P6\n${W} ${H}\n255\n`);
    const px = Buffer.alloc(W * H * 3);
    for (let i = 0; i < W * H; i++) {
        px[i * 3] = fb[i] >> 16;
        px[i * 3 + 1] = (fb[i] >> 8) & 0xff;
        px[i * 3 + 2] = fb[i] & 0xff;
    }
    fs.writeFileSync(file, Buffer.concat([head, px]));
}

async function main() {
    const [prog, shot] = process.argv.slice(2);
    let rdp;
    try {
        rdp = require('node-rdpjs-2');
    } catch (e) {
        ok(false, 'node-rdpjs-2 is installed (npm install in tests/rdp/node; .ci/deps does it)');
        done();
    }
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keep-rdpjs-'));
    const server = spawn(prog, ['--rdp', `127.0.0.1:${port}`, '--instance', dir, '--size', `${W}x${H}`],
                         { stdio: ['ignore', 'pipe', fs.openSync(path.join(dir, 'server.log'), 'w')] });
    const readLine = lineReader(server.stdout);
    if (!ok(await readLine('listening', 20000), `keep-rdp-test listens on 127.0.0.1:${port}`)) done();

    const fb = new Uint32Array(W * H).fill(0xff000000);
    let bitmaps = 0, unknown = 0, closed = false, errors = [];
    const client = rdp.createClient({
        domain: '', userName: 'keep', password: '', enablePerf: true, autoLogin: true, decompress: true,
        screen: { width: W, height: H }, locale: 'en', logLevel: 'ERROR',
    }).on('bitmap', (b) => {
        bitmaps++;
        if (!paint(fb, b)) unknown++;
    }).on('close', () => { closed = true; })
      .on('error', (e) => { errors.push(String(e && e.code || e)); });
    client.connect('127.0.0.1', port);

    let good = false;
    for (let t = 0; t < 10000 && !good && !closed; t += 100) {
        await sleep(100);
        good = barsExact(fb) && bits(fb, H - 2 * CELL - 8, 32) > 0;
    }
    const c1 = bits(fb, H - 2 * CELL - 8, 32);
    ok(good, `node-rdpjs paints the exact bars and a frame counter (${bitmaps} bitmaps, counter ${c1})`);
    ok(unknown === 0, `every bitmap was in a format it decodes (${unknown} not)`);
    savePpm(fb, shot);
    ok(fs.statSync(shot).size === W * H * 3 + 15, `screenshot saved to ${shot}`);
    await sleep(500);
    const c2 = bits(fb, H - 2 * CELL - 8, 32);
    ok(c2 > c1, `the picture moves (counter ${c1} -> ${c2})`);

    client.sendKeyEventScancode(0x1f, true);
    client.sendKeyEventScancode(0x1f, false);
    ok(await readLine('event key down 0x1f', 5000), 'its key reaches the display\'s input queue');
    let key = 0;
    for (let t = 0; t < 5000 && key !== 0x1f; t += 50) {
        await sleep(50);
        key = bits(fb, H - CELL - 4, 8);
    }
    ok(key === 0x1f, `the picture shows the key (0x${key.toString(16)})`);
    ok(!closed && errors.length === 0, `still connected, no protocol errors (${errors.join(', ') || 'none'})`);
    client.close();
    server.kill('SIGTERM');
    const code = await new Promise((r) => server.on('exit', (c) => r(c)));
    ok(code === 0, 'keep-rdp-test exits cleanly on SIGTERM');
    if (failed) console.log(`# server log kept in ${dir}/server.log`);
    else fs.rmSync(dir, { recursive: true, force: true });
    done();
}

main().catch((e) => {
    ok(false, `no exception (${e && e.stack || e})`);
    done();
});
