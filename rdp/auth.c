/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * auth.c - the optional password of a served display.
 *
 * NLA (CredSSP/NTLM): the server never sees the client's password; WinPR's
 * NTLM asks us for the NTLMv2 hash of the user the client names, which we
 * compute from the configured password (no SAM file on disk).  A wrong
 * password fails NTLM's proof check and the connection ends there.
 *
 * TLS without NLA (clients such as rdesktop): the client sends its user
 * name and password inside the TLS session, in its Client Info PDU; they
 * are compared after it arrives (PostConnect), before any picture is sent.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include <winpr/ntlm.h>
#include <winpr/string.h>

#include "rdp/peer.h"

static void count_refusal(struct rdp_peer *p, const char *how, const char *user)
{
    pthread_mutex_lock(&p->srv->lock);
    p->srv->stats.refused++;
    pthread_mutex_unlock(&p->srv->lock);
    rdp_log("peer %u: refused: %s (user '%s')", p->id, how, user ? user : "");
}

/* The user name a client gave, as UTF-8 (caller frees), or NULL. */
static char *identity_user(const SEC_WINNT_AUTH_IDENTITY *id)
{
    char *user = NULL;

    /* WinPR's NTLM keeps names in UTF-16 whatever Flags says. */
    if (!id->User || id->UserLength == 0)
        return strdup("");
    if (ConvertFromUnicode(CP_UTF8, 0, (LPCWSTR)id->User, (int)id->UserLength, &user, 0, NULL, NULL) <= 0)
        return NULL;
    return user;
}

static int user_matches(const struct rdp_server *srv, const char *user)
{
    return !srv->user || (user && _stricmp(user, srv->user) == 0);
}

/* WinPR's NTLM calls this with the peer as the first argument; non-zero
 * means the hash was written. */
static SECURITY_STATUS compute_ntlm_hash(void *arg, const SEC_WINNT_AUTH_IDENTITY *id, const SecBuffer *proof,
                                         const BYTE *randkey, const BYTE *mic, const SecBuffer *micvalue,
                                         BYTE *hash)
{
    freerdp_peer *client = arg;
    struct rdp_peer *p = (struct rdp_peer *)client->context;
    struct rdp_server *srv = p->srv;
    char *user = identity_user(id);
    WCHAR *password = NULL;
    int n, ok = 0;

    (void)proof;
    (void)randkey;
    (void)mic;
    (void)micvalue;
    if (!user_matches(srv, user)) {
        count_refusal(p, "NLA logon as an unknown user", user);
        goto out;
    }
    n = ConvertToUnicode(CP_UTF8, 0, srv->password, -1, &password, 0);
    if (n <= 0)
        goto out;
    /* n counts the terminating NUL; lengths are in bytes. */
    ok = NTOWFv2W(password, (UINT32)(n - 1) * 2, (LPWSTR)id->User, id->UserLength * 2, (LPWSTR)id->Domain,
                  id->DomainLength * 2, hash);
    p->nla_user = user;
    user = NULL;
out:
    free(user);
    free(password);
    return ok ? 1 : 0;
}

/* Called by FreeRDP once NLA succeeded (automatic) or, for TLS, with no
 * credentials yet. */
static BOOL on_logon(freerdp_peer *client, SEC_WINNT_AUTH_IDENTITY *id, BOOL automatic)
{
    struct rdp_peer *p = (struct rdp_peer *)client->context;

    (void)id;
    if (automatic && p->nla_user) {
        p->authenticated = 1;
        rdp_log("peer %u: logged on by NLA as '%s'", p->id, p->nla_user);
    }
    return TRUE;
}

void rdp_auth_configure(struct rdp_server *srv, freerdp_peer *client)
{
    if (!srv->password)
        return;
    client->ComputeNtlmHash = compute_ntlm_hash;
    client->Logon = on_logon;
}

BOOL rdp_auth_check_info(struct rdp_peer *p)
{
    const struct rdp_server *srv = p->srv;
    const rdpSettings *s = p->base.settings;

    if (!srv->password || p->authenticated)
        return TRUE;
    if (user_matches(srv, s->Username) && s->Password && strcmp(s->Password, srv->password) == 0) {
        p->authenticated = 1;
        rdp_log("peer %u: logged on by password as '%s'", p->id, s->Username ? s->Username : "");
        return TRUE;
    }
    count_refusal(p, "wrong user or password", s->Username);
    return FALSE;
}

/* A peer that ended during NLA after we computed its hash gave a wrong
 * password: NTLM's proof check failed inside WinPR. */
void rdp_auth_note_end(struct rdp_peer *p)
{
    if (p->nla_user && !p->authenticated)
        count_refusal(p, "NLA authentication failed (wrong password)", p->nla_user);
    free(p->nla_user);
    p->nla_user = NULL;
}
