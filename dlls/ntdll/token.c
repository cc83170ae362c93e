/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * token.c - the process token: one user, as Wine has it (S-1-5-21-0-0-0-1000,
 * a member of Administrators, elevated), plus locally unique ids.
 *
 * keep isolates programs with its host policy, not with Windows security,
 * so tokens only have to answer what Win32 code asks of them.
 */
#include "kernel.h"

struct ktoken {
    struct kobject obj;
    TOKEN_TYPE type;
};

const struct kobject_type token_type = {
    .name = "Token",
    .mapping = { STANDARD_RIGHTS_READ | TOKEN_QUERY_SOURCE | TOKEN_QUERY | TOKEN_DUPLICATE,
                 STANDARD_RIGHTS_WRITE | TOKEN_ADJUST_PRIVILEGES | TOKEN_ADJUST_GROUPS |
                     TOKEN_ADJUST_DEFAULT,
                 STANDARD_RIGHTS_EXECUTE | TOKEN_IMPERSONATE, TOKEN_ALL_ACCESS },
    .valid_access = TOKEN_ALL_ACCESS,
};

/* not in nt/info.h */
typedef struct { DWORD PrivilegeCount; DWORD Control; LUID_AND_ATTRIBUTES Privilege[1]; } PRIVILEGE_SET;

static volatile int64_t next_luid = 0x10000;

/* S-1-5-21-0-0-0-1000 and friends, as bytes of a SID */
struct sid6 { BYTE rev, count; BYTE auth[6]; DWORD sub[5]; };
static const struct sid6 user_sid = { 1, 5, { 0, 0, 0, 0, 0, 5 }, { 21, 0, 0, 0, 1000 } };
static const struct sid6 admins_sid = { 1, 2, { 0, 0, 0, 0, 0, 5 }, { 32, 544 } };
static const struct sid6 users_sid = { 1, 2, { 0, 0, 0, 0, 0, 5 }, { 32, 545 } };
static const struct sid6 world_sid = { 1, 1, { 0, 0, 0, 0, 0, 1 }, { 0 } };
static const struct sid6 high_il_sid = { 1, 1, { 0, 0, 0, 0, 0, 16 }, { 0x3000 } };

static ULONG sid_size(const struct sid6 *s)
{
    return 8 + 4 * s->count;
}

static NTSTATUS new_token(HANDLE *handle, ACCESS_MASK access, TOKEN_TYPE type)
{
    struct ktoken *t = kobject_alloc(&token_type, sizeof(*t));
    if (!t)
        return STATUS_NO_MEMORY;
    t->type = type;
    NTSTATUS st = handle_alloc(&t->obj, access, 0, handle);
    kobject_unref(t);
    return st;
}

NTSTATUS NTAPI KERNEL_EXPORT NtOpenProcessTokenEx(HANDLE process, DWORD access, DWORD attributes,
                                                  HANDLE *handle)
{
    (void)process;
    (void)attributes;
    return new_token(handle, access, TokenPrimary);
}
SYSCALL(NtOpenProcessTokenEx);

NTSTATUS NTAPI KERNEL_EXPORT NtOpenProcessToken(HANDLE process, DWORD access, HANDLE *handle)
{
    return NtOpenProcessTokenEx(process, access, 0, handle);
}
SYSCALL(NtOpenProcessToken);

NTSTATUS NTAPI KERNEL_EXPORT NtOpenThreadTokenEx(HANDLE thread, DWORD access, BOOLEAN self,
                                                 DWORD attributes, HANDLE *handle)
{
    (void)thread; (void)access; (void)self; (void)attributes;
    *handle = NULL;
    return STATUS_NO_TOKEN;   /* threads do not impersonate */
}
SYSCALL(NtOpenThreadTokenEx);

NTSTATUS NTAPI KERNEL_EXPORT NtOpenThreadToken(HANDLE thread, DWORD access, BOOLEAN self,
                                               HANDLE *handle)
{
    return NtOpenThreadTokenEx(thread, access, self, 0, handle);
}
SYSCALL(NtOpenThreadToken);

