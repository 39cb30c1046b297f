/**
 * The path functions canary uses, with node:path's semantics. On Linux and macOS they are canary's
 * own: loading `node:path` (even `node:path/posix`) pulls in Deno's win32 polyfill and through it
 * `node:assert` and `node:util`, about 10 ms of every command's start-up. On Windows they are
 * node:path's win32 functions, loaded only there, since drive letters, UNC names and both
 * separators are not worth a second implementation that cannot be tested here.
 * `path_test.ts` compares them with `node:path` over many generated inputs, so they cannot drift.
 *
 * @module
 */

/** The functions of one path flavour, as node:path names them. */
export interface PathFunctions {
  /** The segments joined with the separator, then normalized; `.` when nothing is left. */
  join(...paths: string[]): string;
  /** The absolute path the segments lead to, from right to left, starting in the current folder. */
  resolve(...paths: string[]): string;
  /** The path from `from` to `to` (both resolved first); empty when they are the same. */
  relative(from: string, to: string): string;
  /** The path without its last name (trailing separators ignored). */
  dirname(path: string): string;
  /** The last name of the path (trailing separators ignored). */
  basename(path: string): string;
  /** Whether the path starts at a root. */
  isAbsolute(path: string): boolean;
  /** `.` and `..` segments and repeated separators resolved; a trailing separator kept. */
  normalize(path: string): string;
  /** The separator: `/`, or `\` on Windows. */
  readonly sep: string;
}

/**
 * The names of `path` with empty and `.` segments dropped and each `..` taking back the name
 * before it; a `..` with no name to take back stays only when `aboveRoot` allows (relative paths).
 */
function normalSegments(path: string, aboveRoot: boolean): string[] {
  const names: string[] = [];
  for (const name of path.split("/")) {
    if (name === "" || name === ".") continue;
    if (name !== "..") names.push(name);
    else if (names.length > 0 && names.at(-1) !== "..") names.pop();
    else if (aboveRoot) names.push("..");
  }
  return names;
}

function posixIsAbsolute(path: string): boolean {
  return path.startsWith("/");
}

function posixNormalize(path: string): string {
  if (path === "") return ".";
  const absolute = posixIsAbsolute(path);
  const trailing = path.endsWith("/") ? "/" : "";
  const body = normalSegments(path, !absolute).join("/");
  if (absolute) return `/${body}${body === "" ? "" : trailing}`;
  return body === "" ? `.${trailing}` : `${body}${trailing}`;
}

function posixJoin(...paths: string[]): string {
  const parts = paths.filter((path) => path !== "");
  return parts.length === 0 ? "." : posixNormalize(parts.join("/"));
}

function posixResolve(...paths: string[]): string {
  // Only the segments from the last absolute one on count; the folder is the implicit first one.
  // Deno.cwd() rather than `process.cwd()`: the `process` global costs node:process's load.
  const last = paths.findLastIndex(posixIsAbsolute);
  const from = last === -1 ? [Deno.cwd(), ...paths] : paths.slice(last);
  return `/${normalSegments(from.join("/"), false).join("/")}`;
}

function posixRelative(from: string, to: string): string {
  const fromNames = normalSegments(posixResolve(from), false);
  const toNames = normalSegments(posixResolve(to), false);
  let common = 0;
  while (
    common < fromNames.length && common < toNames.length && fromNames[common] === toNames[common]
  ) common++;
  const up = fromNames.slice(common).map(() => "..");
  return [...up, ...toNames.slice(common)].join("/");
}

function posixDirname(path: string): string {
  if (path === "") return ".";
  // The slash before the last name; a slash at index 0 is the root, which stays.
  let end = path.length - 1;
  while (end > 0 && path[end] === "/") end--;
  const slash = path.lastIndexOf("/", end);
  if (slash < 1) return posixIsAbsolute(path) ? "/" : ".";
  // POSIX leaves a leading `//` to the system, and node:path keeps it.
  if (slash === 1 && posixIsAbsolute(path)) return "//";
  return path.slice(0, slash);
}

function posixBasename(path: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === "/") end--;
  return path.slice(path.lastIndexOf("/", end - 1) + 1, end);
}

/** Forward-slash paths everywhere (git's paths, whatever the system's): node:path's `posix`. */
export const posix: PathFunctions = Object.freeze({
  join: posixJoin,
  resolve: posixResolve,
  relative: posixRelative,
  dirname: posixDirname,
  basename: posixBasename,
  isAbsolute: posixIsAbsolute,
  normalize: posixNormalize,
  sep: "/",
});

const native: PathFunctions = Deno.build.os === "windows"
  ? (await import("node:path")).win32
  : posix;

/** The system's flavour of {@linkcode PathFunctions.join}. */
export const join: PathFunctions["join"] = native.join;
/** The system's flavour of {@linkcode PathFunctions.resolve}. */
export const resolve: PathFunctions["resolve"] = native.resolve;
/** The system's flavour of {@linkcode PathFunctions.relative}. */
export const relative: PathFunctions["relative"] = native.relative;
/** The system's flavour of {@linkcode PathFunctions.dirname}. */
export const dirname: PathFunctions["dirname"] = native.dirname;
/** The system's flavour of {@linkcode PathFunctions.basename}. */
export const basename: PathFunctions["basename"] = native.basename;
/** The system's flavour of {@linkcode PathFunctions.isAbsolute}. */
export const isAbsolute: PathFunctions["isAbsolute"] = native.isAbsolute;
/** The system's flavour of {@linkcode PathFunctions.normalize}. */
export const normalize: PathFunctions["normalize"] = native.normalize;
/** The system's separator: `/`, or `\` on Windows. */
export const sep: string = native.sep;
