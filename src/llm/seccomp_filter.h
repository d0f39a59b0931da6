// The seccomp filter every custom tool runs under. It stacks on top of
// whatever the container's profile (deploy/seccomp.json) already enforces and
// closes what a tool should never need even where the outer profile allows it:
//   - socket() of any family (no network, no connection to llm-gate's socket),
//   - ptrace, process_vm_*, pidfd_getfd (reading other processes),
//   - mount and the new mount API, chroot, pivot_root, unshare, setns and
//     clone/clone3 with namespace flags (no namespaces),
//   - bpf, perf_event_open, io_uring, userfaultfd, keyctl and friends,
//     personality, module/kexec/reboot/clock/hostname calls,
//   - setsid and setpgid, so every descendant stays in the process group the
//     sandbox kills,
//   - ioctl TIOCSTI/TIOCLINUX (typing into a terminal).
// Denied calls fail with EPERM (clone3 with ENOSYS, so libc falls back to
// clone, whose flags the filter can inspect). A call made for another
// architecture (x32, i386 on x86_64) kills the process.
// Spec: https://docs.kernel.org/userspace-api/seccomp_filter.html
#pragma once

#include <linux/filter.h>

#include <vector>

namespace llmbox {

// The BPF program; built before fork.
std::vector<sock_filter> BuildToolSeccompFilter();

// Child side, async-signal-safe: installs `program` on the calling thread
// (needs PR_SET_NO_NEW_PRIVS first). Returns 0 or an errno value.
int InstallSeccompFilter(const sock_fprog& program);

}  // namespace llmbox
