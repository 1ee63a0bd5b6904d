// Faults for tests, made real rather than pretended: file modes that bind
// even root, a small file system that fills up, and a way to run the
// `lantian` binary under them.
//
// Tests may run as root, and root ignores file modes (CAP_DAC_OVERRIDE): a
// chmod 0444 alone proves nothing there. honour_file_modes() drops the
// capabilities that bypass file modes from the calling process and from
// what it executes, so a 0444 file or a 0555 folder is read-only to it even
// as root; for other users it changes nothing (modes bind them already).
// Call it only in a child process: it cannot be undone.
//
// private_tmpfs() mounts a small tmpfs over a folder in a mount namespace of
// the calling (child) process only: root, or an unprivileged user namespace
// where the kernel allows one. The parent reaches the files through
// /proc/PID/root/... (mounted_path()).
//
// Thread-safety: none; for forked children of a single-threaded test.
#pragma once

#include <fcntl.h>
#include <linux/capability.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace lantian::test {

// "" on success, else why the modes cannot be made to bind.
inline std::string honour_file_modes() {
  if (geteuid() != 0) return "";
  for (int cap : {CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER}) {
    // From the bounding set: an executed program (root gets its bounding
    // set as permitted capabilities) never has them.
    if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0)
      return "cannot drop capability " + std::to_string(cap) +
             " from the bounding set: " + std::strerror(errno);
  }
  // And from this process itself.
  __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  if (syscall(SYS_capget, &hdr, data) != 0) return std::string("capget: ") + std::strerror(errno);
  for (int cap : {CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER}) {
    data[cap / 32].effective &= ~(1u << (cap % 32));
    data[cap / 32].permitted &= ~(1u << (cap % 32));
    data[cap / 32].inheritable &= ~(1u << (cap % 32));
  }
  if (syscall(SYS_capset, &hdr, data) != 0) return std::string("capset: ") + std::strerror(errno);
  return "";
}

inline bool write_text(const std::string& path, const std::string& text) {
  int fd = open(path.c_str(), O_WRONLY);
  if (fd < 0) return false;
  bool ok = write(fd, text.data(), text.size()) == ssize_t(text.size());
  close(fd);
  return ok;
}

// Mounts a tmpfs of `size` (e.g. "16m") over `dir` in a new mount namespace
// of this process. "" on success, else why not.
inline std::string private_tmpfs(const std::string& dir, const std::string& size) {
  if (unshare(CLONE_NEWNS) != 0) {
    // Not root: an unprivileged user namespace may still mount a tmpfs.
    uid_t uid = geteuid();
    gid_t gid = getegid();
    if (unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0)
      return std::string("cannot make a mount namespace: ") + std::strerror(errno);
    write_text("/proc/self/setgroups", "deny");
    if (!write_text("/proc/self/uid_map", std::to_string(uid) + " " + std::to_string(uid) + " 1\n") ||
        !write_text("/proc/self/gid_map", std::to_string(gid) + " " + std::to_string(gid) + " 1\n"))
      return std::string("cannot map ids in a user namespace: ") + std::strerror(errno);
  }
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    return std::string("cannot make mounts private: ") + std::strerror(errno);
  std::string opts = "size=" + size + ",mode=0755";
  if (mount("lantian-test", dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, opts.c_str()) != 0)
    return std::string("cannot mount a tmpfs: ") + std::strerror(errno);
  return "";
}

// The path through which another process sees `path` in process pid's mounts.
inline std::string mounted_path(pid_t pid, const std::string& path) {
  return "/proc/" + std::to_string(pid) + "/root" + std::filesystem::absolute(path).string();
}

// Writes zeros to `path` until the file system is full; returns the bytes written.
inline size_t fill_file_system(const std::string& path) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return 0;
  std::vector<char> block(1 << 16, 0);
  size_t total = 0;
  for (size_t chunk = block.size(); chunk > 0;) {
    ssize_t n = write(fd, block.data(), chunk);
    if (n > 0) {
      total += size_t(n);
    } else {
      chunk /= 2;  // the last few pages, then nothing
    }
  }
  fsync(fd);
  close(fd);
  return total;
}

struct ChildRun {
  int exit_code = -1;  // -1: killed (timed out) or did not exit normally
  bool timed_out = false;
  std::string output;  // stdout and stderr
};

// Exit code of a child whose setup failed; its output starts with kSetupFailed.
constexpr int kSetupFailedExit = 125;
constexpr const char* kSetupFailed = "SETUP FAILED: ";

// Runs `program args...` in a child that first runs setup() (returning "" or
// why it failed), with a time limit; collects its output.
inline ChildRun run_child(const std::string& program, const std::vector<std::string>& args,
                          const std::function<std::string()>& setup, std::chrono::milliseconds limit) {
  ChildRun out;
  int fds[2];
  if (pipe(fds) != 0) return out;
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    close(fds[0]);
    if (setup) {
      std::string why = setup();
      if (!why.empty()) {
        std::string line = kSetupFailed + why + "\n";
        (void)!write(1, line.data(), line.size());
        _exit(kSetupFailedExit);
      }
    }
    std::vector<std::string> all{program};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  close(fds[1]);
  auto deadline = std::chrono::steady_clock::now() + limit;
  char buf[4096];
  for (;;) {
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      out.timed_out = true;
      kill(pid, SIGKILL);
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    if (poll(&p, 1, int(left.count())) <= 0) continue;
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    out.output.append(buf, size_t(n));
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  out.exit_code = !out.timed_out && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

}  // namespace lantian::test
