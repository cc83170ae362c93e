/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * env.c - the process parameters: command line, environment, current
 * directory, image path and standard handles, as one
 * RTL_USER_PROCESS_PARAMETERS block in user memory (normalised: pointers,
 * not offsets), and the environment block after it.
 */
#include "kernel.h"

#define CONSOLE_HANDLE_SHELL_NO_WINDOW ((HANDLE)(intptr_t)-4)
#define MAX_PATH_W 260

/* A growable UTF-16 buffer. */
struct wbuf {
    WCHAR *data;
    size_t len, cap;
    int failed;
};

static void wbuf_reserve(struct wbuf *b, size_t extra)
{
    if (b->failed || b->len + extra <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra)
        cap *= 2;
    WCHAR *n = krealloc(b->data, cap * sizeof(WCHAR));
    if (!n) {
        b->failed = 1;
        return;
    }
    b->data = n;
    b->cap = cap;
}

static void wbuf_add(struct wbuf *b, const WCHAR *s, size_t len)
{
    wbuf_reserve(b, len + 1);
    if (b->failed)
        return;
    memcpy(b->data + b->len, s, len * sizeof(WCHAR));
    b->len += len;
}

static void wbuf_add_char(struct wbuf *b, WCHAR c)
{
    wbuf_add(b, &c, 1);
}

static void wbuf_add_utf8(struct wbuf *b, const char *s)
{
    size_t len;
    WCHAR *w = utf8_to_utf16_alloc(s, &len);
    if (!w) {
        b->failed = 1;
        return;
    }
    wbuf_add(b, w, len);
    kfree(w);
}

static void wbuf_add_ascii(struct wbuf *b, const char *s)
{
    while (*s)
        wbuf_add_char(b, (unsigned char)*s++);
}

/* One argument, quoted the way CommandLineToArgvW and the C runtimes
 * parse it back. */
static void add_quoted_arg(struct wbuf *b, const WCHAR *arg, size_t len)
{
    int quote = !len;
    for (size_t i = 0; i < len; i++)
        if (arg[i] == ' ' || arg[i] == '\t' || arg[i] == '"')
            quote = 1;
    if (!quote) {
        wbuf_add(b, arg, len);
        return;
    }
    wbuf_add_char(b, '"');
    size_t backslashes = 0;
    for (size_t i = 0; i < len; i++) {
        if (arg[i] == '\\') {
            backslashes++;
            continue;
        }
        if (arg[i] == '"')
            backslashes = backslashes * 2 + 1;
        while (backslashes) {
            wbuf_add_char(b, '\\');
            backslashes--;
        }
        wbuf_add_char(b, arg[i]);
    }
    for (size_t i = 0; i < backslashes * 2; i++)
        wbuf_add_char(b, '\\');
    wbuf_add_char(b, '"');
}

static void build_command_line(struct wbuf *b, const WCHAR *image, size_t image_len)
{
    add_quoted_arg(b, image, image_len);
    for (int i = 1; i < kernel.boot->argc; i++) {
        size_t len;
        WCHAR *w = utf8_to_utf16_alloc(kernel.boot->argv[i], &len);
        if (!w) {
            b->failed = 1;
            return;
        }
        wbuf_add_char(b, ' ');
        add_quoted_arg(b, w, len);
        kfree(w);
    }
}

/* Unix variables that make no sense to a Windows program. */
static int skip_unix_var(const char *kv)
{
    static const char *const names[] = { "PATH=", "TEMP=", "TMP=", "WINEPREFIX=", "WINELOADER=",
                                         "WINEDEBUG=", "WINEDLLPATH=", "LD_PRELOAD=",
                                         "LD_LIBRARY_PATH=" };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++)
        if (!strncmp(kv, names[i], strlen(names[i])))
            return 1;
    return !strchr(kv, '=') || kv[0] == '=';
}

