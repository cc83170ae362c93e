/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rdesktop_compat.c - lets rdesktop (1.8, 1.9) connect to a FreeRDP 2
 * server.
 *
 * rdesktop encodes the two integers of its MCS Erect Domain Request as
 * fixed 16-bit values ("04 00 01 00 01") where T.125's PER wants a length
 * byte and the value ("04 01 01 01 01"); FreeRDP 2 parses the PER form,
 * finds one byte left over and drops the connection (FreeRDP issue 6001,
 * rdesktop issue 367; FreeRDP calls it rdesktop's bug and will not
 * change).  The request arrives inside TLS, and FreeRDP gives no hook
 * into its MCS parsing, so the one place a server can fix it is the
 * plaintext that FreeRDP's TLS layer reads: this file interposes OpenSSL's
 * SSL_read (the executable must export it: see rdp/Makefile.inc) and
 * rewrites exactly that PDU into the PER form of the same values and
 * length.  Nothing else is touched: the pattern is a whole TPKT of 12
 * bytes holding an X.224 data header and the Erect Domain Request choice
 * (0x04), in the two ways FreeRDP reads it (the 4-byte TPKT header, then
 * the rest; or all 12 at once).  The values are ignored by FreeRDP.
 *
 * The same request tells that the peer (whose FreeRDP state lives on this
 * thread) is rdesktop, which decodes 32 bpp planar tiles only with an
 * alpha plane (encode.c asks).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <string.h>

#include "rdp/peer.h"

typedef struct ssl_st SSL;
int SSL_read(SSL *ssl, void *buf, int num);

static const unsigned char tpkt_header[4] = { 0x03, 0x00, 0x00, 0x0c };
/* X.224 data, then ErectDomainRequest with rdesktop's 16-bit integers */
static const unsigned char rdesktop_edrq[8] = { 0x02, 0xf0, 0x80, 0x04, 0x00, 0x01, 0x00, 0x01 };
static const unsigned char per_integers[4] = { 0x01, 0x01, 0x01, 0x01 };

/* The last bytes read on this thread: FreeRDP runs each peer on one
 * thread, and reads a PDU's header and body in separate calls. */
static __thread unsigned char last4[4];
/* This thread's peer sent rdesktop's request: rdesktop it is. */
static __thread int saw_rdesktop;

int rdp_compat_peer_is_rdesktop(void)
{
    return saw_rdesktop;
}

static void remember(const unsigned char *b, int n)
{
    if (n >= 4) {
        memcpy(last4, b + n - 4, 4);
    } else if (n > 0) {
        memmove(last4, last4 + n, (size_t)(4 - n));
        memcpy(last4 + 4 - n, b, (size_t)n);
    }
}

int SSL_read(SSL *ssl, void *buf, int num)
{
    static int (*real_read)(SSL *, void *, int);
    unsigned char *b = buf;
    int n;

    if (!real_read)
        real_read = (int (*)(SSL *, void *, int))dlsym(RTLD_NEXT, "SSL_read");
    if (!real_read)
        return -1;
    n = real_read(ssl, buf, num);
    if (n >= 12 && !memcmp(b, tpkt_header, 4) && !memcmp(b + 4, rdesktop_edrq, 8)) {
        memcpy(b + 8, per_integers, 4);
        saw_rdesktop = 1;
    } else if (n >= 8 && !memcmp(last4, tpkt_header, 4) && !memcmp(b, rdesktop_edrq, 8)) {
        memcpy(b + 4, per_integers, 4);
        saw_rdesktop = 1;
    }
    remember(b, n);
    return n;
}
