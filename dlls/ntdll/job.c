/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * job.c - job objects.
 *
 * A picoprocess holds one process, so a job here contains this process or
 * nothing.  Jobs nest as on Windows 8 and later: assigning the process,
 * already in job A, to a fresh job B makes B a child of A; the process is
 * then "in" B and in A.  `process_job` is the innermost job; each job
 * holds a reference to its parent, and the process to its innermost job.
 *
 * Limits are stored and reported back; the one acted upon is
 * JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE: when the last handle to such a job
 * that contains the process closes, the process ends (exit code 0), and
 * NtTerminateJobObject on a job that contains it ends it with the given
 * code.  A completion port associated with a job receives
 * JOB_OBJECT_MSG_NEW_PROCESS when the process joins (or is already in the
 * job when the port is associated).  Messages about the process's exit
 * have no reader left in this process and are not sent.
 *
 * Not implemented: CPU, memory, time and active-process limits are not
 * enforced; job accounting reports no CPU time or I/O (the host ABI has
 * no per-process counters to read).
 */
#include "kernel.h"

/* not in nt/info.h: only these calls use them */
typedef enum {
    JobObjectBasicAccountingInformation = 1,
    JobObjectBasicLimitInformation = 2,
    JobObjectBasicProcessIdList = 3,
    JobObjectBasicUIRestrictions = 4,
    JobObjectSecurityLimitInformation = 5,
    JobObjectEndOfJobTimeInformation = 6,
    JobObjectAssociateCompletionPortInformation = 7,
    JobObjectBasicAndIoAccountingInformation = 8,
    JobObjectExtendedLimitInformation = 9,
} JOBOBJECTINFOCLASS;

typedef struct {
    LARGE_INTEGER TotalUserTime;
    LARGE_INTEGER TotalKernelTime;
    LARGE_INTEGER ThisPeriodTotalUserTime;
    LARGE_INTEGER ThisPeriodTotalKernelTime;
    ULONG TotalPageFaultCount;
    ULONG TotalProcesses;
    ULONG ActiveProcesses;
    ULONG TotalTerminatedProcesses;
} JOB_ACCOUNTING;

typedef struct {
    LARGE_INTEGER PerProcessUserTimeLimit;
    LARGE_INTEGER PerJobUserTimeLimit;
    ULONG LimitFlags;
    SIZE_T MinimumWorkingSetSize;
    SIZE_T MaximumWorkingSetSize;
    ULONG ActiveProcessLimit;
    ULONG_PTR Affinity;
    ULONG PriorityClass;
    ULONG SchedulingClass;
} JOB_BASIC_LIMITS;

typedef struct {
    JOB_BASIC_LIMITS BasicLimitInformation;
    IO_COUNTERS IoInfo;
    SIZE_T ProcessMemoryLimit;
    SIZE_T JobMemoryLimit;
    SIZE_T PeakProcessMemoryUsed;
    SIZE_T PeakJobMemoryUsed;
} JOB_EXTENDED_LIMITS;

typedef struct {
    JOB_ACCOUNTING BasicInfo;
    IO_COUNTERS IoInfo;
} JOB_ACCOUNTING_AND_IO;

typedef struct {
    ULONG NumberOfAssignedProcesses;
    ULONG NumberOfProcessIdsInList;
    ULONG_PTR ProcessIdList[1];
} JOB_PROCESS_ID_LIST;

typedef struct {
    void *CompletionKey;
    HANDLE CompletionPort;
} JOB_ASSOCIATE_PORT;

_Static_assert(sizeof(JOB_ACCOUNTING) == 48, "accounting layout");
_Static_assert(sizeof(JOB_BASIC_LIMITS) == 64, "basic limit layout");
_Static_assert(sizeof(JOB_EXTENDED_LIMITS) == 144, "extended limit layout");
_Static_assert(sizeof(JOB_ACCOUNTING_AND_IO) == 96, "accounting and io layout");
_Static_assert(offsetof(JOB_PROCESS_ID_LIST, ProcessIdList) == 8, "pid list layout");

#define JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE 0x00002000
#define JOB_BASIC_LIMIT_VALID_FLAGS 0x000000ff
#define JOB_EXTENDED_LIMIT_VALID_FLAGS 0x00007fff
#define JOB_OBJECT_MSG_NEW_PROCESS 6

struct kjob {
    struct kobject obj;
    struct kjob *parent;            /* referenced */
    JOB_EXTENDED_LIMITS limits;     /* as set; IoInfo and peaks stay 0 */
    ULONG ui_restrictions;
    ULONG end_of_job_action;
    struct kobject *port;           /* referenced, or NULL */
    ULONG_PTR port_key;
    ULONG total_processes;          /* ever assigned (0 or 1 here) */
    int signaled;                   /* terminated; sync lock */
};

