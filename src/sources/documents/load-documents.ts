import type { Stats } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CancelledError, ConsultantError } from '../../core/errors.js';
import { documentFormat, parseDocument, SUPPORTED_EXTENSIONS } from './read-document.js';
import type { DocumentFormat, LoadedDocument } from './read-document.js';

export type SkipReason = 'unsupported-type' | 'too-large' | 'too-many-files' | 'unreadable';

/** A file found inside a folder argument and left out, with why. */
export interface SkippedFile {
  /** Display path, built like `LoadedDocument.path`. */
  path: string;
  reason: SkipReason;
  message: string;
}

export interface LoadDocumentsOptions {
  /** Larger files are refused (explicit paths) or skipped (inside folders). Default 25 MiB. */
  maxFileBytes?: number;
  /** Files beyond this count, in path order, are skipped. Default 200. */
  maxFiles?: number;
  signal?: AbortSignal;
  /** Relative arguments are resolved against this directory. Default: the working directory. */
  baseDirectory?: string;
  /** Called for every file left out of a folder (or over `maxFiles`). */
  onSkip?: (file: SkippedFile) => void;
}

export const DEFAULT_MAX_FILE_BYTES = 25 * 1024 * 1024;
export const DEFAULT_MAX_FILES = 200;

interface Candidate {
  absolutePath: string;
  displayPath: string;
  /** Named by the user: problems are errors. Found in a folder: problems are skips. */
  explicit: boolean;
  format: DocumentFormat | undefined;
  size: number;
}

/**
 * Loads local documents (.md, .markdown, .txt, .html, .htm, .pdf) from files and folders.
 *
 * - Folders are walked recursively; the files of one folder argument come out sorted by their
 *   path, arguments in the order given, so the same inputs always give the same list.
 *   Hidden entries (names starting with a dot) are ignored; a file reached twice loads once.
 * - An explicit path that is missing, unreadable, of an unsupported type, too large, or a PDF
 *   that does not parse throws `DOCUMENT_UNREADABLE` naming the path. Inside a folder the same
 *   problems skip the file and report it through `onSkip`, so one stray file cannot sink a run.
 * - Display paths never reveal a machine prefix the user did not type (see `LoadedDocument.path`).
 */
export async function loadDocuments(paths: readonly string[], options: LoadDocumentsOptions = {}): Promise<LoadedDocument[]> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const baseDirectory = options.baseDirectory ?? process.cwd();
  const skip = (file: SkippedFile): void => options.onSkip?.(file);

  const candidates: Candidate[] = [];
  for (const given of paths) {
    checkAborted(options.signal);
    candidates.push(...(await expandArgument(given, baseDirectory, options.signal)));
  }

  const documents: LoadedDocument[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    checkAborted(options.signal);
    if (seen.has(candidate.absolutePath)) continue;
    seen.add(candidate.absolutePath);
    const problem = admissionProblem(candidate, maxFileBytes, documents.length >= maxFiles);
    if (problem !== undefined) {
      if (candidate.explicit && problem.reason !== 'too-many-files') throw unreadable(candidate.displayPath, problem.message);
      skip({ path: candidate.displayPath, ...problem });
      continue;
    }
    const loaded = await loadCandidate(candidate, options.signal);
    if ('problem' in loaded) {
      if (candidate.explicit) throw unreadable(candidate.displayPath, loaded.problem, loaded.cause);
      skip({ path: candidate.displayPath, reason: 'unreadable', message: loaded.problem });
      continue;
    }
    documents.push(loaded.document);
  }
  return documents;
}

async function loadCandidate(
  candidate: Candidate,
  signal: AbortSignal | undefined,
): Promise<{ document: LoadedDocument } | { problem: string; cause: unknown }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(candidate.absolutePath, { signal });
  } catch (error) {
    checkAborted(signal);
    return { problem: `cannot be read: ${describe(error)}`, cause: error };
  }
  try {
    return { document: await parseDocument(bytes, candidate.format as DocumentFormat, candidate.displayPath) };
  } catch (error) {
    return { problem: `cannot be parsed as ${candidate.format}: ${describe(error)}`, cause: error };
  }
}