/* The variables every Windows process has; "%u" stands for the user. */
static const struct { const char *name, *value; } windows_vars[] = {
    { "USERPROFILE", "C:\\users\\%u" },
    { "APPDATA", "C:\\users\\%u\\AppData\\Roaming" },
    { "LOCALAPPDATA", "C:\\users\\%u\\AppData\\Local" },
    { "TEMP", "C:\\users\\%u\\AppData\\Local\\Temp" },
    { "TMP", "C:\\users\\%u\\AppData\\Local\\Temp" },
    { "HOMEPATH", "\\users\\%u" },
    { "HOMEDRIVE", "C:" },
    { "USERNAME", "%u" },
    { "USERDOMAIN", "KEEP" },
    { "COMPUTERNAME", "KEEP" },
    { "SystemDrive", "C:" },
    { "SystemRoot", "C:\\windows" },
    { "windir", "C:\\windows" },
    { "ComSpec", "C:\\windows\\system32\\cmd.exe" },
    { "PATH", "C:\\windows\\system32;C:\\windows;C:\\windows\\system32\\wbem" },
    { "PATHEXT", ".COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC" },
    { "OS", "Windows_NT" },
    { "PROCESSOR_ARCHITECTURE", "AMD64" },
    { "NUMBER_OF_PROCESSORS", "2" },
    { "ProgramFiles", "C:\\Program Files" },
    { "ProgramW6432", "C:\\Program Files" },
    { "ProgramFiles(x86)", "C:\\Program Files (x86)" },
    { "CommonProgramFiles", "C:\\Program Files\\Common Files" },
    { "ProgramData", "C:\\ProgramData" },
    { "ALLUSERSPROFILE", "C:\\ProgramData" },
    { "PUBLIC", "C:\\users\\Public" },
};

/* Which Windows variable kv ("NAME=value") sets, case-insensitively; -1 if none. */
static int windows_var_of(const char *kv)
{
    size_t n = strchr(kv, '=') - kv;

    for (size_t i = 0; i < ARRAY_SIZE(windows_vars); i++) {
        const char *name = windows_vars[i].name;
        size_t k = 0;
        while (k < n && name[k] && kupcase((unsigned char)kv[k]) == kupcase((unsigned char)name[k]))
            k++;
        if (k == n && !name[k])
            return (int)i;
    }
    return -1;
}

/* One Windows variable's value into the block, the user for "%u". */
static void add_windows_var(struct wbuf *env, size_t i, const char *user)
{
    char buf[512];
    size_t len = 0;

    for (const char *v = windows_vars[i].value; *v && len + 1 < sizeof(buf); v++) {
        if (v[0] == '%' && v[1] == 'u') {
            len += snprintf(buf + len, sizeof(buf) - len, "%s", user);
            if (len >= sizeof(buf))
                len = sizeof(buf) - 1;
            v++;
            continue;
        }
        buf[len++] = *v;
    }
    buf[len] = 0;
    wbuf_add_ascii(env, windows_vars[i].name);
    wbuf_add_char(env, '=');
    wbuf_add_utf8(env, buf);
    wbuf_add_char(env, 0);
}

/* The host's variables (but Unix-only ones), then the Windows ones it does
 * not set itself: matched as the host's are copied, not searched for in
 * the block afterwards. */
static void build_environment(struct wbuf *env)
{
    char set[ARRAY_SIZE(windows_vars)] = { 0 };

    for (const char *const *e = kernel.boot->envp; e && *e; e++) {
        if (skip_unix_var(*e))
            continue;
        int i = windows_var_of(*e);
        if (i >= 0)
            set[i] = 1;
        wbuf_add_utf8(env, *e);
        wbuf_add_char(env, 0);
    }
    for (size_t i = 0; i < ARRAY_SIZE(windows_vars); i++)
        if (!set[i])
            add_windows_var(env, i, kernel.boot->user_name);
    wbuf_add_char(env, 0);
}

/* Room for one UNICODE_STRING's text (Length bytes) in the block, NUL-terminated. */
static void place_string(char **pos, UNICODE_STRING *dst, const UNICODE_STRING *src, size_t room)
{
    size_t len = src->Buffer ? src->Length : 0;
    if (room < len + sizeof(WCHAR))
        room = len + sizeof(WCHAR);
    WCHAR *buf = (WCHAR *)*pos;
    if (len)
        memcpy(buf, src->Buffer, len);
    buf[len / sizeof(WCHAR)] = 0;
    dst->Buffer = buf;
    dst->Length = (USHORT)len;
    dst->MaximumLength = (USHORT)room;
    *pos += ALIGN_UP(room, 8);
}

static size_t string_room(const UNICODE_STRING *s, size_t room)
{
    size_t len = (s->Buffer ? s->Length : 0) + sizeof(WCHAR);
    return ALIGN_UP(len > room ? len : room, 8);
}

