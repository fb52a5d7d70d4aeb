package dev.scimhub.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What scimhub can learn about PostgreSQL server processes it did not start as its children. pg_ctl starts the
 * postmaster and exits, so the postmaster is adopted by init (or whatever reaps orphans): nobody here can wait for it,
 * its exit status is not ours, and {@link ProcessHandle#isAlive()} counts a zombie as alive, which a parent that never
 * reaps (a JVM as PID 1 of a container) keeps forever. On Linux this reads /proc; elsewhere it makes do with
 * {@link ProcessHandle}, which cannot see a zombie or a backend's data directory.
 */
final class PostgresProcesses {

  static final String PID_FILE = "postmaster.pid";

  private static final Path PROC = Path.of("/proc");
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Map<Integer, String> SIGNALS = Map.of(1, "SIGHUP", 2, "SIGINT", 3, "SIGQUIT", 6, "SIGABRT",
      7, "SIGBUS", 9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");

  private PostgresProcesses() {}

  /**
   * The first line of {@code postmaster.pid}: the postmaster's pid, negative for a single-user backend, 0 when the
   * file is empty or cut short, as a crash during startup leaves it.
   */
  record PidFile(long pid) {

    /** The pid file of {@code dataDir}, if there is one. */
    static Optional<PidFile> read(Path dataDir) throws IOException {
      List<String> lines;
      try {
        lines = Files.readAllLines(dataDir.resolve(PID_FILE), StandardCharsets.UTF_8);
      } catch (NoSuchFileException gone) {
        return Optional.empty();
      }
      try {
        return Optional.of(new PidFile(lines.isEmpty() ? 0 : Long.parseLong(lines.get(0).trim())));
      } catch (NumberFormatException torn) {
        return Optional.of(new PidFile(0));
      }
    }
  }

  /** Whether /proc describes this machine's processes, as on Linux. */
  static boolean procAvailable() {
    return Files.isDirectory(PROC.resolve("self"));
  }

  /** Alive and not a zombie: a zombie holds no files, ports or shared memory, it only keeps its pid taken. */
  static boolean running(ProcessHandle process) {
    return process.isAlive() && !zombie(process.pid());
  }

  static boolean zombie(long pid) {
    return stat(pid).map(fields -> fields[0].equals("Z") || fields[0].equals("X")).orElse(false);
  }

  /**
   * How a process that has not been reaped yet ended, as far as Linux tells ({@code exit_code} in /proc/PID/stat,
   * readable only while it is a zombie); empty once it is gone, or elsewhere.
   */
  static Optional<String> exitStatus(long pid) {
    return stat(pid).filter(fields -> fields[0].equals("Z") && fields.length > 49).map(fields -> {
      int status = Integer.parseInt(fields[49]);
      int signal = status & 0x7f;
      if (signal == 0) {
        return "exit status " + ((status >> 8) & 0xff);
      }
      return "killed by signal " + signal + " (" + SIGNALS.getOrDefault(signal, "?") + ")"
          + ((status & 0x80) != 0 ? ", core dumped" : "");
    });
  }

  /** The fields of /proc/PID/stat after the command name, the state first; empty when there is no such process. */
  private static Optional<String[]> stat(long pid) {
    if (pid <= 0 || !procAvailable()) {
      return Optional.empty();
    }
    try {
      String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
      // The command name is in parentheses and may itself hold spaces and parentheses.
      return Optional.of(stat.substring(stat.lastIndexOf(')') + 2).trim().split(" "));
    } catch (IOException | RuntimeException gone) {
      return Optional.empty();
    }
  }

  /** A running PostgreSQL server process (postmaster or backend) whose data directory is {@code realDataDir}. */
  static boolean isPostgresOf(ProcessHandle process, Path realDataDir) {
    if (!running(process)) {
      return false;
    }
    if (procAvailable()) {
      // Every PostgreSQL process works in its data directory (the postmaster changes to it first thing, backends
      // inherit it), while its arguments may name the directory relative to wherever it was started from, and the
      // second line of postmaster.pid says only where the file was written, not who holds it now.
      try {
        return PROC.resolve(Long.toString(process.pid())).resolve("cwd").toRealPath().equals(realDataDir)
            && isPostgres(process);
      } catch (IOException | SecurityException notOurs) {
        // Another user's process: it cannot run on a data directory that this user owns.
        return false;
      }
    }
    if (!isPostgres(process)) {
      return false;
    }
    List<String> args = process.info().arguments().map(Arrays::asList).orElse(List.of());
    for (int i = 0; i + 1 < args.size(); i++) {
      if (args.get(i).equals("-D")) {
        try {
          return Path.of(args.get(i + 1)).toRealPath().equals(realDataDir);
        } catch (IOException | RuntimeException elsewhere) {
          return false;
        }
      }
    }
    return false;
  }

  /** By its executable: backends rewrite their arguments ("postgres: checkpointer"), not the file they run. */
  private static boolean isPostgres(ProcessHandle process) {
    return process.info().command().map(command -> {
      Path name = Path.of(command).getFileName();
      return name != null ? name.toString() : "";
    }).map(name -> name.equals("postgres") || name.equals("postgres.exe") || name.startsWith("postgres ")
        || name.startsWith("postgres:")).orElse(false);
  }

  /** The running PostgreSQL processes of this data directory (on Linux; elsewhere only a postmaster is found). */
  static List<ProcessHandle> postgresOf(Path realDataDir) {
    return ProcessHandle.allProcesses().filter(p -> isPostgresOf(p, realDataDir)).toList();
  }

  /** Waits until the process has exited (a zombie counts as exited); false if it still runs after {@code within}. */
  static boolean awaitExit(ProcessHandle process, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (running(process)) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.sleep(POLL.toMillis());
    }
    return true;
  }

  /**
   * Sends a signal by name ({@code INT}, {@code QUIT}). Java can send only SIGTERM and SIGKILL itself, so this asks
   * the shell, which pg_ctl needs anyway to start the server.
   */
  static void signal(ProcessHandle process, String name) throws IOException, InterruptedException {
    if (!running(process)) {
      return;
    }
    Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s " + name + " " + process.pid())
        .redirectErrorStream(true)
        .start();
    if (!kill.waitFor(10, TimeUnit.SECONDS)) {
      kill.destroyForcibly();
      throw new IOException("kill -s " + name + " " + process.pid() + " did not return");
    }
    String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (kill.exitValue() != 0 && running(process)) {
      throw new IOException("kill -s " + name + " " + process.pid() + " failed: " + output);
    }
  }
}