/* job_lock guards the fields above but `signaled`, and process_job. */
static struct klock job_lock = KLOCK_INIT;
static struct kjob *process_job;    /* innermost job of the process, referenced */

/* Is the process in job (job or one of its descendants holds it)?  Lock held. */
static int contains_process_locked(struct kjob *job)
{
    for (struct kjob *j = process_job; j; j = j->parent)
        if (j == job)
            return 1;
    return 0;
}

static int job_signaled(struct kobject *obj, struct kthread *t)
{
    (void)t;
    return ((struct kjob *)obj)->signaled;
}

static void job_close_handle(struct kobject *obj, ACCESS_MASK access)
{
    struct kjob *job = (struct kjob *)obj;
    int kill;

    (void)access;
    if (__atomic_load_n(&obj->handles, __ATOMIC_ACQUIRE))
        return;
    klock_acquire(&job_lock);
    kill = (job->limits.BasicLimitInformation.LimitFlags & JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE) &&
           contains_process_locked(job);
    klock_release(&job_lock);
    if (kill)
        process_exit(0);
}

static void job_destroy(struct kobject *obj)
{
    struct kjob *job = (struct kjob *)obj;
    if (job->port)
        kobject_unref(job->port);
    if (job->parent)
        kobject_unref(job->parent);
}

static const struct kobject_type job_type = {
    .name = "Job",
    .mapping = { STANDARD_RIGHTS_READ | JOB_OBJECT_QUERY,
                 STANDARD_RIGHTS_WRITE | JOB_OBJECT_ASSIGN_PROCESS | JOB_OBJECT_SET_ATTRIBUTES |
                     JOB_OBJECT_TERMINATE,
                 STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, JOB_OBJECT_ALL_ACCESS },
    .valid_access = JOB_OBJECT_ALL_ACCESS,
    .destroy = job_destroy,
    .close_handle = job_close_handle,
    .signaled = job_signaled,
};


/* The job behind h; NULL means the process's own (innermost) job. */
static NTSTATUS ref_job(HANDLE h, ACCESS_MASK access, struct kjob **out)
{
    if (h)
        return handle_ref(h, &job_type, access, (void **)out);
    klock_acquire(&job_lock);
    *out = process_job ? kobject_ref(process_job) : NULL;
    klock_release(&job_lock);
    return *out ? STATUS_SUCCESS : STATUS_INVALID_HANDLE;
}

/* Ports to tell about the new process: each job from `from` up to (not
 * including) `stop`.  Lock held; the caller posts after dropping it. */
struct job_note {
    struct kobject *port;
    ULONG_PTR key;
};

static unsigned collect_notes_locked(struct kjob *from, struct kjob *stop, struct job_note *notes,
                                     unsigned max)
{
    unsigned n = 0;
    for (struct kjob *j = from; j && j != stop && n < max; j = j->parent) {
        if (j->port) {
            notes[n].port = kobject_ref(j->port);
            notes[n].key = j->port_key;
            n++;
        }
    }
    return n;
}

static void post_notes(struct job_note *notes, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        completion_post(notes[i].port, notes[i].key, process_id(), STATUS_SUCCESS,
                        JOB_OBJECT_MSG_NEW_PROCESS);
        kobject_unref(notes[i].port);
    }
}

#define MAX_NOTES 16

NTSTATUS NTAPI KERNEL_EXPORT NtCreateJobObject(HANDLE *handle, ACCESS_MASK access,
                                               const OBJECT_ATTRIBUTES *attr)
{
    struct kjob *job;

    *handle = 0;
    if (!(job = kobject_alloc(&job_type, sizeof(*job))))
        return STATUS_NO_MEMORY;
    return object_create_handle(&job->obj, access, attr, handle);
}
SYSCALL(NtCreateJobObject);

NTSTATUS NTAPI KERNEL_EXPORT NtOpenJobObject(HANDLE *handle, ACCESS_MASK access,
                                             const OBJECT_ATTRIBUTES *attr)
{
    *handle = 0;
    return object_open_by_name(&job_type, access, attr, handle);
}
SYSCALL(NtOpenJobObject);