NTSTATUS params_copy(const RTL_USER_PROCESS_PARAMETERS *tmpl, RTL_USER_PROCESS_PARAMETERS **out)
{
    const size_t cwd_room = MAX_PATH_W * sizeof(WCHAR);
    SIZE_T size = ALIGN_UP(sizeof(RTL_USER_PROCESS_PARAMETERS), 16) +
                  string_room(&tmpl->CurrentDirectory.DosPath, cwd_room) +
                  string_room(&tmpl->DllPath, 0) + string_room(&tmpl->ImagePathName, 0) +
                  string_room(&tmpl->CommandLine, 0) + string_room(&tmpl->WindowTitle, 0) +
                  string_room(&tmpl->Desktop, 0) + string_room(&tmpl->ShellInfo, 0) +
                  string_room(&tmpl->RuntimeInfo, 0);
    SIZE_T env_size = tmpl->Environment ? tmpl->EnvironmentSize : 0;
    SIZE_T alloc = ALIGN_UP(size, 16) + env_size;
    void *block = NULL;
    NTSTATUS st = NtAllocateVirtualMemory(CURRENT_PROCESS, &block, 0, &alloc,
                                          MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    if (st)
        return st;

    RTL_USER_PROCESS_PARAMETERS *p = block;
    char *pos = (char *)block + ALIGN_UP(sizeof(*p), 16);
    *p = *tmpl;
    p->AllocationSize = alloc;
    p->Size = alloc;
    p->Flags |= PROCESS_PARAMS_FLAG_NORMALIZED;
    place_string(&pos, &p->CurrentDirectory.DosPath, &tmpl->CurrentDirectory.DosPath, cwd_room);
    p->CurrentDirectory.Handle = NULL;
    place_string(&pos, &p->DllPath, &tmpl->DllPath, 0);
    place_string(&pos, &p->ImagePathName, &tmpl->ImagePathName, 0);
    place_string(&pos, &p->CommandLine, &tmpl->CommandLine, 0);
    place_string(&pos, &p->WindowTitle, &tmpl->WindowTitle, 0);
    place_string(&pos, &p->Desktop, &tmpl->Desktop, 0);
    place_string(&pos, &p->ShellInfo, &tmpl->ShellInfo, 0);
    place_string(&pos, &p->RuntimeInfo, &tmpl->RuntimeInfo, 0);
    /* DllPath empty: Wine's loader then builds the default search path */
    if (!p->DllPath.Length)
        memset(&p->DllPath, 0, sizeof(p->DllPath));
    p->Environment = (WCHAR *)((char *)block + ALIGN_UP(size, 16));
    if (env_size)
        memcpy(p->Environment, tmpl->Environment, env_size);
    p->EnvironmentSize = env_size;
    *out = p;
    return STATUS_SUCCESS;
}

static void us_set(UNICODE_STRING *us, const WCHAR *s, size_t len)
{
    us->Buffer = (WCHAR *)s;
    us->Length = us->MaximumLength = (USHORT)(len * sizeof(WCHAR));
}

NTSTATUS params_build(const WCHAR *image, size_t image_len, HANDLE std_in, HANDLE std_out,
                      HANDLE std_err, RTL_USER_PROCESS_PARAMETERS **out)
{
    struct wbuf cmd = { 0 }, env = { 0 }, cwd = { 0 };
    RTL_USER_PROCESS_PARAMETERS tmpl = { 0 };
    WCHAR *dos_cwd = NULL;
    size_t dos_cwd_len = 0;
    NTSTATUS st;

    build_command_line(&cmd, image, image_len);
    build_environment(&env);
    if ((st = path_host_to_dos(kernel.boot->cwd, &dos_cwd, &dos_cwd_len)))
        goto done;
    wbuf_add(&cwd, dos_cwd, dos_cwd_len);
    if (!dos_cwd_len || dos_cwd[dos_cwd_len - 1] != '\\')
        wbuf_add_char(&cwd, '\\');
    if (cmd.failed || env.failed || cwd.failed) {
        st = STATUS_NO_MEMORY;
        goto done;
    }
    tmpl.ConsoleHandle = CONSOLE_HANDLE_SHELL_NO_WINDOW;
    tmpl.hStdInput = std_in;
    tmpl.hStdOutput = std_out;
    tmpl.hStdError = std_err;
    us_set(&tmpl.CurrentDirectory.DosPath, cwd.data, cwd.len);
    us_set(&tmpl.ImagePathName, image, image_len);
    us_set(&tmpl.CommandLine, cmd.data, cmd.len);
    us_set(&tmpl.WindowTitle, image, image_len);
    tmpl.Environment = env.data;
    tmpl.EnvironmentSize = env.len * sizeof(WCHAR);
    tmpl.wShowWindow = 1;      /* SW_SHOWNORMAL */
    st = params_copy(&tmpl, out);
done:
    kfree(cmd.data);
    kfree(env.data);
    kfree(cwd.data);
    kfree(dos_cwd);
    return st;
}
