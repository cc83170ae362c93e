/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * security.c - security descriptors of objects, access checks, and the
 * token calls that token.c does not make.
 *
 * keep isolates a program with its host policy, not with Windows
 * security: the process runs as one user (S-1-5-21-0-0-0-1000, see
 * token.c) who owns everything.  So every object answers the same
 * descriptor: owner and group that user, and a DACL granting all access
 * (the type's GENERIC_ALL mapping) to the user, Administrators and SYSTEM;
 * no SACL.  NtSetSecurityObject checks the descriptor it is given and the
 * handle's rights, then accepts it without keeping it: objects have no
 * place for a descriptor (struct kobject is object.c's), and a later query
 * answers the standard descriptor again.  NtAccessCheck grants what is
 * asked (MAXIMUM_ALLOWED: all of the mapping) once the descriptor and the
 * token pass the checks Windows makes; it does not evaluate the DACL.
 */
#include "kernel.h"

extern const struct kobject_type token_type;    /* token.c */
NTSTATUS NTAPI NtQueryInformationToken(HANDLE, TOKEN_INFORMATION_CLASS, void *, ULONG, ULONG *);
NTSTATUS NTAPI NtDuplicateToken(HANDLE, ACCESS_MASK, OBJECT_ATTRIBUTES *, BOOLEAN, TOKEN_TYPE,
                                HANDLE *);

/* not in nt/info.h */
typedef struct {
    ULONG PrivilegeCount;
    ULONG Control;
    LUID_AND_ATTRIBUTES Privilege[1];
} PRIV_SET;

/* SIDs as bytes: revision, count, authority, sub-authorities */
struct sid_bytes {
    BYTE rev, count;
    BYTE auth[6];
    DWORD sub[5];
};
static const struct sid_bytes user_sid = { 1, 5, { 0, 0, 0, 0, 0, 5 }, { 21, 0, 0, 0, 1000 } };
static const struct sid_bytes admins_sid = { 1, 2, { 0, 0, 0, 0, 0, 5 }, { 32, 544 } };
static const struct sid_bytes system_sid = { 1, 1, { 0, 0, 0, 0, 0, 5 }, { 18 } };
static const struct sid_bytes users_sid = { 1, 2, { 0, 0, 0, 0, 0, 5 }, { 32, 545 } };
static const struct sid_bytes world_sid = { 1, 1, { 0, 0, 0, 0, 0, 1 }, { 0 } };

static ULONG sid_len(const struct sid_bytes *s)
{
    return 8 + 4 * s->count;
}

/* ---- Building the standard descriptor -------------------------------------- */

#define SD_MAX 256

/* The self-relative descriptor for an object of type `type` with the parts
 * `info` asks for; returns its length. */
static ULONG build_descriptor(const struct kobject_type *type, SECURITY_INFORMATION info, BYTE *out)
{
    static const struct sid_bytes *const trustees[] = { &user_sid, &admins_sid, &system_sid };
    SECURITY_DESCRIPTOR_RELATIVE *sd = (SECURITY_DESCRIPTOR_RELATIVE *)out;
    ACCESS_MASK all = type && type->mapping.GenericAll ? type->mapping.GenericAll : GENERIC_ALL;
    ULONG len = sizeof(*sd);

    memset(sd, 0, sizeof(*sd));
    sd->Revision = SECURITY_DESCRIPTOR_REVISION;
    sd->Control = SE_SELF_RELATIVE;
    if (info & OWNER_SECURITY_INFORMATION) {
        sd->Owner = len;
        memcpy(out + len, &user_sid, sid_len(&user_sid));
        len += sid_len(&user_sid);
    }
    if (info & GROUP_SECURITY_INFORMATION) {
        sd->Group = len;
        memcpy(out + len, &user_sid, sid_len(&user_sid));
        len += sid_len(&user_sid);
    }
    if (info & DACL_SECURITY_INFORMATION) {
        ACL *acl = (ACL *)(out + len);
        ULONG pos = sizeof(*acl);
        sd->Control |= SE_DACL_PRESENT;
        sd->Dacl = len;
        for (size_t i = 0; i < ARRAY_SIZE(trustees); i++) {
            ACCESS_ALLOWED_ACE *ace = (ACCESS_ALLOWED_ACE *)((BYTE *)acl + pos);
            ULONG size = offsetof(ACCESS_ALLOWED_ACE, SidStart) + sid_len(trustees[i]);
            ace->Header.AceType = ACCESS_ALLOWED_ACE_TYPE;
            ace->Header.AceFlags = 0;
            ace->Header.AceSize = (USHORT)size;
            ace->Mask = all;
            memcpy(&ace->SidStart, trustees[i], sid_len(trustees[i]));
            pos += size;
        }
        acl->AclRevision = ACL_REVISION;
        acl->Sbz1 = 0;
        acl->AclSize = (USHORT)pos;
        acl->AceCount = ARRAY_SIZE(trustees);
        acl->Sbz2 = 0;
        len += pos;
    }
    return len;
}

/* ---- Reading a caller's descriptor ------------------------------------------ */

static int valid_sid(const SID *sid)
{
    return sid->Revision == SID_REVISION && sid->SubAuthorityCount <= SID_MAX_SUB_AUTHORITIES;
}

static int valid_acl(const ACL *acl)
{
    const BYTE *p = (const BYTE *)(acl + 1), *end = (const BYTE *)acl + acl->AclSize;

    if (acl->AclRevision < MIN_ACL_REVISION || acl->AclRevision > MAX_ACL_REVISION ||
        acl->AclSize < sizeof(*acl))
        return 0;
    for (unsigned i = 0; i < acl->AceCount; i++) {
        const ACE_HEADER *ace = (const ACE_HEADER *)p;
        if (p + sizeof(*ace) > end || ace->AceSize < sizeof(*ace) || p + ace->AceSize > end)
            return 0;
        p += ace->AceSize;
    }
    return 1;
}

struct sd_parts {
    const SID *owner, *group;
    const ACL *dacl, *sacl;
    int dacl_present, sacl_present;
};

/* Find the parts of an absolute or self-relative descriptor (user memory:
 * a bad pointer faults, and the system call returns the fault's code). */
static NTSTATUS parse_descriptor(const void *descr, struct sd_parts *parts)
{
    const SECURITY_DESCRIPTOR *abs = descr;
    const SECURITY_DESCRIPTOR_RELATIVE *rel = descr;
    const BYTE *base = descr;

    memset(parts, 0, sizeof(*parts));
    if (!descr)
        return STATUS_ACCESS_VIOLATION;
    if (abs->Revision != SECURITY_DESCRIPTOR_REVISION)
        return STATUS_UNKNOWN_REVISION;
    parts->dacl_present = (abs->Control & SE_DACL_PRESENT) != 0;
    parts->sacl_present = (abs->Control & SE_SACL_PRESENT) != 0;
    if (abs->Control & SE_SELF_RELATIVE) {
        parts->owner = rel->Owner ? (const SID *)(base + rel->Owner) : NULL;
        parts->group = rel->Group ? (const SID *)(base + rel->Group) : NULL;
        parts->dacl = parts->dacl_present && rel->Dacl ? (const ACL *)(base + rel->Dacl) : NULL;
        parts->sacl = parts->sacl_present && rel->Sacl ? (const ACL *)(base + rel->Sacl) : NULL;
    } else {
        parts->owner = abs->Owner;
        parts->group = abs->Group;
        parts->dacl = parts->dacl_present ? abs->Dacl : NULL;
        parts->sacl = parts->sacl_present ? abs->Sacl : NULL;
    }
    if ((parts->owner && !valid_sid(parts->owner)) || (parts->group && !valid_sid(parts->group)))
        return STATUS_INVALID_SID;
    if ((parts->dacl && !valid_acl(parts->dacl)) || (parts->sacl && !valid_acl(parts->sacl)))
        return STATUS_INVALID_ACL;
    return STATUS_SUCCESS;
}

/* ---- Objects behind any handle ------------------------------------------------ */

/* The object (referenced) and granted access of a handle, pseudo handles
 * included.  The token pseudo handles have no object: *obj is NULL. */
static NTSTATUS ref_handle(HANDLE h, struct kobject **obj, ACCESS_MASK *granted,
                           const struct kobject_type **type)
{
    NTSTATUS st;

    ULONG attributes;

    *obj = NULL;
    if ((uintptr_t)h >= (uintptr_t)-6 && (uintptr_t)h <= (uintptr_t)-4) {
        *granted = TOKEN_ALL_ACCESS;        /* process, thread, effective token */
        *type = &token_type;
        return STATUS_SUCCESS;
    }
    st = handle_ref_any(h, obj, granted, &attributes);
    if (!st)
        *type = (*obj)->type;
    return st;
}

/* Does handle grant need?  *type is its object's type (NULL for a
 * pseudo handle without an object). */
static NTSTATUS handle_grants(HANDLE handle, ACCESS_MASK need, const struct kobject_type **type)
{
    struct kobject *obj;
    ACCESS_MASK granted;
    NTSTATUS st;

    if ((st = ref_handle(handle, &obj, &granted, type)))
        return st;
    if (obj)
        kobject_unref(obj);
    return (granted & need) == need ? STATUS_SUCCESS : STATUS_ACCESS_DENIED;
}

NTSTATUS NTAPI KERNEL_EXPORT NtQuerySecurityObject(HANDLE handle, SECURITY_INFORMATION info,
                                                   PSECURITY_DESCRIPTOR descr, ULONG length,
                                                   ULONG *ret_len)
{
    const struct kobject_type *type = NULL;
    ACCESS_MASK need = READ_CONTROL;
    BYTE sd[SD_MAX];
    ULONG len;
    NTSTATUS st;

    if (info & SACL_SECURITY_INFORMATION)
        need |= ACCESS_SYSTEM_SECURITY;
    if ((st = handle_grants(handle, need, &type)))
        return st;
    len = build_descriptor(type, info, sd);
    if (ret_len)
        *ret_len = len;
    if (length < len)
        return STATUS_BUFFER_TOO_SMALL;
    memcpy(descr, sd, len);
    return STATUS_SUCCESS;
}
SYSCALL(NtQuerySecurityObject);

NTSTATUS NTAPI KERNEL_EXPORT NtSetSecurityObject(HANDLE handle, SECURITY_INFORMATION info,
                                                 PSECURITY_DESCRIPTOR descr)
{
    const struct kobject_type *type = NULL;
    struct sd_parts parts;
    ACCESS_MASK need = 0;
    NTSTATUS st;

    if (!descr)
        return STATUS_ACCESS_VIOLATION;
    if (info & (OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | LABEL_SECURITY_INFORMATION))
        need |= WRITE_OWNER;
    if (info & DACL_SECURITY_INFORMATION)
        need |= WRITE_DAC;
    if (info & SACL_SECURITY_INFORMATION)
        need |= ACCESS_SYSTEM_SECURITY;
    if ((st = handle_grants(handle, need, &type)))
        return st;
    if ((st = parse_descriptor(descr, &parts)))
        return st;
    if (((info & OWNER_SECURITY_INFORMATION) && !parts.owner) ||
        ((info & GROUP_SECURITY_INFORMATION) && !parts.group))
        return STATUS_INVALID_SECURITY_DESCR;
    return STATUS_SUCCESS;      /* accepted; not kept (see the top of the file) */
}
SYSCALL(NtSetSecurityObject);

/* ---- Access checks -------------------------------------------------------------- */

static NTSTATUS token_type_of(HANDLE token, TOKEN_TYPE *type)
{
    struct kobject *obj;
    ULONG len;
    NTSTATUS st;

    if ((st = handle_ref(token, &token_type, TOKEN_QUERY, (void **)&obj)))
        return st;
    kobject_unref(obj);
    return NtQueryInformationToken(token, TokenType, type, sizeof(*type), &len);
}

/* Every token is the one user's, who may do anything: grant the request. */
static ACCESS_MASK grant(ACCESS_MASK desired, const GENERIC_MAPPING *mapping)
{
    if (desired & MAXIMUM_ALLOWED)
        desired = (desired & ~MAXIMUM_ALLOWED) | mapping->GenericAll;
    return desired;
}

#define GENERIC_BITS (GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL)

NTSTATUS NTAPI KERNEL_EXPORT NtAccessCheck(PSECURITY_DESCRIPTOR descr, HANDLE token,
                                           ACCESS_MASK desired, GENERIC_MAPPING *mapping,
                                           PRIV_SET *privs, ULONG *priv_len, ACCESS_MASK *granted,
                                           NTSTATUS *status)
{
    struct sd_parts parts;
    TOKEN_TYPE type;
    NTSTATUS st;

    if (!privs || !priv_len)
        return STATUS_ACCESS_VIOLATION;
    if ((st = parse_descriptor(descr, &parts)))
        return st == STATUS_UNKNOWN_REVISION ? STATUS_ACCESS_VIOLATION : st;
    if ((st = token_type_of(token, &type)))
        return st;
    if (type != TokenImpersonation)
        return STATUS_NO_IMPERSONATION_TOKEN;
    if (desired & GENERIC_BITS)
        return STATUS_GENERIC_NOT_MAPPED;
    if (!parts.owner || !parts.group)
        return STATUS_INVALID_SECURITY_DESCR;
    if (*priv_len < sizeof(PRIV_SET)) {
        *priv_len = sizeof(PRIV_SET);
        return STATUS_BUFFER_TOO_SMALL;
    }
    *priv_len = sizeof(PRIV_SET);
    privs->PrivilegeCount = 0;
    *granted = grant(desired, mapping);
    *status = STATUS_SUCCESS;
    return STATUS_SUCCESS;
}
SYSCALL(NtAccessCheck);

/* The audit half has nothing to audit to; the check is NtAccessCheck's,
 * made for the one user the process runs as. */
NTSTATUS NTAPI KERNEL_EXPORT NtAccessCheckAndAuditAlarm(UNICODE_STRING *subsystem, HANDLE handle_id,
                                                        UNICODE_STRING *type_name,
                                                        UNICODE_STRING *object_name,
                                                        PSECURITY_DESCRIPTOR descr,
                                                        ACCESS_MASK desired,
                                                        GENERIC_MAPPING *mapping, BOOLEAN creation,
                                                        ACCESS_MASK *granted, NTSTATUS *status,
                                                        BOOLEAN *on_close)
{
    struct sd_parts parts;
    NTSTATUS st;

    (void)subsystem; (void)handle_id; (void)type_name; (void)object_name; (void)creation;
    if ((st = parse_descriptor(descr, &parts)))
        return st;
    if (desired & GENERIC_BITS)
        return STATUS_GENERIC_NOT_MAPPED;
    if (!parts.owner || !parts.group)
        return STATUS_INVALID_SECURITY_DESCR;
    *granted = grant(desired, mapping);
    *status = STATUS_SUCCESS;
    if (on_close)
        *on_close = FALSE;
    return STATUS_SUCCESS;
}
SYSCALL(NtAccessCheckAndAuditAlarm);

/* ---- Token calls ------------------------------------------------------------------ */

static int same_sid(const SID *a, const struct sid_bytes *b)
{
    return a->Revision == b->rev && a->SubAuthorityCount == b->count &&
           !memcmp(a->IdentifierAuthority.Value, b->auth, 6) &&
           !memcmp(a->SubAuthority, b->sub, 4 * b->count);
}

/*
 * The token's groups (token.c: Everyone, Administrators, Users) are all
 * mandatory: they can be "enabled" (they are), never disabled.  prev gets
 * the previous state of the groups the call names (all of them on reset).
 */
NTSTATUS NTAPI KERNEL_EXPORT NtAdjustGroupsToken(HANDLE token, BOOLEAN reset, TOKEN_GROUPS *groups,
                                                 ULONG length, TOKEN_GROUPS *prev, ULONG *ret_len)
{
    static const struct sid_bytes *const ours[] = { &world_sid, &admins_sid, &users_sid };
    const ULONG attrs = SE_GROUP_ENABLED | SE_GROUP_ENABLED_BY_DEFAULT | SE_GROUP_MANDATORY;
    const struct sid_bytes *hit[ARRAY_SIZE(ours)];
    struct kobject *obj;
    ULONG n = 0, need;
    NTSTATUS st;

    if ((st = handle_ref(token, &token_type, TOKEN_ADJUST_GROUPS | (prev ? TOKEN_QUERY : 0),
                         (void **)&obj)))
        return st;
    kobject_unref(obj);
    if (!reset && !groups)
        return STATUS_INVALID_PARAMETER;
    for (size_t k = 0; k < ARRAY_SIZE(ours); k++) {
        int named = reset;
        for (ULONG i = 0; !reset && i < groups->GroupCount; i++) {
            if (!valid_sid(groups->Groups[i].Sid))
                return STATUS_INVALID_SID;
            if (!same_sid(groups->Groups[i].Sid, ours[k]))
                continue;
            named = 1;
            if (!(groups->Groups[i].Attributes & SE_GROUP_ENABLED))
                return STATUS_CANT_DISABLE_MANDATORY;
        }
        if (named)
            hit[n++] = ours[k];
    }
    if (!prev)
        return STATUS_SUCCESS;
    need = offsetof(TOKEN_GROUPS, Groups) + (n ? n : 1) * sizeof(SID_AND_ATTRIBUTES);
    for (ULONG i = 0; i < n; i++)
        need += sid_len(hit[i]);
    if (ret_len)
        *ret_len = need;
    if (length < need)
        return STATUS_BUFFER_TOO_SMALL;
    BYTE *p = (BYTE *)&prev->Groups[n ? n : 1];
    prev->GroupCount = n;
    for (ULONG i = 0; i < n; i++) {
        memcpy(p, hit[i], sid_len(hit[i]));
        prev->Groups[i].Sid = p;
        prev->Groups[i].Attributes = attrs;
        p += sid_len(hit[i]);
    }
    return STATUS_SUCCESS;
}
SYSCALL(NtAdjustGroupsToken);

/*
 * A restricted copy of a token.  Tokens here carry no groups or privileges
 * of their own (token.c answers the same for every token), so the copy
 * has the original's type and nothing else differs: what the filter would
 * take away is not recorded.
 */
NTSTATUS NTAPI KERNEL_EXPORT NtFilterToken(HANDLE token, ULONG flags, TOKEN_GROUPS *disable_sids,
                                           TOKEN_PRIVILEGES *privileges,
                                           TOKEN_GROUPS *restrict_sids, HANDLE *new_token)
{
    TOKEN_TYPE type;
    NTSTATUS st;

    (void)privileges;
    if (flags & ~(ULONG)(DISABLE_MAX_PRIVILEGE | SANDBOX_INERT | LUA_TOKEN | WRITE_RESTRICTED))
        return STATUS_INVALID_PARAMETER;
    for (ULONG i = 0; disable_sids && i < disable_sids->GroupCount; i++)
        if (!valid_sid(disable_sids->Groups[i].Sid))
            return STATUS_INVALID_SID;
    for (ULONG i = 0; restrict_sids && i < restrict_sids->GroupCount; i++)
        if (!valid_sid(restrict_sids->Groups[i].Sid))
            return STATUS_INVALID_SID;
    if ((st = token_type_of(token, &type)))
        return st;
    return NtDuplicateToken(token, TOKEN_ALL_ACCESS, NULL, FALSE, type, new_token);
}
SYSCALL(NtFilterToken);

/*
 * AppContainer (lowbox) tokens would need per-token SIDs, capabilities and
 * an object namespace of their own; keep has none of these, and says so
 * the way a system without AppContainer support does.
 */
NTSTATUS NTAPI KERNEL_EXPORT NtCreateLowBoxToken(HANDLE *token_handle, HANDLE token,
                                                 ACCESS_MASK access, OBJECT_ATTRIBUTES *attr,
                                                 SID *sid, ULONG count,
                                                 SID_AND_ATTRIBUTES *capabilities,
                                                 ULONG handle_count, HANDLE *handles)
{
    (void)token; (void)access; (void)attr; (void)sid; (void)count; (void)capabilities;
    (void)handle_count; (void)handles;
    if (token_handle)
        *token_handle = NULL;
    return STATUS_NOT_SUPPORTED;
}
SYSCALL(NtCreateLowBoxToken);

/*
 * Threads do not impersonate here (token.c: NtOpenThreadToken answers
 * STATUS_NO_TOKEN): a thread always acts as the process's one user.  The
 * call checks the thread handle and succeeds with nothing to switch.
 */
NTSTATUS NTAPI KERNEL_EXPORT NtImpersonateAnonymousToken(HANDLE thread)
{
    struct kthread *t;
    NTSTATUS st;

    if ((st = thread_ref_access(thread, THREAD_IMPERSONATE, &t)))
        return st;
    kobject_unref(t);
    return STATUS_SUCCESS;
}
SYSCALL(NtImpersonateAnonymousToken);