NTSTATUS NTAPI KERNEL_EXPORT NtAssignProcessToJobObject(HANDLE handle, HANDLE process)
{
    struct job_note notes[MAX_NOTES];
    unsigned n = 0;
    struct kjob *job, *common = NULL, *j;
    NTSTATUS st;

    if ((st = handle_ref(handle, &job_type, JOB_OBJECT_ASSIGN_PROCESS, (void **)&job)))
        return st;
    if ((st = process_check_handle(process, PROCESS_SET_QUOTA | PROCESS_TERMINATE))) {
        kobject_unref(job);
        return st;
    }
    klock_acquire(&job_lock);
    if (job == process_job)
        goto done;
    if ((common = process_job)) {
        if (job->parent) {
            /* the process may only move down its own chain of jobs */
            for (j = job->parent; j && j != common; j = j->parent)
                ;
            if (j != common) {
                st = STATUS_ACCESS_DENIED;
                goto done;
            }
            kobject_unref(process_job);     /* job's chain holds it */
        } else {
            if (job->total_processes) {
                st = STATUS_ACCESS_DENIED;  /* a used job cannot become a child */
                goto done;
            }
            job->parent = process_job;      /* the process's reference moves here */
        }
    }
    process_job = kobject_ref(job);
    for (j = job; j && j != common; j = j->parent)
        j->total_processes++;
    n = collect_notes_locked(job, common, notes, MAX_NOTES);
done:
    klock_release(&job_lock);
    post_notes(notes, n);
    kobject_unref(job);
    return st;
}
SYSCALL(NtAssignProcessToJobObject);

/* NtIsProcessInJob (system.c): STATUS_PROCESS_IN_JOB or
 * STATUS_PROCESS_NOT_IN_JOB; a NULL job asks about any job. */
NTSTATUS job_process_in_job(HANDLE process, HANDLE handle)
{
    struct kjob *job = NULL;
    NTSTATUS st;
    int in;

    if ((st = process_check_handle(process, 0)))
        return st == STATUS_ACCESS_DENIED ? STATUS_PROCESS_NOT_IN_JOB : st;
    if (handle && (st = handle_ref(handle, &job_type, JOB_OBJECT_QUERY, (void **)&job)))
        return st;
    klock_acquire(&job_lock);
    in = job ? contains_process_locked(job) : process_job != NULL;
    klock_release(&job_lock);
    if (job)
        kobject_unref(job);
    return in ? STATUS_PROCESS_IN_JOB : STATUS_PROCESS_NOT_IN_JOB;
}

