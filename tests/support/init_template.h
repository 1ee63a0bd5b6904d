// `lantian init [--demo]` once per build of the binary, copied for every
// test server.
//
// Every API test process starts its own server on a fresh database; running
// `init --demo` for each took ~1 s on SQLite and ~3.8 s on PostgreSQL (the
// migrations, the demo seeded through the services, a password hash per demo
// user), most of the API suites' time. The first test process to need one
// runs `init` into a template — a SQLite folder under the temp directory, or
// a database on the shared PostgreSQL cluster — and keeps init's output (the
// demo passwords); later ones copy the folder, or CREATE DATABASE … TEMPLATE
// (~0.2 s), and read the same output. The template is keyed by the binary's
// path, size and modification time, so a rebuilt binary makes a new one.
//
// Thread-safety: processes take an flock on the template's folder while one
// of them makes it; within a process, callers must not race (the suites run
// one test at a time). Errors throw std::runtime_error.
#pragma once

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace lantian::test {

class InitTemplate {
 public:
  // `init_args` are init's arguments after `--db URL`; `backend_key` tells
  // templates of different databases apart (the PostgreSQL server's URL).
  InitTemplate(std::vector<std::string> init_args, const std::string& backend_key)
      : args_(std::move(init_args)) {
    struct stat st {};
    if (::stat(LANTIAN_BIN, &st) != 0) throw std::runtime_error(std::string("no binary ") + LANTIAN_BIN);
    std::string key = std::string(LANTIAN_BIN) + "|" + std::to_string(st.st_size) + "|" +
                      std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec) + "|" +
                      backend_key;
    for (const auto& a : args_) key += "|" + a;
    char name[64];
    std::snprintf(name, sizeof name, "lantian-init-%u-%016zx", unsigned(getuid()),
                  std::hash<std::string>{}(key));
    dir_ = std::filesystem::temp_directory_path() / name;
  }

  // The folder that holds the template's files and init's output.
  const std::filesystem::path& dir() const { return dir_; }

  // Makes the template unless a valid one exists: `exists(state)` says
  // whether the template recorded as `state` (what `make` returned) is still
  // there; `make(output*)` runs init and returns the state to record. Returns
  // init's output (stdout + stderr) and the state.
  std::pair<std::string, std::string> ensure(const std::function<bool(const std::string&)>& exists,
                                             const std::function<std::string(std::string*)>& make) {
    std::filesystem::create_directories(dir_);
    int fd = ::open((dir_ / "lock").c_str(), O_RDWR | O_CREAT, 0644);
    if (fd < 0) throw std::runtime_error("cannot open " + (dir_ / "lock").string());
    ::flock(fd, LOCK_EX);
    struct Unlock {
      int fd;
      ~Unlock() {
        ::flock(fd, LOCK_UN);
        ::close(fd);
      }
    } unlock{fd};
    std::string output = read(dir_ / "init.out"), state = read(dir_ / "state");
    if (std::filesystem::exists(dir_ / "done") && exists(state)) return {output, state};
    std::filesystem::remove(dir_ / "done");
    remove_old_siblings();
    state = make(&output);
    write(dir_ / "init.out", output);
    write(dir_ / "state", state);
    write(dir_ / "done", "");
    return {output, state};
  }

  const std::vector<std::string>& args() const { return args_; }

 private:
  // Templates of earlier builds, untouched for two hours (a rebuild leaves
  // its predecessor's behind).
  void remove_old_siblings() const {
    std::string prefix = dir_.filename().string();
    prefix = prefix.substr(0, prefix.rfind('-') + 1);
    std::error_code ec;
    auto cutoff = std::filesystem::file_time_type::clock::now() - std::chrono::hours(2);
    for (const auto& e : std::filesystem::directory_iterator(dir_.parent_path(), ec)) {
      std::string name = e.path().filename().string();
      if (name.rfind(prefix, 0) != 0 || e.path() == dir_) continue;
      if (std::filesystem::last_write_time(e.path() / "lock", ec) < cutoff && !ec)
        std::filesystem::remove_all(e.path(), ec);
    }
  }
  static std::string read(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  static void write(const std::filesystem::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throw std::runtime_error("cannot write " + p.string());
  }

  std::vector<std::string> args_;
  std::filesystem::path dir_;
};

}  // namespace lantian::test