function admissionProblem(candidate: Candidate, maxFileBytes: number, full: boolean): Omit<SkippedFile, 'path'> | undefined {
  if (candidate.format === undefined) {
    return { reason: 'unsupported-type', message: `unsupported file type (supported: ${SUPPORTED_EXTENSIONS.join(', ')})` };
  }
  if (candidate.size > maxFileBytes) {
    return { reason: 'too-large', message: `is ${candidate.size} bytes, over the ${maxFileBytes}-byte limit` };
  }
  if (full) return { reason: 'too-many-files', message: 'over the limit on the number of documents' };
  return undefined;
}

async function expandArgument(given: string, baseDirectory: string, signal: AbortSignal | undefined): Promise<Candidate[]> {
  if (given.trim().length === 0) throw unreadable(given, 'is an empty path');
  const absolutePath = resolve(baseDirectory, given);
  const info = await statOrThrow(absolutePath, given);
  const root = displayRoot(given);
  if (info.isFile()) {
    return [{ absolutePath, displayPath: root, explicit: true, format: documentFormat(absolutePath), size: info.size }];
  }
  if (!info.isDirectory()) throw unreadable(given, 'is neither a file nor a folder');
  const files = await walkFolder(absolutePath, given, signal);
  return files
    .map((file) => ({ ...file, relativePath: toPosix(relative(absolutePath, file.absolutePath)) }))
    .sort((left, right) => compareCodeUnits(left.relativePath, right.relativePath))
    .map((file) => ({
      absolutePath: file.absolutePath,
      displayPath: root.length === 0 ? file.relativePath : `${root}/${file.relativePath}`,
      explicit: false,
      format: documentFormat(file.absolutePath),
      size: file.size,
    }));
}

/** Relative arguments are shown as typed (tidied); absolute ones by their last segment only. */
export function displayRoot(given: string): string {
  const posix = toPosix(given);
  if (isAbsolute(given)) return basename(posix.replace(/\/+$/, ''));
  return posix
    .split('/')
    .filter((segment) => segment.length > 0 && segment !== '.')
    .join('/');
}

async function walkFolder(folder: string, given: string, signal: AbortSignal | undefined): Promise<{ absolutePath: string; size: number }[]> {
  const files: { absolutePath: string; size: number }[] = [];
  const visited = new Set<string>();
  const pending = [folder];
  while (pending.length > 0) {
    checkAborted(signal);
    const current = pending.pop() as string;
    let real: string;
    let entries: string[];
    try {
      real = await realpath(current);
      // A symbolic link back up the tree would otherwise loop forever.
      if (visited.has(real)) continue;
      visited.add(real);
      entries = await readdir(current);
    } catch (error) {
      if (current === folder) throw unreadable(given, `cannot be listed: ${describe(error)}`, error);
      continue;
    }
    for (const name of entries) {
      if (name.startsWith('.')) continue;
      const child = join(current, name);
      let info: Stats;
      try {
        info = await stat(child);
      } catch {
        // Dangling links and files removed while walking are not the user's documents.
        continue;
      }
      if (info.isDirectory()) pending.push(child);
      else if (info.isFile()) files.push({ absolutePath: child, size: info.size });
    }
  }
  return files;
}

async function statOrThrow(absolutePath: string, given: string): Promise<Stats> {
  try {
    return await stat(absolutePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'does not exist' : `cannot be accessed: ${describe(error)}`;
    throw unreadable(given, message, error);
  }
}

function unreadable(path: string, message: string, cause?: unknown): ConsultantError {
  return new ConsultantError('DOCUMENT_UNREADABLE', `Document ${JSON.stringify(path)} ${message}`, {
    details: { path },
    ...(cause === undefined ? {} : { cause }),
  });
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError('Loading documents was cancelled', { cause: signal.reason });
}

function toPosix(path: string): string {
  return sep === '\\' ? path.replace(/\\/g, '/') : path;
}

/** Locale-independent, so the order is the same on every machine. */
function compareCodeUnits(left: string, right: string): number {
  if (left < right) return -1;
  return left > right ? 1 : 0;
}
