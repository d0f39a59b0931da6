#include "llm/seccomp_filter.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>

namespace llmbox {
namespace {

#if defined(__x86_64__)
constexpr std::uint32_t kArch = AUDIT_ARCH_X86_64;
constexpr std::uint32_t kX32Bit = 0x40000000;  // __X32_SYSCALL_BIT
#elif defined(__aarch64__)
constexpr std::uint32_t kArch = AUDIT_ARCH_AARCH64;
#else
#error "seccomp_filter.cc: add this architecture's AUDIT_ARCH value"
#endif

constexpr std::uint32_t kNamespaceFlags = CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS |
                                          CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID |
                                          CLONE_NEWNET | 0x00000080 /* CLONE_NEWTIME */;

// Calls that fail with EPERM. #ifdef keeps the list valid on architectures
// that lack some of them.
constexpr int kDenied[] = {
    SYS_socket,
    SYS_ptrace,
    SYS_process_vm_readv,
    SYS_process_vm_writev,
#ifdef SYS_pidfd_getfd
    SYS_pidfd_getfd,
#endif
    SYS_mount,
    SYS_umount2,
    SYS_pivot_root,
    SYS_chroot,
#ifdef SYS_open_tree
    SYS_open_tree,
    SYS_move_mount,
    SYS_fsopen,
    SYS_fsconfig,
    SYS_fsmount,
    SYS_fspick,
#endif
#ifdef SYS_mount_setattr
    SYS_mount_setattr,
#endif
    SYS_unshare,
    SYS_setns,
    SYS_bpf,
    SYS_perf_event_open,
    SYS_userfaultfd,
    SYS_io_uring_setup,
    SYS_io_uring_enter,
    SYS_io_uring_register,
    SYS_keyctl,
    SYS_add_key,
    SYS_request_key,
    SYS_personality,
    SYS_setsid,
    SYS_setpgid,
    SYS_init_module,
    SYS_finit_module,
    SYS_delete_module,
    SYS_kexec_load,
#ifdef SYS_kexec_file_load
    SYS_kexec_file_load,
#endif
    SYS_reboot,
    SYS_swapon,
    SYS_swapoff,
    SYS_syslog,
    SYS_acct,
    SYS_quotactl,
    SYS_open_by_handle_at,
    SYS_name_to_handle_at,
    SYS_fanotify_init,
    SYS_settimeofday,
    SYS_clock_settime,
    SYS_clock_adjtime,
    SYS_adjtimex,
    SYS_sethostname,
    SYS_setdomainname,
    SYS_vhangup,
#if defined(__x86_64__)
    SYS_iopl,
    SYS_ioperm,
    SYS_uselib,
#endif
};

sock_filter Stmt(std::uint16_t code, std::uint32_t k) { return BPF_STMT(code, k); }
sock_filter Jump(std::uint16_t code, std::uint32_t k, std::uint8_t jt, std::uint8_t jf) {
  return BPF_JUMP(code, k, jt, jf);
}

constexpr std::uint32_t kAllow = SECCOMP_RET_ALLOW;
constexpr std::uint32_t kEperm = SECCOMP_RET_ERRNO | EPERM;
constexpr std::uint32_t kEnosys = SECCOMP_RET_ERRNO | ENOSYS;
constexpr std::uint32_t kKill = SECCOMP_RET_KILL_PROCESS;
constexpr std::uint32_t kNr = offsetof(seccomp_data, nr);
constexpr std::uint32_t kArchOff = offsetof(seccomp_data, arch);
// Low 32 bits of an argument (little-endian on both architectures).
constexpr std::uint32_t ArgLow(int i) { return offsetof(seccomp_data, args) + 8 * i; }

}  // namespace

std::vector<sock_filter> BuildToolSeccompFilter() {
  std::vector<sock_filter> f;
  f.push_back(Stmt(BPF_LD | BPF_W | BPF_ABS, kArchOff));
  f.push_back(Jump(BPF_JMP | BPF_JEQ | BPF_K, kArch, 1, 0));
  f.push_back(Stmt(BPF_RET | BPF_K, kKill));
  f.push_back(Stmt(BPF_LD | BPF_W | BPF_ABS, kNr));
#if defined(__x86_64__)
  f.push_back(Jump(BPF_JMP | BPF_JGE | BPF_K, kX32Bit, 0, 1));
  f.push_back(Stmt(BPF_RET | BPF_K, kKill));
#endif
  for (int nr : kDenied) {
    f.push_back(Jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(nr), 0, 1));
    f.push_back(Stmt(BPF_RET | BPF_K, kEperm));
  }
  f.push_back(Jump(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone3, 0, 1));
  f.push_back(Stmt(BPF_RET | BPF_K, kEnosys));
  // clone(flags, ...): refuse namespace flags (flags is argument 0 on x86_64
  // and aarch64).
  f.push_back(Jump(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 0, 4));
  f.push_back(Stmt(BPF_LD | BPF_W | BPF_ABS, ArgLow(0)));
  f.push_back(Jump(BPF_JMP | BPF_JSET | BPF_K, kNamespaceFlags, 0, 1));
  f.push_back(Stmt(BPF_RET | BPF_K, kEperm));
  f.push_back(Stmt(BPF_RET | BPF_K, kAllow));
  // ioctl(fd, request): no faking terminal input.
  f.push_back(Jump(BPF_JMP | BPF_JEQ | BPF_K, SYS_ioctl, 0, 5));
  f.push_back(Stmt(BPF_LD | BPF_W | BPF_ABS, ArgLow(1)));
  f.push_back(Jump(BPF_JMP | BPF_JEQ | BPF_K, TIOCSTI, 1, 0));
  f.push_back(Jump(BPF_JMP | BPF_JEQ | BPF_K, TIOCLINUX, 0, 1));
  f.push_back(Stmt(BPF_RET | BPF_K, kEperm));
  f.push_back(Stmt(BPF_RET | BPF_K, kAllow));
  f.push_back(Stmt(BPF_RET | BPF_K, kAllow));
  return f;
}

int InstallSeccompFilter(const sock_fprog& program) {
  // prctl rather than seccomp(2): the container profile allows prctl.
  if (::syscall(SYS_prctl, PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0) != 0) return errno;
  return 0;
}

}  // namespace llmbox
