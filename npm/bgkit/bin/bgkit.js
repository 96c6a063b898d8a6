#!/usr/bin/env node
// bgkit's npm launcher: finds the bgkit binary that npm installed from the
// per-platform package matching this machine (an optional dependency
// selected by os, cpu and libc) and runs it with the same arguments, standard
// streams, exit code and signals. It has no dependencies and npm runs no
// install script for it: everything happens here, at run time.
"use strict";

const childProcess = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const SCOPE = "@bgkit/cli-";

// Keep in step with the platform table in internal/npmpkg (a test checks it).
const PACKAGES = {
  "darwin-arm64": ["darwin-arm64"],
  "darwin-x64": ["darwin-x64"],
  "linux-arm64": ["linux-arm64-gnu", "linux-arm64-musl"],
  "linux-x64": ["linux-x64-gnu", "linux-x64-musl"],
  "win32-arm64": ["win32-arm64"],
  "win32-x64": ["win32-x64"],
};

// isMusl says whether this Linux uses musl (Alpine) rather than glibc. The
// binaries are static, so either package runs on either libc; the answer
// only decides which package to look for first.
function isMusl() {
  try {
    const ldd = fs.readFileSync("/usr/bin/ldd", "latin1");
    if (ldd.includes("musl")) return true;
    if (ldd.includes("GNU C Library") || ldd.includes("glibc")) return false;
  } catch (_) {
    // no ldd script: ask Node below
  }
  try {
    if (process.report && typeof process.report.getReport === "function") {
      process.report.excludeNetwork = true;
      return !process.report.getReport().header.glibcVersionRuntime;
    }
  } catch (_) {
    // fall through
  }
  return false;
}

function candidates() {
  const key = `${process.platform}-${process.arch}`;
  let names = PACKAGES[key] || [];
  if (process.platform === "linux" && isMusl()) names = names.slice().reverse();
  return { key, names: names.map((n) => SCOPE + n) };
}

function findBinary() {
  const override = process.env.BGKIT_BINARY;
  if (override) {
    if (!fs.existsSync(override)) {
      fail(`BGKIT_BINARY is set to ${override}, which does not exist.\n` +
        "Point it at a bgkit binary, or unset it to use the one npm installed.");
    }
    return override;
  }
  const exe = process.platform === "win32" ? "bgkit.exe" : "bgkit";
  const { key, names } = candidates();
  for (const name of names) {
    let dir;
    try {
      dir = path.dirname(require.resolve(`${name}/package.json`));
    } catch (_) {
      continue;
    }
    const bin = path.join(dir, "bin", exe);
    if (fs.existsSync(bin)) return bin;
  }
  notFound(key, names);
}

function notFound(key, names) {
  const version = require("../package.json").version;
  const lines = [`bgkit: no bgkit binary for this platform (${key}).`];
  if (names.length === 0) {
    lines.push(
      "bgkit's npm package has binaries for macOS (arm64, x64), Linux (arm64, x64; glibc and musl)",
      "and Windows (arm64, x64). On other platforms, build it with Go:",
      `  go install github.com/bgkit/bgkit@v${version}`,
      "and set BGKIT_BINARY to the binary's path.",
    );
  } else {
    lines.push(
      `It comes from the optional dependency ${names[0]}@${version}, which is not installed. Usually:`,
      "- npm ran with --omit=optional (or --no-optional, or optional=false in .npmrc): install without it.",
      "- package-lock.json was written on another platform and npm skipped this one's package",
      "  (npm bug https://github.com/npm/cli/issues/4828). Delete node_modules and package-lock.json,",
      "  then run npm install again; or add the package yourself:",
      `    npm install --save-optional ${names[0]}@${version}`,
      "- node_modules was copied from another machine (a Docker image, a CI cache): install on this one.",
      "Or point BGKIT_BINARY at a bgkit binary from https://github.com/bgkit/bgkit/releases.",
    );
  }
  fail(lines.join("\n"));
}

function fail(message) {
  process.stderr.write(message + "\n");
  process.exit(2); // bgkit's "could not do the job"
}

function run() {
  const bin = findBinary();

  // Pass on the signals a terminal, a CI runner or a process manager sends,
  // so bgkit can stop its own children (adb, xcrun) and clean up. The
  // handlers are in place before bgkit starts: a signal that comes as soon
  // as it runs reaches it instead of ending the launcher alone.
  let child = null;
  const forwarded = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"].filter(
    (s) => process.platform !== "win32" || s === "SIGINT");
  const handlers = {};
  for (const sig of forwarded) {
    handlers[sig] = () => {
      try {
        if (child) child.kill(sig);
      } catch (_) {
        // already gone
      }
    };
    process.on(sig, handlers[sig]);
  }

  child = childProcess.spawn(bin, process.argv.slice(2), {
    stdio: "inherit",
    windowsHide: true,
  });

  child.on("error", (err) => {
    fail(`bgkit: cannot run ${bin}: ${err.message}`);
  });
  child.on("exit", (code, signal) => {
    for (const sig of forwarded) process.removeListener(sig, handlers[sig]);
    if (signal) {
      // End the same way, so the caller sees what the child saw.
      process.kill(process.pid, signal);
      const num = os.constants.signals[signal] || 0;
      process.exit(128 + num);
    }
    process.exit(code === null ? 2 : code);
  });
}

run();