static NTSTATUS answer(void *buf, ULONG len, ULONG *ret_len, const void *data, ULONG size)
{
    if (len < size)
        return STATUS_INFO_LENGTH_MISMATCH;
    memcpy(buf, data, size);
    if (ret_len)
        *ret_len = size;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI KERNEL_EXPORT NtQueryInformationJobObject(HANDLE handle, JOBOBJECTINFOCLASS cls,
                                                         void *buf, ULONG len, ULONG *ret_len)
{
    JOB_ACCOUNTING_AND_IO acct;
    JOB_EXTENDED_LIMITS limits;
    ULONG ui, eoj;
    int active;
    struct kjob *job;
    NTSTATUS st;

    if ((st = ref_job(handle, JOB_OBJECT_QUERY, &job)))
        return st;
    memset(&acct, 0, sizeof(acct));
    klock_acquire(&job_lock);
    active = contains_process_locked(job);
    acct.BasicInfo.TotalProcesses = job->total_processes;
    acct.BasicInfo.ActiveProcesses = active;
    limits = job->limits;
    ui = job->ui_restrictions;
    eoj = job->end_of_job_action;
    klock_release(&job_lock);
    kobject_unref(job);

    switch ((int)cls) {
    case JobObjectBasicAccountingInformation:
        return answer(buf, len, ret_len, &acct.BasicInfo, sizeof(acct.BasicInfo));
    case JobObjectBasicAndIoAccountingInformation:
        return answer(buf, len, ret_len, &acct, sizeof(acct));
    case JobObjectBasicLimitInformation:
        return answer(buf, len, ret_len, &limits.BasicLimitInformation,
                      sizeof(limits.BasicLimitInformation));
    case JobObjectExtendedLimitInformation:
        return answer(buf, len, ret_len, &limits, sizeof(limits));
    case JobObjectBasicUIRestrictions:
        return answer(buf, len, ret_len, &ui, sizeof(ui));
    case JobObjectEndOfJobTimeInformation:
        return answer(buf, len, ret_len, &eoj, sizeof(eoj));
    case JobObjectBasicProcessIdList: {
        JOB_PROCESS_ID_LIST *list = buf;
        ULONG room;
        if (len < sizeof(*list))
            return STATUS_INFO_LENGTH_MISMATCH;
        room = (len - offsetof(JOB_PROCESS_ID_LIST, ProcessIdList)) / sizeof(ULONG_PTR);
        list->NumberOfAssignedProcesses = active;
        list->NumberOfProcessIdsInList = active && room ? 1 : 0;
        if (list->NumberOfProcessIdsInList)
            list->ProcessIdList[0] = process_id();
        if (ret_len)
            *ret_len = offsetof(JOB_PROCESS_ID_LIST, ProcessIdList) +
                       list->NumberOfProcessIdsInList * sizeof(ULONG_PTR);
        return room < (ULONG)active ? STATUS_MORE_ENTRIES : STATUS_SUCCESS;
    }
    default:
        return kernel_not_implemented("NtQueryInformationJobObject", cls);
    }
}
SYSCALL(NtQueryInformationJobObject);

static NTSTATUS set_port(struct kjob *job, const JOB_ASSOCIATE_PORT *info)
{
    struct job_note notes[1];
    struct kobject *port;
    unsigned n = 0;
    NTSTATUS st;

    if ((st = completion_ref_handle(info->CompletionPort, &port)))
        return st;
    klock_acquire(&job_lock);
    if (job->port) {
        st = STATUS_INVALID_PARAMETER;  /* a job keeps its first port */
    } else {
        job->port = port;
        job->port_key = (ULONG_PTR)info->CompletionKey;
        port = NULL;
        if (contains_process_locked(job)) {
            notes[0].port = kobject_ref(job->port);
            notes[0].key = job->port_key;
            n = 1;
        }
    }
    klock_release(&job_lock);
    if (port)
        kobject_unref(port);
    post_notes(notes, n);
    return st;
}

NTSTATUS NTAPI KERNEL_EXPORT NtSetInformationJobObject(HANDLE handle, JOBOBJECTINFOCLASS cls,
                                                       void *buf, ULONG len)
{
    struct kjob *job;
    NTSTATUS st;

    if ((st = handle_ref(handle, &job_type, JOB_OBJECT_SET_ATTRIBUTES, (void **)&job)))
        return st;
    switch ((int)cls) {
    case JobObjectBasicLimitInformation:
    case JobObjectExtendedLimitInformation: {
        int ext = cls == JobObjectExtendedLimitInformation;
        JOB_EXTENDED_LIMITS in;
        if (len != (ext ? sizeof(JOB_EXTENDED_LIMITS) : sizeof(JOB_BASIC_LIMITS))) {
            st = STATUS_INVALID_PARAMETER;
            break;
        }
        memset(&in, 0, sizeof(in));
        memcpy(&in, buf, len);
        if (in.BasicLimitInformation.LimitFlags &
            ~(ULONG)(ext ? JOB_EXTENDED_LIMIT_VALID_FLAGS : JOB_BASIC_LIMIT_VALID_FLAGS)) {
            st = STATUS_INVALID_PARAMETER;
            break;
        }
        memset(&in.IoInfo, 0, sizeof(in.IoInfo));
        in.PeakProcessMemoryUsed = in.PeakJobMemoryUsed = 0;
        klock_acquire(&job_lock);
        if (ext) {
            job->limits = in;
        } else {
            job->limits.BasicLimitInformation = in.BasicLimitInformation;
            job->limits.ProcessMemoryLimit = job->limits.JobMemoryLimit = 0;
        }
        klock_release(&job_lock);
        break;
    }
    case JobObjectBasicUIRestrictions:
    case JobObjectEndOfJobTimeInformation:
        if (len != sizeof(ULONG)) {
            st = STATUS_INVALID_PARAMETER;
            break;
        }
        klock_acquire(&job_lock);
        if (cls == JobObjectBasicUIRestrictions)
            job->ui_restrictions = *(ULONG *)buf;
        else
            job->end_of_job_action = *(ULONG *)buf;
        klock_release(&job_lock);
        break;
    case JobObjectAssociateCompletionPortInformation:
        if (len != sizeof(JOB_ASSOCIATE_PORT)) {
            st = STATUS_INVALID_PARAMETER;
            break;
        }
        st = set_port(job, buf);
        break;
    default:
        st = kernel_not_implemented("NtSetInformationJobObject", cls);
        break;
    }
    kobject_unref(job);
    return st;
}
SYSCALL(NtSetInformationJobObject);

NTSTATUS NTAPI KERNEL_EXPORT NtTerminateJobObject(HANDLE handle, NTSTATUS status)
{
    struct kjob *job;
    NTSTATUS st;
    int in;

    if ((st = handle_ref(handle, &job_type, JOB_OBJECT_TERMINATE, (void **)&job)))
        return st;
    klock_acquire(&job_lock);
    in = contains_process_locked(job);
    klock_release(&job_lock);
    sync_lock_acquire();
    job->signaled = 1;
    sync_signal_locked(&job->obj);
    sync_lock_release();
    kobject_unref(job);
    if (in)
        process_exit((uint32_t)status);
    return STATUS_SUCCESS;
}
SYSCALL(NtTerminateJobObject);