NTSTATUS NTAPI KERNEL_EXPORT NtDuplicateToken(HANDLE token, ACCESS_MASK access,
                                              OBJECT_ATTRIBUTES *attr, BOOLEAN effective_only,
                                              TOKEN_TYPE type, HANDLE *handle)
{
    struct ktoken *t;
    NTSTATUS st;
    (void)attr; (void)effective_only;
    if ((st = handle_ref(token, &token_type, TOKEN_DUPLICATE, (void **)&t)))
        return st;
    kobject_unref(t);
    return new_token(handle, access, type);
}
SYSCALL(NtDuplicateToken);

/* Write a SID_AND_ATTRIBUTES-style answer: fixed part then the SID. */
static NTSTATUS answer_sid(void *buf, ULONG len, ULONG *ret_len, const struct sid6 *sid,
                           ULONG attributes, int with_attrs)
{
    ULONG fixed = with_attrs ? sizeof(SID_AND_ATTRIBUTES) : sizeof(void *);
    ULONG need = fixed + sid_size(sid);
    if (ret_len)
        *ret_len = need;
    if (len < need)
        return STATUS_BUFFER_TOO_SMALL;
    void *sid_copy = (char *)buf + fixed;
    memcpy(sid_copy, sid, sid_size(sid));
    if (with_attrs) {
        SID_AND_ATTRIBUTES *sa = buf;
        sa->Sid = sid_copy;
        sa->Attributes = attributes;
    } else {
        *(void **)buf = sid_copy;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS answer_groups(void *buf, ULONG len, ULONG *ret_len)
{
    static const struct sid6 *const groups[] = { &world_sid, &admins_sid, &users_sid };
    ULONG need = offsetof(TOKEN_GROUPS, Groups) + ARRAY_SIZE(groups) * sizeof(SID_AND_ATTRIBUTES);
    for (size_t i = 0; i < ARRAY_SIZE(groups); i++)
        need += sid_size(groups[i]);
    if (ret_len)
        *ret_len = need;
    if (len < need)
        return STATUS_BUFFER_TOO_SMALL;
    TOKEN_GROUPS *tg = buf;
    char *p = (char *)&tg->Groups[ARRAY_SIZE(groups)];
    tg->GroupCount = ARRAY_SIZE(groups);
    for (size_t i = 0; i < ARRAY_SIZE(groups); i++) {
        memcpy(p, groups[i], sid_size(groups[i]));
        tg->Groups[i].Sid = p;
        tg->Groups[i].Attributes = SE_GROUP_ENABLED | SE_GROUP_ENABLED_BY_DEFAULT | SE_GROUP_MANDATORY;
        p += sid_size(groups[i]);
    }
    return STATUS_SUCCESS;
}

static NTSTATUS answer_value(void *buf, ULONG len, ULONG *ret_len, const void *v, ULONG size)
{
    if (ret_len)
        *ret_len = size;
    if (len < size)
        return STATUS_BUFFER_TOO_SMALL;
    memcpy(buf, v, size);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI KERNEL_EXPORT NtQueryInformationToken(HANDLE token, TOKEN_INFORMATION_CLASS cls,
                                                     void *buf, ULONG len, ULONG *ret_len)
{
    struct ktoken *t;
    NTSTATUS st;

    if ((uintptr_t)token >= (uintptr_t)-6 && (uintptr_t)token <= (uintptr_t)-4) {
        t = NULL;   /* the process, thread and effective token pseudo handles */
    } else if ((st = handle_ref(token, &token_type, 0, (void **)&t))) {
        return st;
    }
    TOKEN_TYPE type = t ? t->type : TokenPrimary;
    kobject_unref(t);
    switch ((int)cls) {
    case TokenUser:
        return answer_sid(buf, len, ret_len, &user_sid, 0, 1);
    case TokenOwner:
    case TokenPrimaryGroup:
        return answer_sid(buf, len, ret_len, &user_sid, 0, 0);
    case TokenGroups:
        return answer_groups(buf, len, ret_len);
    case TokenPrivileges: {
        TOKEN_PRIVILEGES tp = { 0 };
        return answer_value(buf, len, ret_len, &tp, offsetof(TOKEN_PRIVILEGES, Privileges));
    }
    case TokenDefaultDacl: {
        TOKEN_DEFAULT_DACL dacl = { NULL };
        return answer_value(buf, len, ret_len, &dacl, sizeof(dacl));
    }
    case TokenType:
        return answer_value(buf, len, ret_len, &type, sizeof(type));
    case TokenImpersonationLevel: {
        SECURITY_IMPERSONATION_LEVEL lvl = SecurityImpersonation;
        if (type == TokenPrimary)
            return STATUS_INVALID_PARAMETER;
        return answer_value(buf, len, ret_len, &lvl, sizeof(lvl));
    }
    case TokenStatistics: {
        TOKEN_STATISTICS s = { 0 };
        s.TokenType = type;
        s.TokenId.LowPart = 0x1234;
        s.AuthenticationId.LowPart = 0x3e7;
        return answer_value(buf, len, ret_len, &s, sizeof(s));
    }
    case TokenSessionId: {
        DWORD session = 1;
        return answer_value(buf, len, ret_len, &session, sizeof(session));
    }
    case TokenElevationType: {
        TOKEN_ELEVATION_TYPE e = TokenElevationTypeFull;
        return answer_value(buf, len, ret_len, &e, sizeof(e));
    }
    case TokenElevation: {
        TOKEN_ELEVATION e = { 1 };
        return answer_value(buf, len, ret_len, &e, sizeof(e));
    }
    case TokenIntegrityLevel: {
        ULONG need = sizeof(TOKEN_MANDATORY_LABEL) + sid_size(&high_il_sid);
        if (ret_len)
            *ret_len = need;
        if (len < need)
            return STATUS_BUFFER_TOO_SMALL;
        TOKEN_MANDATORY_LABEL *label = buf;
        memcpy(label + 1, &high_il_sid, sid_size(&high_il_sid));
        label->Label.Sid = label + 1;
        label->Label.Attributes = SE_GROUP_INTEGRITY | SE_GROUP_INTEGRITY_ENABLED;
        return STATUS_SUCCESS;
    }
    case TokenLinkedToken:
        return STATUS_NO_SUCH_LOGON_SESSION;
    default:
        return kernel_not_implemented("NtQueryInformationToken", cls);
    }
}
SYSCALL(NtQueryInformationToken);

NTSTATUS NTAPI KERNEL_EXPORT NtSetInformationToken(HANDLE token, TOKEN_INFORMATION_CLASS cls,
                                                   void *buf, ULONG len)
{
    (void)token; (void)cls; (void)buf; (void)len;
    return STATUS_SUCCESS;
}
SYSCALL(NtSetInformationToken);

NTSTATUS NTAPI KERNEL_EXPORT NtAdjustPrivilegesToken(HANDLE token, BOOLEAN disable_all,
                                                     TOKEN_PRIVILEGES *privs, DWORD len,
                                                     TOKEN_PRIVILEGES *prev, DWORD *ret_len)
{
    (void)token; (void)disable_all; (void)privs;
    if (prev && len >= offsetof(TOKEN_PRIVILEGES, Privileges))
        prev->PrivilegeCount = 0;
    if (ret_len)
        *ret_len = offsetof(TOKEN_PRIVILEGES, Privileges);
    return STATUS_SUCCESS;
}
SYSCALL(NtAdjustPrivilegesToken);

NTSTATUS NTAPI KERNEL_EXPORT NtPrivilegeCheck(HANDLE token, PRIVILEGE_SET *privs, BOOLEAN *result)
{
    (void)token; (void)privs;
    *result = TRUE;
    return STATUS_SUCCESS;
}
SYSCALL(NtPrivilegeCheck);

NTSTATUS NTAPI KERNEL_EXPORT NtAllocateLocallyUniqueId(LUID *luid)
{
    int64_t v = __atomic_add_fetch(&next_luid, 1, __ATOMIC_RELAXED);
    luid->LowPart = (DWORD)v;
    luid->HighPart = (LONG)(v >> 32);
    return STATUS_SUCCESS;
}
SYSCALL(NtAllocateLocallyUniqueId);

NTSTATUS NTAPI KERNEL_EXPORT NtAllocateUuids(ULARGE_INTEGER *time, ULONG *delta, ULONG *sequence,
                                             UCHAR *seed)
{
    (void)seed;
    time->QuadPart = time_now_nt();
    *delta = 0;
    *sequence = 0;
    return STATUS_SUCCESS;
}
SYSCALL(NtAllocateUuids);
